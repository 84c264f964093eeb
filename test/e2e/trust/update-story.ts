// --update, as a user lives it, on the stand-ins: generate, edit (a route, a requirement, a Dockerfile line, a
// deleted .dockerignore), update to another process model and dependency tool, build and run it for real; then one
// conflicting edit, and the markers, the list and the exit code.
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../../helpers/run-cli.js';
import { dockerAsync, dockerBuild, runAsync, runDetached } from '../infra/index.js';
import { SUITE_ADDS } from '../infra/index-plan.js';
import { checkLogs } from '../matrix/logs.js';
import { type StandinContext, generate, standinFlags } from '../matrix/generate.js';
import { processes, request, serverProcesses, waitUntilServing } from '../matrix/probes.js';
import { Verdict } from '../matrix/verdict.js';

const ROUTE = `

@app.get("/ping")
def ping() -> dict[str, str]:
    import email_validator

    return {"ping": "pong", "email_validator": email_validator.__name__}
`;
/** A line a user adds to the Dockerfile; apt-get, without the network (the build must stay offline). */
const USER_LINE = 'RUN apt-get --version > /etc/apt-was-here';

const cli = (dir: string, args: string[]) => runAsync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });

export async function updateStory(ctx: StandinContext, port: number): Promise<Verdict> {
  const v = new Verdict('update story: pip/single → Poetry/Gunicorn');
  let dir = '';
  await v.step('generate pip + one Uvicorn, then edit it as a user would', async () => {
    const flags = standinFlags({ layout: 'single', deps: 'pip', process: 'single', proxy: false }, ctx, port);
    dir = await generate('update-story', ['--layout', 'single', '--deps', 'pip', '--process', 'single', ...flags]);
    appendFileSync(join(dir, 'main.py'), ROUTE);
    appendFileSync(join(dir, 'requirements.txt'), `${SUITE_ADDS.join('\n')}\n`);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace('\nRUN groupadd', `\n${USER_LINE}\n\nRUN groupadd`));
    rmSync(join(dir, '.dockerignore'));
  });
  if (v.failures.length) return v;

  await v.step('update to Poetry and Gunicorn', async () => {
    const r = await cli(dir, ['--update', '--deps', 'poetry', '--process', 'gunicorn']);
    v.equal(r.status, 0, 'the update exits 0');
    v.check(/^ {2}kept {6}\.dockerignore: you deleted it, so it stays deleted$/m.test(r.stdout), 'it says .dockerignore stays deleted', r.stdout);
    v.check(/email-validator/.test(readFileSync(join(dir, 'pyproject.toml'), 'utf8')), 'the added requirement moved into pyproject.toml');
    v.check(readFileSync(join(dir, 'Dockerfile'), 'utf8').includes(USER_LINE), 'the Dockerfile keeps the user\'s line');
    v.check(!existsSync(join(dir, '.dockerignore')), '.dockerignore is still deleted');
    console.log(`update story, the run's report:\n${r.stdout.trim()}`);
  });
  if (v.failures.length) return v;

  await v.step('build and run the updated project', async () => {
    const tag = 'cfd-e2e/update-story';
    await dockerBuild(dir, { tag }, readFileSync(join(dir, 'Dockerfile'), 'utf8'));
    const c = await runDetached(tag);
    try {
      await waitUntilServing(c, port);
      checkLogs(v, await c.logs(), 'after the start');
      const ping = await request(port, '/ping');
      v.equal(ping.body, '{"ping":"pong","email_validator":"email_validator"}', "the user's route answers, with the requirement they added installed");
      v.equal((await request(port, '/items/5?q=somequery')).body, '{"item_id":5,"q":"somequery"}', 'the generated routes answer');
      const { master } = serverProcesses(await processes(c));
      v.check(Boolean(master?.cmd.includes('gunicorn')), 'Gunicorn serves it now', master?.cmd);
      const ran = await dockerAsync(['exec', c.id, 'cat', '/etc/apt-was-here']);
      v.check(ran.status === 0 && /apt/.test(ran.stdout), "the user's Dockerfile line ran in the build", ran.stdout.trim().split('\n')[0]);
      checkLogs(v, await c.logs(), 'after the requests');
    } finally {
      await c.remove();
    }
  });

  await v.step('a conflicting edit: markers, the list, exit code 1', async () => {
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace(/^(CMD \[.*)\]$/m, '$1, "--log-level", "debug"]'));
    const r = await cli(dir, ['--update', '--process', 'workers']);
    v.equal(r.status, 1, 'the update exits 1');
    v.check(/^ {2}CONFLICT {2}Dockerfile$/m.test(r.stdout), 'the conflict is listed', r.stdout);
    v.check(r.stderr.includes('conflict one file needs your merge (<<<<<<< markers): Dockerfile'), 'and named at the end', r.stderr);
    const merged = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    v.check(/<<<<<<< your version\n[\s\S]*"--log-level", "debug"\][\s\S]*\n=======\n[\s\S]*"uvicorn"[\s\S]*\n>>>>>>> create-fastapi-docker /.test(merged), 'git-style markers, each side labelled');
  });
  return v;
}
