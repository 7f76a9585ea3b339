/**
 * The playground works offline once loaded (issue 15): the page is opened through the real
 * `nnspec playground`, its service worker takes control, then the server is stopped (the most
 * honest "offline": nothing answers on that port any more) and the page is reloaded. The editor
 * and the training area must come up with the WASM backend ready, and the bundled data set must
 * still be there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/repo-root.js';
import { launchChromium } from './chromium.js';
import { openPlayground } from './playground-page.js';
import { type RunningPlayground, startPlayground } from './playground-server.js';
import { blockOtherOrigins } from './same-origin-guard.js';

describe('the playground offline, once loaded', () => {
  let server: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let url = '';
  let blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startPlayground();
    url = server.url;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    blocked = await blockOtherOrigins(context, new URL(url).origin);
    context.on('page', (opened) => opened.on('pageerror', (error) => pageErrors.push(`${opened.url()}: ${error.message}`)));
    page = await openPlayground(context, url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is controlled by the playground service worker once it has activated', async () => {
    const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
    expect(scriptUrl).toBe(`${url}sw.js`);
    // clients.claim() on activate: the page that registered it is controlled without a reload.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    const caches = await page.evaluate(() => globalThis.caches.keys());
    expect(caches).toEqual([expect.stringMatching(/^nnspec-playground-[0-9a-f]{16}$/)]);
  });

  it('reloads with the server stopped: editor ready, backend ready, training idle', async () => {
    await server!.close();
    server = undefined;
    // Nothing answers there any more.
    await expect(fetch(url)).rejects.toThrow();

    await page.reload();
    await page.waitForSelector('body[data-editor-ready="true"][data-training-ready="true"]', { timeout: 60_000 });
    const status = page.locator('[data-testid="train-status"]');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 60_000 }).toMatch(/^ready \(wasm/);
    expect(await status.getAttribute('data-state')).toBe('idle');
  });

  it('still has the bundled digits data set', async () => {
    const fetched = await page.evaluate(async () => {
      const response = await fetch('data/digits.csv');
      return { ok: response.ok, text: await response.text() };
    });
    expect(fetched.ok).toBe(true);
    expect(fetched.text).toBe(readFileSync(path.join(repoRoot, 'data/digits.csv'), 'utf8'));
  });

  it('loads nothing from another origin and throws no page errors', () => {
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
