import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A registry on 127.0.0.1 that knows one package: the packed tarball under test.
 *
 * Every package manager's `create`/`exec`/`dlx` is pointed at it, so each one resolves, downloads, verifies and
 * installs the tarball exactly as it would from the public registry. Anything else it is asked for is a 404, which
 * also proves the tarball needs nothing else: a single runtime dependency would make every install fail.
 */
export interface LocalRegistry {
  url: string;
  /** Paths requested, in order, with the status served (for failure messages). */
  log: string[];
  close(): Promise<void>;
}

/** package.json out of a .tgz (a ustar archive, gzipped), without a tar dependency. */
export function manifestFromTarball(tgz: Buffer): Record<string, unknown> {
  const tar = gunzipSync(tgz);
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = Number.parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const body = offset + 512;
    if (name === 'package/package.json') return JSON.parse(tar.subarray(body, body + size).toString('utf8'));
    offset = body + Math.ceil(size / 512) * 512;
  }
  throw new Error('package/package.json not found in the tarball');
}

export async function startRegistry(tarballPath: string): Promise<LocalRegistry> {
  const tgz = readFileSync(tarballPath);
  const manifest = manifestFromTarball(tgz);
  const name = String(manifest.name);
  const version = String(manifest.version);
  const file = `${name.split('/').pop()}-${version}.tgz`;
  const log: string[] = [];
  const published = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const base = `http://${req.headers.host}`;
    let status = 404;
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === `/${name}`) {
        status = 200;
        const packument = {
          _id: name,
          name,
          'dist-tags': { latest: version },
          versions: {
            [version]: {
              ...manifest,
              _id: `${name}@${version}`,
              dist: {
                tarball: `${base}/${name}/-/${file}`,
                shasum: createHash('sha1').update(tgz).digest('hex'),
                integrity: `sha512-${createHash('sha512').update(tgz).digest('base64')}`,
              },
            },
          },
          time: { created: published, modified: published, [version]: published },
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(packument));
      } else if (path === `/${name}/-/${file}`) {
        status = 200;
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tgz.length });
        res.end(req.method === 'HEAD' ? undefined : tgz);
      }
    }
    log.push(`${req.method} ${path} ${status}`);
    if (status === 404) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
