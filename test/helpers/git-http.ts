import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttp {
  /** The smart-HTTP URL of a repository under the project root, e.g. url('gitops.git'). */
  url(repoName: string): string;
  stop(): Promise<void>;
}

/**
 * The repositories under `projectRoot` over smart HTTP, as a git host serves them: a Node HTTP server running
 * `git http-backend` as CGI per request. With `user` and `password`, every request needs that basic auth
 * (and pushes are allowed, as http-backend allows them to an authenticated user); without, pushes are open.
 */
export async function startGitHttp(options: {
  projectRoot: string;
  user?: string;
  password?: string;
}): Promise<GitHttp> {
  const expected =
    options.user !== undefined
      ? `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`
      : undefined;
  const server = createServer((req, res) => {
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end();
      return;
    }
    serve(req, res, options.projectRoot, options.user);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (repoName) => `http://127.0.0.1:${port}/${repoName}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One CGI run of http-backend: the request body in, the CGI headers turned into the HTTP status and headers. */
function serve(req: IncomingMessage, res: ServerResponse, projectRoot: string, user: string | undefined): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    // Without a user, pushes are allowed anyway (a test remote); http-backend otherwise refuses them.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...(user !== undefined && { REMOTE_USER: user }),
    ...(header('content-type') && { CONTENT_TYPE: header('content-type') }),
    ...(header('content-length') && { CONTENT_LENGTH: header('content-length') }),
    ...(header('content-encoding') && { HTTP_CONTENT_ENCODING: header('content-encoding') }),
    ...(header('git-protocol') && { GIT_PROTOCOL: header('git-protocol') }),
  };
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let head = Buffer.alloc(0);
  let headersSent = false;
  let stderr = '';
  cgi.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end =
      head.indexOf('\r\n\r\n') >= 0
        ? head.indexOf('\r\n\r\n') + 4
        : head.indexOf('\n\n') >= 0
          ? head.indexOf('\n\n') + 2
          : -1;
    if (end < 0) return;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersSent = true;
    res.write(head.subarray(end));
  });
  cgi.on('close', (code) => {
    if (!headersSent)
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`git http-backend exited with ${code}: ${stderr}`);
    else res.end();
  });
  cgi.stdin.on('error', () => undefined); // the backend may answer before reading all of a refused request
  req.pipe(cgi.stdin);
}
