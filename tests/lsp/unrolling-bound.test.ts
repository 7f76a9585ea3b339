// Issue 16, defect 1, as the language server sees it: a 40-byte `repeat` nest used to unroll
// without bound, and every request after it went unanswered at 100% CPU. The checker now bounds
// the work (an error at the count); here the server publishes that error and answers hover,
// completion and formatting. The guards only fail the test instead of hanging the run: a
// server that does not answer is killed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.js';

const URI = 'file:///work/nested-repeat.nn';
const SPEC = 'model m {\n  input(shape: [4])\n  repeat 1000000 { repeat 1000000 { } }\n  dense(2)\n}\n';
const GUARD_MS = 30_000;

let client: LspClient;

beforeAll(async () => {
  client = await LspClient.start(0);
}, 60_000);

afterAll(async () => {
  // A server stuck in an unbounded unrolling never answers `shutdown`: end it here.
  if (client.child.exitCode === null) client.child.kill();
});

describe('a `repeat` nest whose unrolling has no bound in its output', () => {
  it(
    'gets its error published, then answers hover, completion and formatting',
    async () => {
      const published = client.nextDiagnostics(URI, 1);
      await client.open(URI, SPEC);
      const errors = (await published).diagnostics.filter((diagnostic) => (diagnostic as { severity?: number }).severity === 1);
      expect(errors.map((error) => error.range.start.line)).toContain(2);
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line: 3, character: 3 },
      });
      // Answered is what matters here: what the hover shows for a model in error is the checker's business.
      expect(hover === null || hover.contents.value.length > 0).toBe(true);
      const completion = await client.request<{ label: string }[]>('textDocument/completion', {
        textDocument: { uri: URI },
        position: { line: 3, character: 0 },
      });
      expect(completion.map((item) => item.label)).toContain('dense');
      const edits = await client.request<{ newText: string }[]>('textDocument/formatting', {
        textDocument: { uri: URI },
        options: { tabSize: 2, insertSpaces: true },
      });
      expect(edits.map((edit) => edit.newText)).toEqual([
        'model m {\n  input(shape: [4])\n  repeat 1000000 {\n    repeat 1000000 {\n    }\n  }\n  dense(2)\n}\n',
      ]);
    },
    GUARD_MS,
  );
});
