/**
 * The playground page's test hooks (docs/playground.md, "How it is tested"), for the browser tests
 * and the editor benchmark: opening the page, reading its text, waiting for a run to end.
 */
import type { BrowserContext, Page } from 'playwright-core';

/**
 * The page's console and test handle, `window.playground`. Code run in the page reads it through a
 * cast (`window as unknown as { playground: PlaygroundHandle }`): a global `Window` declaration here
 * could clash with the page's own.
 */
export interface PlaygroundHandle {
  text(): string;
  setText(text: string): void;
  measureEdit(from: number, to: number, insert: string): Promise<number>;
}

/** One diagnostic in the problems panel. */
export const PROBLEM = '[data-testid="problems"] [data-testid="problem"]';

/** How long a run of the bundled spirals spec may take on a loaded two-core machine. */
export const TRAINING_TIMEOUT_MS = 480_000;

/** Opens `url` in a new page of `context` and waits until both areas are mounted and the first analysis is shown. */
export async function openPlayground(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-editor-ready="true"][data-training-ready="true"]', { timeout: 60_000 });
  return page;
}

/** The editor's text now. */
export function playgroundText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { playground: PlaygroundHandle }).playground.text());
}

/**
 * Waits until the run ends (`done` or `error`: an error must not look like a timeout) and returns
 * the status's state and sentence.
 */
export async function waitForRunEnd(page: Page, timeout = TRAINING_TIMEOUT_MS): Promise<{ state: string; sentence: string }> {
  const status = page.locator('[data-testid="train-status"]');
  await page.waitForSelector('[data-testid="train-status"][data-state="done"], [data-testid="train-status"][data-state="error"]', { timeout });
  return { state: (await status.getAttribute('data-state')) ?? '', sentence: (await status.textContent()) ?? '' };
}
