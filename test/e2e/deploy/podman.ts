// Debian's podman, run in the deploy root inside a mount and network namespace of its own: the root's
// bind mounts, netavark's bridge, its nftables rules and ip_forward all live and die with that namespace,
// so nothing on the host changes. The namespace is held by one `sleep` this module starts and stops by pid.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { docker } from '../infra/engine.js';
import { onCleanup } from '../infra/sandbox.js';
import { type RunResult, fail, removeEmptyDirs, sleep, tryRun } from '../infra/util.js';

const CHROOT_ENV = ['env', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'PODMAN_IGNORE_CGROUPSV1_WARNING=1'];
const CGROUP_ROOT = '/sys/fs/cgroup';

/** podman's cgroupfs parent in each controller, which it creates on the host's cgroup tree. */
const podmanCgroups = (): string[] =>
  existsSync(CGROUP_ROOT) ? readdirSync(CGROUP_ROOT).map((c) => join(CGROUP_ROOT, c, 'libpod_parent')).filter((p) => existsSync(p)) : [];

export class PodmanSession {
  /** Drops this session from the run's clean-ups (sandbox.ts), which stop it if the run ends first. */
  private forget: () => void = () => {};

  private constructor(
    readonly root: string,
    /** The pid of the `sleep` that holds the namespaces. */
    readonly holder: number,
    private readonly cgroupsBefore: string[],
  ) {}

  static async start(root: string): Promise<PodmanSession> {
    const cgroupsBefore = podmanCgroups();
    const script = [
      'set -e',
      `mount --bind "${root}" "${root}"`,
      `mount -t proc proc "${root}/proc"`,
      `mount --rbind /sys "${root}/sys"`,
      `mount --rbind /dev "${root}/dev"`,
      `mount -t tmpfs tmpfs "${root}/run"`,
      'ip link set lo up',
      'echo "ready $$"',
      'exec sleep infinity',
    ].join('\n');
    const child = spawn('unshare', ['--mount', '--net', '--fork', 'sh', '-c', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.unref();
    for (let i = 0; i < 100 && !/ready \d+/.test(out); i++) await sleep(100);
    const holder = Number(/ready (\d+)/.exec(out)?.[1]);
    if (!holder) fail(`could not make the podman namespace: ${out.trim()}`);
    const session = new PodmanSession(root, holder, cgroupsBefore);
    session.forget = onCleanup(() => session.stop());
    return session;
  }

  /** `podman ARGS` in the root, inside the namespace. */
  podman(args: string[]): RunResult {
    return tryRun('nsenter', ['-t', String(this.holder), '-m', '-n', 'chroot', this.root, ...CHROOT_ENV, 'podman', ...args]);
  }

  /** A command of the host (curl, for one) in the namespace's network only: it reaches the pods. */
  inNetwork(command: string, args: string[]): RunResult {
    return tryRun('nsenter', ['-t', String(this.holder), '-n', command, ...args]);
  }

  /**
   * A command inside a running container, entered from the host with nsenter (its mount, pid and network
   * namespaces, its root, as uid and gid 10001). Not `podman exec`: from this chroot, runc's exec lands in
   * the host's root file system instead of the container's, so it is never used here.
   */
  inContainer(pid: number, args: string[], user = '10001'): RunResult {
    return tryRun('nsenter', ['-t', String(pid), '-m', '-p', '-n', '-r', '-w', '-S', user, '-G', user, ...args]);
  }

  /** Moves an image from the private Docker engine into podman's storage. */
  loadImage(image: string): string {
    const tar = join(this.root, 'tmp', `cfd-image-${process.pid}.tar`);
    try {
      docker(['save', '-o', tar, image], { what: `docker save ${image}` });
      const r = this.podman(['load', '-i', `/tmp/cfd-image-${process.pid}.tar`]);
      if (r.status !== 0) fail(`podman load of ${image} failed: ${r.stderr.trim().split('\n').at(-1)}`);
      return r.stdout.match(/Loaded image: (\S+)/)?.[1] ?? image;
    } finally {
      tryRun('rm', ['-f', tar]);
    }
  }

  /** Removes every pod, image and volume in the root's storage, ends the namespace, and removes podman's empty cgroups. */
  async stop(): Promise<void> {
    this.forget();
    this.podman(['pod', 'rm', '--force', '--all']);
    this.podman(['volume', 'rm', '--force', '--all']);
    this.podman(['rmi', '--force', '--all']);
    try {
      process.kill(this.holder, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 50 && tryRun('kill', ['-0', String(this.holder)]).status === 0; i++) await sleep(100);
    for (const dir of podmanCgroups()) if (!this.cgroupsBefore.includes(dir)) removeEmptyDirs(dir);
  }
}
