/**
 * The playground page in Debian's Chromium, served by the real `nnspec playground` command and used
 * as a person would: pick the spirals example, misspell a layer by typing, read the diagnostic and
 * apply its quick fix, train to the end, and compare the final test accuracy with `nnspec train`'s
 * to the last digit; then share the spec and open the link. Through the page's test hooks
 * (docs/playground.md, "How it is tested").
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/repo-root.js';
import { launchChromium } from './chromium.js';
import { openPlayground, type PlaygroundHandle, playgroundText, PROBLEM, TRAINING_TIMEOUT_MS, waitForRunEnd } from './playground-page.js';
import { type RunningPlayground, startPlayground } from './playground-server.js';
import { blockOtherOrigins } from './same-origin-guard.js';

const SPIRALS = readFileSync(path.join(repoRoot, 'specs/spirals.nn'), 'utf8');
const OUTPUT_LAYER = SPIRALS.indexOf('dense(3, activation: softmax)');
/** The spirals spec with its output layer misspelled, as the test types it: `dense` -> `dence`. */
const MISSPELLED = `${SPIRALS.slice(0, OUTPUT_LAYER)}dence${SPIRALS.slice(OUTPUT_LAYER + 'dense'.length)}`;
/** 1-based line and column of the misspelling. */
const LINE = SPIRALS.slice(0, OUTPUT_LAYER).split('\n').length;
const COLUMN = OUTPUT_LAYER - SPIRALS.lastIndexOf('\n', OUTPUT_LAYER - 1);

const run = promisify(execFile);

describe('the playground in Chromium', () => {
  let server: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let blocked: string[] = [];
  const pageErrors: string[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'nnspec-playground-test-'));

  beforeAll(async () => {
    server = await startPlayground();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    blocked = await blockOtherOrigins(context, new URL(server.url).origin);
    context.on('page', (opened) => opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.message}`)));
    page = await openPlayground(context, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    // The screenshot stays for the person running the test to look at; the rest goes.
    rmSync(path.join(scratch, 'report.json'), { force: true });
  });

  it('shows the spirals example when it is chosen', async () => {
    await page.selectOption('select[data-testid="examples"]', 'spirals');
    await expect.poll(() => playgroundText(page)).toBe(SPIRALS);
  });

  it('shows the diagnostic of a layer name misspelled by typing, with its quick fix', async () => {
    // As a person edits: a click on the output layer's line, then keys: past `den`, `s` -> `c`.
    // (Not ArrowDown from the top: the editor wraps long comment lines, and ArrowDown moves by screen line.)
    await page.locator('#editor-area .cm-line', { hasText: 'dense(3, activation: softmax)' }).click();
    await page.keyboard.press('End');
    // Home stops at the end of the indentation first: just before `dense`.
    await page.keyboard.press('Home');
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    await page.keyboard.type('c');
    await page.keyboard.press('Escape');
    await expect.poll(() => playgroundText(page)).toBe(MISSPELLED);

    const problem = page.locator(`${PROBLEM}[data-code="NN2001"]`);
    await problem.waitFor();
    expect(await page.locator(PROBLEM).count()).toBe(1);
    expect(await problem.getAttribute('data-severity')).toBe('error');
    expect(await problem.getAttribute('data-line')).toBe(String(LINE));
    expect(await problem.textContent()).toContain(`NN2001 ${LINE}:${COLUMN} unknown layer \`dence\``);
    const fixes = problem.locator('button[data-testid="quick-fix"]');
    expect((await fixes.allTextContents()).map((title) => title.trim())).toEqual(['replace with `dense`']);
  });

  it('applies the quick fix: the original text again, and no problems', async () => {
    await page.click(`${PROBLEM} button[data-testid="quick-fix"]`);
    await expect.poll(() => playgroundText(page)).toBe(SPIRALS);
    await expect.poll(() => page.locator(PROBLEM).count()).toBe(0);
    expect(await page.locator('[data-testid="problems"]').textContent()).toContain('No problems');
  });

  it(
    'trains spirals to the end with the test accuracy of nnspec train, to the last digit',
    async () => {
      expect(await page.inputValue('input[data-testid="seed"]')).toBe('');
      await page.click('button[data-testid="train-start"]');
      const status = await waitForRunEnd(page);
      expect(status).toEqual({ state: 'done', sentence: expect.any(String) });

      const summary = page.locator('[data-testid="summary"]');
      const shown = {
        accuracy: await summary.locator('[data-testid="test-accuracy"]').getAttribute('data-value'),
        epochsRun: await summary.getAttribute('data-epochs-run'),
        bestEpoch: await summary.getAttribute('data-best-epoch'),
        stopReason: await summary.getAttribute('data-stop-reason'),
      };
      const screenshot = path.join(scratch, 'after-training.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`playground after training: ${JSON.stringify(shown)}; screenshot ${screenshot}`);

      // The seed field is empty, so the spec's own seed applies: `nnspec train` without --seed.
      const reportFile = path.join(scratch, 'report.json');
      await run(process.execPath, [path.join(repoRoot, 'bin/nnspec.js'), 'train', 'specs/spirals.nn', '--json', reportFile, '--quiet'], { cwd: repoRoot });
      const summaryOfNode = (
        JSON.parse(readFileSync(reportFile, 'utf8')) as {
          summary: { epochsRun: number; bestEpoch: number | null; stopReason: string; test: { metrics: { accuracy: number } } };
        }
      ).summary;
      expect(shown).toEqual({
        accuracy: String(summaryOfNode.test.metrics.accuracy),
        epochsRun: String(summaryOfNode.epochsRun),
        bestEpoch: String(summaryOfNode.bestEpoch),
        stopReason: summaryOfNode.stopReason,
      });
    },
    TRAINING_TIMEOUT_MS + 120_000,
  );

  it('restores the same spec and seed from the share link', async () => {
    await page.click('input[data-testid="seed"]');
    await page.keyboard.type('7');
    await page.click('button[data-testid="share"]');
    const share = page.locator('button[data-testid="share"]');
    await expect.poll(async () => (await share.getAttribute('data-link')) ?? '').toMatch(/#spec=[A-Za-z0-9_-]+&seed=7$/);
    const link = (await share.getAttribute('data-link'))!;
    expect(link.startsWith(server!.url)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toBe(new URL(link).hash);

    const opened = await openPlayground(context, link);
    expect(await playgroundText(opened)).toBe(SPIRALS);
    expect(await opened.inputValue('input[data-testid="seed"]')).toBe('7');
    await opened.close();
  });

  it('rewrites the dropout rate in the text when its slider moves', async () => {
    const withDropout = SPIRALS.replace('  dense(3, activation: softmax)', '  dropout(0.2)\n  dense(3, activation: softmax)');
    await page.evaluate((text) => (window as unknown as { playground: PlaygroundHandle }).playground.setText(text), withDropout);
    const slider = page.locator('input[type=range][data-testid="dropout-slider"]');
    await expect.poll(() => slider.inputValue()).toBe('0.2');
    await expect.poll(() => slider.isEnabled()).toBe(true);
    // The keyboard moves a range input by its step, and fires the `input` event as a drag does.
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const rate = await slider.inputValue();
    expect(Number(rate)).toBeGreaterThan(0.2);
    await expect.poll(() => playgroundText(page)).toBe(withDropout.replace('dropout(0.2)', `dropout(${rate})`));
  });

  it('loads nothing from another origin and throws no page errors', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
