/**
 * The shipped browser build of `nnspec/train` (dist/train-browser.js) in Debian's Chromium, on the
 * WASM backend: a page bundled with plain esbuild (no plugins, as a user's bundler would see the
 * package) trains a spirals spec, steps a conv net, and uses the trained model through a bundle;
 * Node trains the same spec, and every number must be equal to the last digit.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource, lower } from '../../../src/index.js';
import * as train from '../../../src/train-entry.js';
import { BUNDLE_PAGE_RESULT, BUNDLE_PAGE_SPEC, type BundlePageResult, syntheticLoader, type TrainedModelUse, useTrainedModel } from './bundle-page/shared.js';
import { launchChromium } from './chromium.js';
import { blockOtherOrigins } from './same-origin-guard.js';
import { type StaticServer, serveFolder } from '../../../src/node/static-server.js';

/** Builds the page into a fresh folder: app.js, index.html and TF.js's .wasm files under wasm/. */
async function buildBundlePage(): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'nnspec-browser-bundle-'));
  await build({
    entryPoints: [path.join(import.meta.dirname, 'bundle-page', 'page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    outfile: path.join(out, 'app.js'),
    logLevel: 'error',
  });
  const wasmDist = path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  mkdirSync(path.join(out, 'wasm'));
  for (const file of readdirSync(wasmDist).filter((name) => name.endsWith('.wasm'))) cpSync(path.join(wasmDist, file), path.join(out, 'wasm', file));
  writeFileSync(
    path.join(out, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>nnspec in a browser</title><script type="module" src="/app.js"></script>\n',
  );
  return out;
}

/** The same spec trained in Node, on the same kernels and seeds, then used the same way. */
async function trainInNode(): Promise<{ report: train.TrainingReport; use: TrainedModelUse }> {
  await train.initBackend('wasm');
  const run = await train.runTraining(lower(checkSource(BUNDLE_PAGE_SPEC).value).value[0]!, { baseDir: '.', loadData: syntheticLoader(train) });
  if (!run.value) throw new Error(`Node could not train the spec: ${run.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  try {
    return { report: run.value.report, use: await useTrainedModel(train, run.value) };
  } finally {
    run.value.model.dispose();
  }
}

describe('the browser build of nnspec/train in Chromium', () => {
  let folder = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let blocked: string[] = [];
  let page: BundlePageResult = {};
  let node: Awaited<ReturnType<typeof trainInNode>>;

  beforeAll(async () => {
    folder = await buildBundlePage();
    server = await serveFolder(folder, { port: 0 });
    browser = await launchChromium();
    const context = await browser.newContext();
    blocked = await blockOtherOrigins(context, new URL(server.url).origin);
    const tab = await context.newPage();
    await tab.goto(server.url);
    await tab.waitForFunction((name) => name in window, BUNDLE_PAGE_RESULT);
    page = await tab.evaluate((name) => (window as unknown as Record<string, Promise<BundlePageResult>>)[name]!, BUNDLE_PAGE_RESULT);
    console.log(`Chromium: ${page.userAgent}; the page trained ${page.epochsRun} epochs in ${page.seconds?.toFixed(1)} s`);
    node = await trainInNode();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('trains the spec without errors, on the wasm backend with SIMD and the fused Adam step', () => {
    expect(page.error).toBeUndefined();
    expect(page.checkErrors).toEqual([]);
    expect(page.runDiagnostics).toEqual([]);
    expect(page.tfBackend).toBe('wasm');
    expect(page.backend).toMatchObject({ name: 'wasm', simd: true });
    expect(page.simdAdam).toBe(true);
  });

  it('learns: test accuracy of at least 0.9, and a conv net whose loss falls over 8 epochs', () => {
    expect(page.testAccuracy).toBeGreaterThanOrEqual(0.9);
    const losses = page.convLosses ?? [];
    expect(losses).toHaveLength(8);
    expect(losses[7]).toBeLessThan(losses[0]!);
  });

  it("gives Node's validation losses, early stop and test accuracy to the last digit", () => {
    expect(page.valLosses).toEqual(node.report.history.map((record) => record.valLoss));
    expect(page.epochsRun).toBe(node.report.summary.epochsRun);
    expect(page.bestEpoch).toBe(node.report.summary.bestEpoch);
    expect(page.stopReason).toBe(node.report.summary.stopReason);
    expect(page.bestValLoss).toBe(node.report.summary.bestValue);
    expect(page.testAccuracy).toBe(node.report.summary.test?.metrics.accuracy);
  });

  it('uses the trained model through its bundle as Node does: the same predictions, MC dropout predictions and ONNX file', () => {
    expect(node.use.problems).toEqual([]);
    expect(node.use.onnxSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(page.use).toEqual(node.use);
  });

  it('loads nothing from another origin', () => {
    expect(blocked).toEqual([]);
  });
});
