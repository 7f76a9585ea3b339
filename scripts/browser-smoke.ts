/**
 * `npm run smoke:browser`: trains a spec in a real headless Chromium on the WASM backend.
 *
 * Builds the package, bundles ./browser-smoke/page.ts for the browser platform with plain esbuild
 * (no plugins: the page imports dist/train-browser.js, the build the package's `browser`
 * condition resolves `nnspec/train` to), serves it with the wasm package's .wasm files from a
 * local HTTP server, opens it in Chromium, and prints what the page reports. Exits 1
 * if the page fails or trains badly. Not part of `npm test`: CI machines have no browser. Needs
 * Debian's `chromium` (`apt-get install chromium`) or CHROMIUM=/path/to/chrome.
 */
import { execFileSync, spawn as spawnChild } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkSource, lower } from '../src/index.js';
import { generateSynthetic, initBackend, isSyntheticSource, prepareData, runTraining } from '../src/train-entry.js';
import * as train from '../src/train-entry.js';
import { SMOKE_SPEC, syntheticLoader, useTrainedModel } from './browser-smoke/shared.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`no browser at ${chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM`);
  process.exit(2);
}

const root = path.join(here, '..');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const out = mkdtempSync(path.join(tmpdir(), 'nnspec-browser-smoke-'));
await build({
  entryPoints: [path.join(here, 'browser-smoke', 'page.ts')],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  outfile: path.join(out, 'app.js'),
  logLevel: 'error',
});
const wasmDist = path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(path.join(out, 'wasm'));
for (const file of readdirSync(wasmDist).filter((name) => name.endsWith('.wasm'))) copyFileSync(path.join(wasmDist, file), path.join(out, 'wasm', file));
writeFileSync(path.join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>nnspec smoke</title><script type="module" src="/app.js"></script>\n');

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
let resolveResult: (value: Record<string, unknown>) => void = () => {};
const result = new Promise<Record<string, unknown>>((resolve) => (resolveResult = resolve));
const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/result') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.end('ok');
      resolveResult(JSON.parse(body) as Record<string, unknown>);
    });
    return;
  }
  const file = path.join(out, request.url === '/' ? 'index.html' : (request.url ?? '').split('?')[0]!);
  if (!file.startsWith(out) || !existsSync(file)) {
    response.statusCode = 404;
    response.end();
    return;
  }
  response.setHeader('content-type', types[path.extname(file)] ?? 'application/octet-stream');
  response.end(readFileSync(file));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

const profile = path.join(out, 'profile');
const browser = spawnChild(
  chromium,
  [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    `http://127.0.0.1:${port}/`,
  ],
  // Its own process group, so that its renderer and helper processes end with it.
  { stdio: 'ignore', detached: true },
);
const timeout = setTimeout(() => resolveResult({ error: 'no result from the page within 180 s' }), 180_000);
const report = await result;
clearTimeout(timeout);
const exited = new Promise<void>((resolve) => browser.once('exit', () => resolve()));
process.kill(-browser.pid!, 'SIGKILL');
await exited;
server.close();
try {
  rmSync(out, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
} catch {
  // A helper process may still hold the profile folder: it is a temporary folder, left to the system.
}

// The same spec trained here in Node: seeded everything, the same kernels, so the same numbers.
await initBackend('wasm');
const nodeRun = await runTraining(lower(checkSource(SMOKE_SPEC).value).value[0]!, {
  baseDir: '.',
  loadData: syntheticLoader({ generateSynthetic, isSyntheticSource, prepareData }),
});
const nodeReport = nodeRun.value!.report;
const nodeUse = await useTrainedModel(train, nodeRun.value!);
nodeRun.value!.model.dispose();
const nodeValLosses = nodeReport.history.map((record) => record.valLoss);

const { valLosses, use, ...shown } = report;
const pageUse = use as typeof nodeUse | null | undefined;
console.log(JSON.stringify({ ...shown, valLossesFirstLast: Array.isArray(valLosses) ? [valLosses[0], valLosses[valLosses.length - 1]] : valLosses }, null, 2));
console.log(
  `Node: ${nodeReport.summary.epochsRun} epochs, best ${nodeReport.summary.bestEpoch} (val_loss ${nodeReport.summary.bestValue}), test accuracy ${String(nodeReport.summary.test?.metrics.accuracy)}`,
);
const losses = report.convLosses as number[] | undefined;
const problems = [
  report.error !== undefined ? `the page failed: ${String(report.error)}` : '',
  report.tfBackend !== 'wasm' ? `backend ${String(report.tfBackend)}, not wasm` : '',
  typeof report.testAccuracy !== 'number' || (report.testAccuracy as number) < 0.9 ? `test accuracy ${String(report.testAccuracy)} < 0.9` : '',
  !losses || losses.length < 2 || !(losses[losses.length - 1]! < losses[0]!) ? `conv loss did not fall: ${String(losses)}` : '',
  JSON.stringify(valLosses) !== JSON.stringify(nodeValLosses) ? 'the browser and Node validation losses differ' : '',
  !pageUse || pageUse.problems.length > 0 ? `using the trained model failed in the browser: ${JSON.stringify(pageUse?.problems)}` : '',
  nodeUse.problems.length > 0 ? `using the trained model failed in Node: ${JSON.stringify(nodeUse.problems)}` : '',
  pageUse && pageUse.predictions !== nodeUse.predictions ? 'the browser and Node predictions from the bundle differ' : '',
  pageUse && pageUse.mc !== nodeUse.mc ? 'the browser and Node Monte Carlo dropout predictions differ' : '',
  pageUse && (pageUse.onnxSha256 === null || pageUse.onnxSha256 !== nodeUse.onnxSha256) ? 'the browser and Node ONNX files differ' : '',
].filter(Boolean);
if (problems.length > 0) {
  console.error(`browser smoke test failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `Node and browser bundle use: predictions ${nodeUse.predictions.length} characters, MC dropout ${nodeUse.mc.length}, ONNX SHA-256 ${String(nodeUse.onnxSha256)}`,
);
console.log(
  `browser smoke test passed: the browser's ${nodeValLosses.length} validation losses equal Node's to the last digit, and so do its bundle's predictions, MC dropout predictions and ONNX file`,
);
