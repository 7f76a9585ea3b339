/**
 * The page must load nothing from another origin (no CDN, no fonts, no analytics): every request
 * to another origin is blocked and recorded, so a test can assert that none happened.
 */
import type { BrowserContext } from 'playwright-core';

/**
 * Routes every request of `context` (its pages and their workers): those to `origin` go through,
 * the others are aborted and their URLs pushed onto the returned list.
 */
export async function blockOtherOrigins(context: BrowserContext, origin: string): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return blocked;
}
