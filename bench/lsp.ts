/**
 * Language-server benchmark (issue 6): through the real server over stdio, the time from a
 * one-character edit (didChange) to the diagnostics published for that version, for a
 * 1,000-line and a 10,000-line spec (median and p95 over 200 edits, no debounce), and the
 * latency of completion requests.
 */
import { LspClient } from '../tests/lsp/client.js';
import { generateLargeSpec } from './parse.js';
import { median, p95, table } from './stats.js';

/** One one-character edit: the digit at `at` becomes `digit`. */
export interface DigitEdit {
  at: number;
  digit: string;
}

/**
 * `count` edits of a digit of a `dense(NN` unit count, in place, alternating 9 and 8, so the spec
 * stays valid and its length never changes (the page's benchmark applies them through its editor).
 */
export function digitEdits(text: string, count: number): DigitEdit[] {
  const spots: number[] = [];
  for (let index = 0; index < text.length - 1; index++)
    if (text[index] === '(' && text[index + 1] === '1' && text.startsWith('dense', index - 5)) spots.push(index + 2);
  return Array.from({ length: count }, (_, edit) => ({ at: spots[(edit * 37) % spots.length]!, digit: edit % 2 === 0 ? '9' : '8' }));
}

/** The edited versions of `text`, each one {@link digitEdits} edit away from it. */
function editedVersions(text: string, count: number): string[] {
  return digitEdits(text, count).map(({ at, digit }) => `${text.slice(0, at)}${digit}${text.slice(at + 1)}`);
}

/** The generated benchmark spec with about `lines` lines. */
export function specOfLines(lines: number): string {
  let layers = Math.round(lines * 0.95);
  while (generateLargeSpec(layers).split('\n').length - 1 < lines) layers += 1;
  return generateLargeSpec(layers);
}

async function editLatency(client: LspClient, uri: string, lines: number, edits: number): Promise<number[]> {
  const text = specOfLines(lines);
  const opened = client.nextDiagnostics(uri, 1);
  await client.open(uri, text);
  await opened;
  const times: number[] = [];
  const versions = editedVersions(text, edits);
  for (let index = 0; index < versions.length; index++) {
    const version = index + 2;
    const published = client.nextDiagnostics(uri, version);
    const started = performance.now();
    await client.change(uri, version, versions[index]!);
    await published;
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs the LSP benchmark and returns its report as text. */
export async function runLspBench(): Promise<string> {
  // The built server (`nnspec lsp`), as editors run it.
  const client = await LspClient.start(0, { built: true });
  try {
    const rows: string[][] = [['measure', 'edits/requests', 'median ms', 'p95 ms']];
    for (const lines of [1_000, 10_000]) {
      const times = await editLatency(client, `file:///bench/spec-${lines}.nn`, lines, 200);
      rows.push([`edit -> diagnostics, ${lines.toLocaleString('en')}-line spec`, String(times.length), median(times).toFixed(1), p95(times).toFixed(1)]);
    }
    const uri = 'file:///bench/spec-1000.nn';
    const completion: number[] = [];
    for (let request = 0; request < 200; request++) {
      const started = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6 + (request % 900), character: 2 + (request % 10) } });
      completion.push(performance.now() - started);
    }
    rows.push(['completion, 1,000-line spec', String(completion.length), median(completion).toFixed(2), p95(completion).toFixed(2)]);
    return table(rows);
  } finally {
    await client.stop();
  }
}
