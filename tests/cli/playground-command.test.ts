import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { CliUsageError } from '../../src/cli/io.js';
import { parsePortOption, runPlayground } from '../../src/cli/playground-run.js';
import { runNnspec } from './run-cli.js';

/** A built playground's shape: the page, a .wasm file, a data file, a sub-folder, and a secret beside the folder. */
function playgroundFolder(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'nnspec-playground-'));
  writeFileSync(path.join(parent, 'secret.txt'), 'outside\n');
  const folder = path.join(parent, 'playground');
  mkdirSync(path.join(folder, 'wasm'), { recursive: true });
  mkdirSync(path.join(folder, 'data'));
  writeFileSync(path.join(folder, 'index.html'), '<!doctype html><title>nnspec playground</title>\n');
  writeFileSync(path.join(folder, 'app.js'), 'export {};\n');
  writeFileSync(path.join(folder, 'wasm', 'tfjs-backend-wasm-simd.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(path.join(folder, 'data', 'iris.csv'), 'a,b\n1,2\n');
  symlinkSync(path.join(parent, 'secret.txt'), path.join(folder, 'link.txt'));
  return folder;
}

/** A CLI io whose Ctrl-C the test presses. */
function testIo(): CliIo & { out: string[]; interrupt: () => void } {
  let handler: (() => void) | undefined;
  const out: string[] = [];
  return {
    out,
    stdout: (text) => out.push(text),
    stderr: () => {},
    readStdin: async () => '',
    isTty: false,
    cwd: '.',
    env: {},
    onInterrupt: (listener) => {
      handler = listener;
      return () => {
        handler = undefined;
      };
    },
    interrupt: () => handler?.(),
  };
}

/** A raw GET (fetch would normalise `..` away before sending it). */
function get(url: string, pathname: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sent = request({ hostname, port, path: pathname, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'], body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('nnspec playground', () => {
  const folder = playgroundFolder();
  const io = testIo();
  let running: Promise<number>;
  let url = '';

  beforeAll(async () => {
    running = runPlayground({ port: '0' }, io, folder);
    while (io.out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    url = io.out[0]!.trim();
  });

  afterAll(async () => {
    io.interrupt();
    expect(await running).toBe(0);
  });

  it('prints one line, the URL on 127.0.0.1 with the port it got', () => {
    expect(io.out).toHaveLength(1);
    expect(io.out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(url.endsWith(':0/')).toBe(false);
  });

  it('serves the page and its files with their MIME types', async () => {
    const page = await get(url, '/');
    expect([page.status, page.type, page.body]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>nnspec playground</title>\n']);
    expect((await get(url, '/index.html')).status).toBe(200);
    const wasm = await get(url, '/wasm/tfjs-backend-wasm-simd.wasm');
    expect([wasm.status, wasm.type, wasm.body.length]).toEqual([200, 'application/wasm', 8]);
    expect((await get(url, '/app.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(url, '/data/iris.csv?x=1')).type).toBe('text/csv; charset=utf-8');
    const head = await get(url, '/app.js', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('answers 404 for missing files and folders (no listing), and nothing outside the folder', async () => {
    for (const pathname of [
      '/nope.js',
      '/wasm/',
      '/wasm',
      '/data',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/wasm/..%2f..%2fsecret.txt',
      '/link.txt',
      '/%00',
    ]) {
      const response = await get(url, pathname);
      expect({ pathname, status: response.status, body: response.body }).toEqual({ pathname, status: 404, body: 'not found\n' });
    }
    expect((await get(url, '/', 'POST')).status).toBe(405);
  });
});

describe('nnspec playground errors', () => {
  it('refuses a bad --port in one line', async () => {
    expect(parsePortOption(undefined)).toBe(8765);
    expect(parsePortOption('0')).toBe(0);
    for (const value of ['abc', '-1', '65536', '1.5', '']) {
      expect(() => parsePortOption(value)).toThrow(new CliUsageError(`--port must be a whole number from 0 to 65535 (0: any free port), not \`${value}\``));
    }
    const result = await runNnspec(['playground', '--port', 'http']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'error: --port must be a whole number from 0 to 65535 (0: any free port), not `http`\n' });
  });

  it('names a taken port and suggests --port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(runPlayground({ port: String(port) }, testIo(), playgroundFolder())).rejects.toThrow(
        new CliUsageError(`port ${port} on 127.0.0.1 is in use: pick another with --port N (--port 0 takes any free port)`),
      );
    } finally {
      taken.close();
    }
  });

  it('says to build the playground when its folder has no page', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'nnspec-playground-missing-'));
    await expect(runPlayground({ port: '0' }, testIo(), path.join(empty, 'playground'))).rejects.toThrow(
      new CliUsageError(
        `the playground is not built (no ${path.join(empty, 'playground', 'index.html')}): run \`npm run playground:build\` in the nnspec folder first`,
      ),
    );
  });

  it('takes no file argument', async () => {
    const result = await runNnspec(['playground', 'spec.nn']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: `nnspec playground` takes no file: open a spec in the page (its examples menu, or paste it)\n');
  });
});
