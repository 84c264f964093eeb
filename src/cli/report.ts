import { relative, resolve } from 'node:path';
import { bold, cyan, dim, yellow } from 'kolorist';
import type { WritePlan } from '../io/plan.js';
import { requirementText } from '../options/grammar/pep508.js';
import { type Options, hasWorkerCount } from '../options/types.js';
import { buildCommand, runCommand } from '../render/commands.js';
import { toolOf } from '../render/deps/index.js';
import { shellCommand, shellWord } from '../render/escape.js';
import { imageTag, localUrl } from '../render/names.js';
import type { GeneratedFile } from '../render/types.js';

/** The generated files as a tree, directories first. */
export function fileTree(files: readonly GeneratedFile[], mark: (file: GeneratedFile) => string = () => ''): string {
  interface Node {
    children: Map<string, Node>;
    file?: GeneratedFile;
  }
  const root: Node = { children: new Map() };
  for (const file of files) {
    let node = root;
    for (const part of file.path.split('/')) {
      if (!node.children.has(part)) node.children.set(part, { children: new Map() });
      node = node.children.get(part) as Node;
    }
    node.file = file;
  }
  const lines: string[] = [];
  const walk = (node: Node, prefix: string) => {
    const names = [...node.children.keys()].sort((a, b) => {
      const dirs = Number((node.children.get(b) as Node).children.size > 0) - Number((node.children.get(a) as Node).children.size > 0);
      return dirs || (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
    });
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      const child = node.children.get(name) as Node;
      const isDir = child.children.size > 0;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${name}${isDir ? '/' : ''}${child.file ? mark(child.file) : ''}`);
      if (isDir) walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines.join('\n');
}

const MARKS = { create: '', same: '  (replaced, unchanged)', replace: '  (replaced; the current one is backed up)', delete: '  (removed; backed up)' } as const;

/** --dry-run: the tree with what each file would do, and the Dockerfile. */
export function dryRunReport(plan: WritePlan, overwrite: boolean): string {
  const marked = (f: GeneratedFile) => MARKS[plan.files.find((p) => p.path === f.path)?.action ?? 'create'];
  const touched = plan.files.filter((f) => f.action !== 'create').length;
  const lines = [`Dry run: nothing was written. ${plan.files.length} files would go to ${plan.target}:`, '', fileTree(plan.files, marked)];
  if (plan.exists && touched && !overwrite) lines.push('', `The directory is not empty: the real run needs --overwrite, which replaces the ${touched} marked file${touched === 1 ? '' : 's'} and nothing else.`);
  lines.push('', 'Dockerfile:', plan.files.find((f) => f.path === 'Dockerfile')?.content ?? '');
  return lines.join('\n');
}

export function summary(o: Options): string {
  const rows: [string, string][] = [
    ['directory', o.directory],
    ['layout', o.layout],
    ['dependencies', toolOf(o).summary],
    ['process', o.process + (o.workers !== undefined ? `, ${o.workers} workers` : hasWorkerCount(o.process) ? ', workers from the CPU quota' : '')],
    ['proxy', proxyRow(o)],
    ['python', o.python],
    ['port', String(o.port)],
    ['image tag', imageTag(o)],
    ['deployment', deploymentFiles(o)],
  ];
  if (o.baseImage) rows.push(['base image', o.baseImage.ref]);
  if (o.indexUrl) rows.push(['package index', `${o.indexUrl.url}${o.indexUrl.credentials ? ' (credentials: a build secret, in no file)' : ''}`]);
  if (o.pins.length) rows.push(['pins', o.pins.map(requirementText).join(' ')]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${dim(k.padEnd(width))}${v}`).join('\n');
}

/** Whom the app trusts for X-Forwarded-*, as each way of running it sets it: compose.yaml overrides the image's list. */
export function proxyRow(o: Options): string {
  if (!o.proxy) return 'no (X-Forwarded-* ignored)';
  const list = `trusting ${o.forwardedAllowIps}`;
  if (!o.compose) return `yes, ${list}`;
  return `yes; under Compose trusting Caddy alone (the subnet of the network it shares with Caddy only, read at start), elsewhere (docker run${o.kubernetes ? ', k8s/' : ''}) ${list}`;
}

function deploymentFiles(o: Options): string {
  const files = [
    ...(o.compose ? ['compose.yaml', ...(o.proxy ? [`Caddyfile for https://${o.domain}`] : [])] : []),
    ...(o.kubernetes ? ['k8s/'] : []),
  ];
  return files.length ? files.join(', ') : 'none (the Dockerfile alone)';
}

/** `unlocked`: the tool's lock file (uv.lock) is still to be made, by the user, before the build. */
export function nextSteps(o: Options, cwd: string, built: boolean, unlocked = false): string {
  const dir = relative(cwd, resolve(cwd, o.directory)) || '.';
  const base = localUrl(o);
  const lock = toolOf(o).lock;
  return [
    ...(dir === '.' ? [] : [`cd ${shellWord(dir)}`]),
    ...(unlocked && lock ? [`${shellCommand(lock.command)}   ${dim(`# writes ${lock.path}; install ${lock.install.name} first (${lock.install.url})`)}`] : []),
    ...(built ? [] : [buildCommand(o)]),
    runCommand(o),
    '',
    `Then open ${cyan(`${base}/items/5?q=somequery`)}, ${cyan(`${base}/docs`)} and ${cyan(`${base}/redoc`)}.`,
    dim('--restart unless-stopped starts it again after a crash or a reboot.'),
    ...(o.compose
      ? ['', `Or with Compose: ${cyan('docker compose up -d --wait')}${o.proxy ? `, then ${cyan(`https://${o.domain}/docs`)} through Caddy` : ''}; ${cyan('docker compose watch')} for the dev loop.`]
      : []),
    ...(o.kubernetes ? ['', `On a cluster: push the image, then ${cyan('kubectl apply -k k8s/')} (the README says what to set first).`] : []),
  ].join('\n');
}

export const warnLine = (text: string): string => `${yellow(bold('warning'))} ${text}`;
