import { relative } from 'node:path';
import { bold, cyan, dim, yellow } from 'kolorist';
import { type Options, hasWorkerCount } from '../options/types.js';
import type { GeneratedFile } from '../render/types.js';

/** The generated files as a tree, directories first. */
export function fileTree(files: GeneratedFile[]): string {
  interface Node {
    [name: string]: Node;
  }
  const root: Node = {};
  for (const file of files) {
    let node = root;
    for (const part of file.path.split('/')) node = node[part] ??= {};
  }
  const lines: string[] = [];
  const walk = (node: Node, prefix: string) => {
    const names = Object.keys(node).sort((a, b) => {
      const dirs = Number(Object.keys(node[b] as Node).length > 0) - Number(Object.keys(node[a] as Node).length > 0);
      return dirs || a.localeCompare(b);
    });
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      const child = node[name] as Node;
      const isDir = Object.keys(child).length > 0;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${name}${isDir ? '/' : ''}`);
      if (isDir) walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines.join('\n');
}

export function summary(o: Options): string {
  const rows: [string, string][] = [
    ['directory', o.directory],
    ['layout', o.layout],
    ['dependencies', o.deps === 'pip' ? 'pip (requirements.txt)' : 'Poetry 2 (pyproject.toml, multi-stage export)'],
    ['process', o.process + (o.workers !== undefined ? `, ${o.workers} workers` : hasWorkerCount(o.process) ? ', workers from the CPU count' : '')],
    ['proxy', o.proxy ? `yes, trusting ${o.forwardedAllowIps}` : 'no (X-Forwarded-* ignored)'],
    ['python', o.python],
    ['port', String(o.port)],
    ['image tag', o.tag],
  ];
  if (o.baseImage) rows.push(['base image', o.baseImage]);
  if (o.indexUrl) rows.push(['package index', o.indexUrl]);
  if (o.pins.length) rows.push(['pins', o.pins.join(' ')]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${dim(k.padEnd(width))}${v}`).join('\n');
}

export function nextSteps(o: Options, cwd: string, built: boolean): string {
  const dir = relative(cwd, o.directory) || '.';
  const name = o.tag.split('/').at(-1)?.split(':')[0];
  const base = `http://127.0.0.1${o.port === 80 ? '' : `:${o.port}`}`;
  return [
    ...(dir === '.' ? [] : [`cd ${dir}`]),
    ...(built ? [] : [`docker build -t ${o.tag} .`]),
    `docker run -d --name ${name} --restart unless-stopped -p ${o.port}:${o.port} ${o.tag}`,
    '',
    `Then open ${cyan(`${base}/items/5?q=somequery`)}, ${cyan(`${base}/docs`)} and ${cyan(`${base}/redoc`)}.`,
    dim('--restart unless-stopped starts it again after a crash or a reboot.'),
  ].join('\n');
}

export const warnLine = (text: string): string => `${yellow(bold('warning'))} ${text}`;
