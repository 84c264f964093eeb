// Debian packages on the host (apt), installed only when missing.
import { existsSync, statSync } from 'node:fs';
import { log, run, tryRun } from './util.js';

function isInstalled(pkg: string): boolean {
  const r = tryRun('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** apt-get update, but only if the lists look absent or older than a day. */
function aptUpdateIfNeeded(): boolean {
  const lists = '/var/lib/apt/lists';
  const marker = `${lists}/partial`;
  let fresh = false;
  if (existsSync(marker)) {
    const r = tryRun('sh', ['-c', `ls ${lists}/*_Packages 2>/dev/null | head -n 1`]);
    const first = r.stdout.trim();
    if (first) fresh = Date.now() - statSync(first).mtimeMs < 24 * 3600 * 1000;
  }
  if (fresh) return false;
  log('apt-get update');
  run('apt-get', ['update'], { what: 'apt-get update', hostNetwork: true });
  return true;
}

/** Install any of `pkgs` that are missing. Returns the ones it installed. */
export function ensureAptPackages(pkgs: string[]): string[] {
  const missing = pkgs.filter((p) => !isInstalled(p));
  if (missing.length === 0) return [];
  aptUpdateIfNeeded();
  log(`apt-get install -y ${missing.join(' ')}`);
  run('apt-get', ['install', '-y', ...missing], {
    what: `apt-get install ${missing.join(' ')}`,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    hostNetwork: true,
  });
  return missing;
}
