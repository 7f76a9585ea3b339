/**
 * The playground editor's benchmark (issue 15): in Debian's Chromium, the page's time from a
 * one-character edit to its diagnostics being shown (problems panel and editor lint), through the
 * page's `window.playground.measureEdit`, on the LSP benchmark's 1,000- and 10,000-line specs with
 * its edits (bench/lsp.ts), 200 each, beside the targets for the same measure.
 */
import path from 'node:path';
import { CHROMIUM, CHROMIUM_INSTALL_HINT, chromiumProblem, launchChromium } from '../tests/interop/browser/chromium.js';
import { openPlayground, type PlaygroundHandle } from '../tests/interop/browser/playground-page.js';
import { blockOtherOrigins } from '../tests/interop/browser/same-origin-guard.js';
import { serveFolder } from '../src/node/static-server.js';
import { repoRoot } from '../tests/support/repo-root.js';
import { type DigitEdit, digitEdits, specOfLines } from './lsp.js';
import { median, p95, table } from './stats.js';

/** The spec sizes, in lines, with the p95 target of edit-to-diagnostics latency for each. */
const CASES = [
  { lines: 1_000, p95TargetMs: 10 },
  { lines: 10_000, p95TargetMs: 50 },
];

const EDITS = 200;

/** Runs the benchmark and returns its report as text; without Chromium, says how to get it. */
export async function runPlaygroundBench(): Promise<string> {
  const problem = chromiumProblem();
  if (problem !== undefined) return `not run: the playground benchmark needs Chromium (${problem}).\n${CHROMIUM_INSTALL_HINT}`;
  // The page as `npm run build` leaves it (npm run bench builds first), served statically.
  const server = await serveFolder(path.join(repoRoot, 'dist/playground'), { port: 0 });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const blocked = await blockOtherOrigins(context, new URL(server.url).origin);
    const page = await openPlayground(context, server.url);
    const rows: string[][] = [['measure', 'edits', 'median ms', 'p95 ms', 'target p95 ms']];
    for (const { lines, p95TargetMs } of CASES) {
      const text = specOfLines(lines);
      const times = await page.evaluate(
        async ({ text, edits }: { text: string; edits: DigitEdit[] }) => {
          const playground = (window as unknown as { playground: PlaygroundHandle }).playground;
          // Loading the spec is one edit too, left out: the figures are for typing in it.
          await playground.measureEdit(0, playground.text().length, text);
          const measured: number[] = [];
          for (const edit of edits) measured.push(await playground.measureEdit(edit.at, edit.at + 1, edit.digit));
          return measured;
        },
        { text, edits: digitEdits(text, EDITS) },
      );
      rows.push([
        `page: edit -> diagnostics shown, ${lines.toLocaleString('en')}-line spec`,
        String(times.length),
        median(times).toFixed(1),
        p95(times).toFixed(1),
        String(p95TargetMs),
      ]);
    }
    if (blocked.length > 0) rows.push([`requests to other origins (blocked): ${blocked.join(', ')}`, '', '', '', '']);
    return `Chromium ${browser.version()} (${CHROMIUM})\n\n${table(rows)}`;
  } finally {
    await browser.close();
    await server.close();
  }
}
