import { type Options, runsGunicorn } from '../../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS } from '../../runtime-limits.js';
import { OFFICIAL_IMAGE } from '../../versions.js';
import type { LintIgnore, Step } from './model.js';

/** Small typed pieces of a Dockerfile; compose.ts puts them in order for each combination. */

export const UID = '10001';

export const workdirOf = (o: Options): string => (o.process === 'official-image' ? '/app' : '/code');

/** Where the image keeps prestart.sh: the official image's start script looks in /app. */
export const prestartPath = (o: Options): string => `${workdirOf(o)}/prestart.sh`;

export const finalImage = (o: Options): string =>
  o.baseImage?.ref ?? (o.process === 'official-image' ? `${OFFICIAL_IMAGE}:python${o.python}-slim` : `python:${o.python}-slim`);

export const appModule = (o: Options): string => (o.layout === 'single' ? 'main:app' : 'app.main:app');

export const from = (image: string, as?: string, comment?: string[], ignores?: LintIgnore[]): Step => ({
  comment,
  ignores,
  instruction: { op: 'FROM', image, as },
});

export const workdir = (path: string, comment?: string[]): Step => ({ comment, instruction: { op: 'WORKDIR', path } });

export const pythonEnv = (): Step => ({
  comment: ['Logs reach `docker logs` at once; Python writes no .pyc files at run time, and pip checks for no new version.'],
  instruction: {
    op: 'ENV',
    vars: [
      ['PYTHONUNBUFFERED', '1'],
      ['PYTHONDONTWRITEBYTECODE', '1'],
      ['PIP_DISABLE_PIP_VERSION_CHECK', '1'],
    ],
  },
});

export const createUser = (): Step => ({
  comment: ['The server runs as this unprivileged user (numeric, so runAsNonRoot in Kubernetes can check it).'],
  instruction: {
    op: 'RUN',
    commands: [
      ['groupadd', '--system', '--gid', UID, 'app'],
      ['useradd', '--system', '--uid', UID, '--gid', 'app', '--no-create-home', 'app'],
    ],
  },
});

export function runtimeFiles(o: Options): Step[] {
  if (o.process === 'official-image') {
    return [
      {
        comment: ["prestart.sh: the base image's start script runs /app/prestart.sh before Gunicorn."],
        instruction: { op: 'COPY', sources: ['./prestart.sh'], dest: prestartPath(o) },
      },
    ];
  }
  if (o.process === 'single') {
    return [
      {
        comment: ['prestart.sh runs once, before the server: a one-off Compose service, or a Kubernetes init container.'],
        instruction: { op: 'COPY', sources: ['./prestart.sh'], dest: prestartPath(o) },
      },
    ];
  }
  const sources = o.process === 'gunicorn' ? ['./gunicorn_conf.py', './docker-entrypoint.sh'] : ['./docker-entrypoint.sh'];
  return [
    {
      comment: ['Start-up files; the entrypoint runs prestart.sh before the server.'],
      instruction: { op: 'COPY', sources: [...sources, './prestart.sh'], dest: '/code/' },
    },
  ];
}

export function copyApp(o: Options): Step {
  const dir = workdirOf(o);
  const comment = ['The code changes most often, so it comes last: everything above stays cached.'];
  if (o.layout === 'single') return { comment, instruction: { op: 'COPY', sources: ['./main.py'], dest: `${dir}/main.py` } };
  return { comment, instruction: { op: 'COPY', sources: ['./app'], dest: `${dir}/app` } };
}

export function serverEnv(o: Options): Step[] {
  const vars: [string, string][] = [];
  const comment: string[] = [];
  if (o.process === 'official-image') {
    vars.push(['PORT', String(o.port)], ['WORKER_CLASS', 'uvicorn_worker.UvicornWorker'], ['GUNICORN_CMD_ARGS', '--no-control-socket']);
    comment.push(
      "The base image's start script reads these; uvicorn.workers gave way to the uvicorn-worker package.",
      "No Gunicorn control socket (25.1 and later): its default place, the app user's home, does not exist; on a read-only root nothing is writable.",
    );
  }
  if (o.workers !== undefined) {
    vars.push(['WEB_CONCURRENCY', String(o.workers)]);
    comment.push('Worker processes; `docker run -e WEB_CONCURRENCY=N` overrides it.');
  }
  if (runsGunicorn(o.process)) {
    vars.push(['GRACEFUL_TIMEOUT', String(GRACEFUL_TIMEOUT_SECONDS)]);
    comment.push(
      `On docker stop, requests in flight may finish within ${GRACEFUL_TIMEOUT_SECONDS} s; then Gunicorn stops its workers. Inside Docker's 10 s and Kubernetes' 30 s.`,
    );
  }
  if (o.proxy) {
    vars.push(['FORWARDED_ALLOW_IPS', o.forwardedAllowIps ?? '']);
    comment.push(
      'Only these proxy addresses may set X-Forwarded-For/-Proto. Narrow it to your proxy, or override it at `docker run -e`.',
    );
  } else if (runsGunicorn(o.process)) {
    vars.push(['FORWARDED_ALLOW_IPS', '']);
    comment.push('Not behind a proxy: trust no X-Forwarded-* header, from any address.');
  }
  return vars.length ? [{ comment, instruction: { op: 'ENV', vars } }] : [];
}

export const runAsUser = (): Step => ({ instruction: { op: 'USER', user: `${UID}:${UID}` } });

export const expose = (o: Options): Step => ({ instruction: { op: 'EXPOSE', port: o.port } });

export const healthcheck = (o: Options): Step => ({
  comment: ['Slim images have no curl, so Python asks /health itself.'],
  instruction: {
    op: 'HEALTHCHECK',
    flags: ['--interval=15s', '--timeout=3s', '--start-period=10s', '--retries=3'],
    argv: ['python', '-c', `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${o.port}/health', timeout=2)`],
  },
});

export function command(o: Options): Step[] {
  const proxyFlag = o.proxy ? '--proxy-headers' : '--no-proxy-headers';
  const graceful = ['--timeout-graceful-shutdown', String(GRACEFUL_TIMEOUT_SECONDS)];
  const uvicorn = ['uvicorn', appModule(o), '--host', '0.0.0.0', '--port', String(o.port), proxyFlag, ...graceful];
  const entrypoint: Step = {
    comment: ['The entrypoint runs prestart.sh if present, then execs the CMD.'],
    instruction: { op: 'ENTRYPOINT', argv: ['sh', '/code/docker-entrypoint.sh'] },
  };
  switch (o.process) {
    case 'single':
      return [
        {
          comment: [
            'Exec form: uvicorn is PID 1 and gets the SIGTERM of `docker stop`. One process; replicate containers to scale.',
            `On SIGTERM it stops accepting; requests in flight may finish within ${GRACEFUL_TIMEOUT_SECONDS} s, inside Docker's 10 s.`,
          ],
          instruction: { op: 'CMD', argv: uvicorn },
        },
      ];
    case 'workers':
      return [
        entrypoint,
        {
          comment: [
            'Uvicorn starts WEB_CONCURRENCY workers and restarts any that die.',
            `On SIGTERM each stops accepting; requests in flight may finish within ${GRACEFUL_TIMEOUT_SECONDS} s, inside Docker's 10 s.`,
          ],
          instruction: { op: 'CMD', argv: uvicorn },
        },
      ];
    case 'gunicorn':
      return [
        entrypoint,
        {
          comment: ['Gunicorn manages the Uvicorn workers; gunicorn_conf.py sets their number, timeouts and logs.'],
          instruction: { op: 'CMD', argv: ['gunicorn', appModule(o), '--config', '/code/gunicorn_conf.py', '--bind', `0.0.0.0:${o.port}`] },
        },
      ];
    case 'official-image':
      return [
        {
          comment: ["The base image's start script: prestart.sh if present, then Gunicorn with the settings above."],
          instruction: { op: 'CMD', argv: ['/start.sh'] },
        },
      ];
  }
}
