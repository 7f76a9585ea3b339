/**
 * A static file server for one folder (what `nnspec playground` serves): GET and HEAD only, the
 * files' MIME types (`.wasm` as `application/wasm`, which WebAssembly's streaming compile
 * requires), `index.html` for `/`, and 404 for everything else: no directory listings, and no
 * path that leaves the folder (`..`, encoded or not, or a symbolic link pointing out). Node-only.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** The MIME type of each file extension served; other files are `application/octet-stream`. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT/`. */
  url: string;
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Options of {@link serveFolder}. */
export interface ServeOptions {
  /** 0 picks any free port. */
  port: number;
  /** Default `127.0.0.1`: the page is for this machine, not the network. */
  host?: string;
}

/** Listening failed because the port is taken (`EADDRINUSE`) or not ours to take (`EACCES`). */
export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    readonly reason: 'in use' | 'not permitted',
  ) {
    super(`port ${port} is ${reason === 'in use' ? 'in use' : 'not permitted'}`);
    this.name = 'PortUnavailableError';
  }
}

/**
 * The file a request path names inside `root` (a real path), or undefined when it names none:
 * outside the root, not a file, or unreadable. `/` is `index.html`.
 */
export async function resolveRequestFile(root: string, requestUrl: string): Promise<string | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  const wanted = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  if (!isInside(root, wanted)) return undefined;
  try {
    // The real path, so that a symbolic link inside the folder cannot point outside it.
    const real = await realpath(wanted);
    if (!isInside(root, real)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function notFound(response: ServerResponse, status = 404, text = 'not found'): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  response.end(`${text}\n`);
}

async function handle(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    notFound(response, 405, 'method not allowed');
    return;
  }
  const file = await resolveRequestFile(root, request.url ?? '/');
  if (file === undefined) {
    notFound(response);
    return;
  }
  const size = (await stat(file)).size;
  response.writeHead(200, {
    'content-type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(size),
    'x-content-type-options': 'nosniff',
    // A rebuilt playground shows at the next reload.
    'cache-control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}

/**
 * Serves `folder` on `host:port` until closed.
 *
 * @throws PortUnavailableError when the port is in use or not permitted.
 */
export async function serveFolder(folder: string, options: ServeOptions): Promise<StaticServer> {
  const root = await realpath(folder);
  const server: Server = createServer((request, response) => {
    handle(root, request, response).catch(() => {
      if (!response.headersSent) notFound(response, 500, 'internal error');
      else response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortUnavailableError(options.port, 'in use'));
      else if (error.code === 'EACCES') reject(new PortUnavailableError(options.port, 'not permitted'));
      else reject(error);
    });
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
