// Debian root file systems (trixie, sid) made with debootstrap, cached in the cache dir.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, log, run, runAsync, tryRun } from './util.js';

export const MIRROR = 'http://deb.debian.org/debian';

/** Packages every root is bootstrapped with (debootstrap's resolver copes with these). */
export const BOOTSTRAP_INCLUDE = ['python3', 'python3-pip', 'python3-venv', 'python-is-python3', 'ca-certificates'];

export const STAMP = '.cfd-e2e-stamp';

const CHROOT_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8', HOME: '/root' };

/** A long command that fetches from the archive, run without blocking the event loop (so two roots can be built at once). */
async function runLong(cmd: string, args: string[], what: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const r = await runAsync(cmd, args, { env, hostNetwork: true });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
}

/** Run a command inside a root with chroot. */
export function chroot(root: string, args: string[], what?: string): string {
  return run('chroot', [root, ...args], { what: what ?? `chroot ${args.join(' ')}`, env: CHROOT_ENV });
}

export const readStamp = (dir: string): string => (existsSync(join(dir, STAMP)) ? readFileSync(join(dir, STAMP), 'utf8') : '');

/**
 * A minbase root of `suite` at `dir` with BOOTSTRAP_INCLUDE, then `extra` installed by apt inside it
 * (debootstrap's own resolver fails on virtual packages). With `from`, the root starts as a copy of
 * that (finished) root instead of a new debootstrap. Cached: rebuilt only if its inputs changed or the
 * last build did not finish. Resolves to true if it was (re)built. `include` replaces BOOTSTRAP_INCLUDE for a root
 * that needs no Python (the engine's).
 */
export async function ensureRoot(dir: string, suite: string, extra: string[], from?: string, include = BOOTSTRAP_INCLUDE): Promise<boolean> {
  const want = [suite, ...include, '|', ...extra, '|', from ? readStamp(from) : ''].join(' ');
  if (readStamp(dir) === want) return false;
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  if (from) {
    log(`copying ${from} to ${dir}`);
    const copy = await runAsync('cp', ['-a', from, dir]);
    if (copy.status !== 0) fail(`copying ${from} failed: ${copy.stderr.trim()}`);
    rmSync(join(dir, STAMP), { force: true });
  } else {
    log(`debootstrap --variant=minbase ${suite} ${dir} (one to two minutes)`);
    await runLong('debootstrap', ['--variant=minbase', `--include=${include.join(',')}`, suite, dir, MIRROR], `debootstrap ${suite} into ${dir}`);
  }
  if (extra.length) {
    copyFileSync('/etc/resolv.conf', join(dir, 'etc/resolv.conf'));
    // sid's Release file is past its Valid-Until date on the archive reached here; debootstrap does not check it, apt does.
    if (suite === 'sid') writeFileSync(join(dir, 'etc/apt/apt.conf.d/99cfd-e2e-no-valid-until'), 'Acquire::Check-Valid-Until "false";\n');
    log(`apt-get install in ${dir}: ${extra.join(' ')}`);
    await runLong('chroot', [dir, 'apt-get', 'update'], `apt-get update in ${dir}`, CHROOT_ENV);
    await runLong('chroot', [dir, 'apt-get', 'install', '-y', '--no-install-recommends', ...extra], `apt-get install ${extra.join(' ')} in ${dir}`, CHROOT_ENV);
    chroot(dir, ['apt-get', 'clean']);
  }
  // The official python images have no EXTERNALLY-MANAGED marker; pip refuses to install with it.
  const marker = tryRun('sh', ['-c', `ls ${dir}/usr/lib/python3.*/EXTERNALLY-MANAGED 2>/dev/null`]).stdout.trim();
  for (const m of marker.split('\n').filter(Boolean)) rmSync(m);
  if (include.includes('python3') && !existsSync(join(dir, 'usr/bin/python3'))) fail(`root ${dir} has no python3 after debootstrap`);
  writeFileSync(join(dir, STAMP), want);
  return true;
}
