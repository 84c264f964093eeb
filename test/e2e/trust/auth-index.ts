// A package index that demands a login: a proxy on 127.0.0.1 in front of the suite's index, which answers 401 to a
// request without the right Basic credentials. It proves that a build reaches a private index only through the
// BuildKit secret, and counts the requests it refused and served.
import { type Server, createServer } from 'node:http';
import { freePort } from '../infra/index.js';

export interface AuthIndex {
  /** The index URL with the credentials in it, as a user would give --index-url. */
  urlWithCredentials: string;
  port: number;
  refused: number;
  served: number;
  stop(): Promise<void>;
}

export async function startAuthIndex(upstream: string, user: string, password: string): Promise<AuthIndex> {
  const port = await freePort();
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const upstreamUrl = new URL(upstream);
  const state = { refused: 0, served: 0 };
  const server: Server = createServer(async (req, res) => {
    if (req.headers.authorization !== expected) {
      state.refused++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="cfd-e2e"' }).end('login required\n');
      return;
    }
    state.served++;
    const answer = await fetch(new URL(req.url ?? '/', upstreamUrl.origin));
    res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const path = upstreamUrl.pathname;
  return {
    urlWithCredentials: `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}${path}`,
    port,
    get refused() {
      return state.refused;
    },
    get served() {
      return state.served;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
