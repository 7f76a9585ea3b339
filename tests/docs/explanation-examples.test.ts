import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes/index.js';
import { parse } from '../../src/syntax/index.js';

/** The fenced blocks of an explanation that hold spec text (not shell commands or output). */
function specBlocks(explanation: string): string[] {
  const blocks = [...explanation.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  return blocks.filter(([, lang]) => lang === '' || lang === 'nn').map(([, , body]) => body!);
}

describe('the examples in explanations of data and training codes', () => {
  // Syntax codes (NN1xxx) show broken text on purpose; past the parser, an example is a spec a
  // user copies, and a data block written in another syntax (`data d = csv(...)`) taught a wrong one.
  const codes = DIAGNOSTIC_CODES.filter((info) => info.code >= 'NN4000');
  it.each(codes.map((info) => [info.code, info] as const))('%s parses', (_code, info) => {
    for (const block of specBlocks(info.explanation)) {
      if (!/^\s*(data|model|train)\s+\w/m.test(block)) continue;
      // `...` stands for text left out.
      const problems = parse(block.replaceAll('...', ''))
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => `${d.code} ${d.message}\n${block}`);
      expect(problems).toEqual([]);
    }
  });
});
