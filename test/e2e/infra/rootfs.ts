// Debian trixie root file systems made with debootstrap, cached in the cache dir.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, log, run, runAsync, tryRun } from './util.js';

export const SUITE = 'trixie';
export const MIRROR = 'http://deb.debian.org/debian';

/** Packages every root is bootstrapped with (debootstrap's resolver copes with these). */
export const BOOTSTRAP_INCLUDE = ['python3', 'python3-pip', 'python3-venv', 'python-is-python3', 'ca-certificates'];

const STAMP = '.cfd-e2e-stamp';

const CHROOT_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8', HOME: '/root' };

/** A long command, run without blocking the event loop (so two roots can be built at once). */
async function runLong(cmd: string, args: string[], what: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const r = await runAsync(cmd, args, { env });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
}

/** Run a command inside a root with chroot. */
export function chroot(root: string, args: string[], what?: string): string {
  return run('chroot', [root, ...args], {
    what: what ?? `chroot ${args.join(' ')}`,
    env: CHROOT_ENV,
  });
}

/**
 * A trixie minbase root at `dir` with `BOOTSTRAP_INCLUDE`, then `extra` installed
 * by apt inside it (debootstrap's own resolver fails on virtual packages).
 * Cached: rebuilt only if the package list changed or the last build did not finish.
 * Resolves to true if it was (re)built.
 */
export async function ensureRoot(dir: string, extra: string[]): Promise<boolean> {
  const want = [...BOOTSTRAP_INCLUDE, '|', ...extra].join(' ');
  const stamp = join(dir, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  log(`debootstrap --variant=minbase ${SUITE} ${dir} (about a minute)`);
  await runLong('debootstrap', ['--variant=minbase', `--include=${BOOTSTRAP_INCLUDE.join(',')}`, SUITE, dir, MIRROR], `debootstrap ${SUITE} into ${dir}`);
  if (extra.length) {
    copyFileSync('/etc/resolv.conf', join(dir, 'etc/resolv.conf'));
    log(`apt-get install in ${dir}: ${extra.join(' ')}`);
    await runLong('chroot', [dir, 'apt-get', 'update'], `apt-get update in ${dir}`, CHROOT_ENV);
    await runLong('chroot', [dir, 'apt-get', 'install', '-y', '--no-install-recommends', ...extra], `apt-get install ${extra.join(' ')} in ${dir}`, CHROOT_ENV);
    chroot(dir, ['apt-get', 'clean']);
  }
  // The official python images have no EXTERNALLY-MANAGED marker; pip refuses to install with it.
  const marker = tryRun('sh', ['-c', `ls ${dir}/usr/lib/python3.*/EXTERNALLY-MANAGED 2>/dev/null`]).stdout.trim();
  for (const m of marker.split('\n').filter(Boolean)) rmSync(m);
  if (!existsSync(join(dir, 'usr/bin/python3'))) fail(`root ${dir} has no python3 after debootstrap`);
  writeFileSync(stamp, want);
  return true;
}
