import { describe, expect, it } from 'vitest';
import { convertCodeFamily } from '../../scripts/convert-code-family.js';

const OLD = `import type { DiagnosticCodeInfo } from './code-info.js';

/** The graph codes by name. */
export const GRAPH_CODE = {
  mergeMismatch: 'NN3101',
  unusedName: 'NN3102',
} as const;

/** One of the codes in {@link GRAPH_CODE}. */
export type GraphCode = (typeof GRAPH_CODE)[keyof typeof GRAPH_CODE];

/** NN31xx: graphs. */
export const GRAPH_CODES: readonly DiagnosticCodeInfo[] = [
  {
    code: 'NN3101',
    title: 'merge inputs disagree',
    severity: 'error',
    explanation: \`a\`,
  },  {
    code: 'NN3102',
    title: 'unused name',
    severity: 'warning',
    explanation: \`b\`,
  },
];
`;

const NEW = `import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN31xx: graphs. */
export const GRAPH_FAMILY = defineCodes({ family: 'graph', first: 3100, last: 3199 }, {
  mergeMismatch: {
    code: 'NN3101',
    title: 'merge inputs disagree',
    severity: 'error',
    explanation: \`a\`,
  },
  unusedName: {
    code: 'NN3102',
    title: 'unused name',
    severity: 'warning',
    explanation: \`b\`,
  },
});

/** The graph codes by name. */
export const GRAPH_CODE = GRAPH_FAMILY.codes;

/** One of the codes in {@link GRAPH_CODE}. */
export type GraphCode = (typeof GRAPH_CODE)[keyof typeof GRAPH_CODE];

/** Every graph code's info, for docs/errors and \`nnspec explain\`. */
export const GRAPH_CODES: readonly DiagnosticCodeInfo[] = GRAPH_FAMILY.infos;
`;

const names = new Map([
  ['NN3101', 'mergeMismatch'],
  ['NN3102', 'unusedName'],
]);

describe('convertCodeFamily (scripts/convert-code-family.ts)', () => {
  it('turns a name map plus an info list into one defineCodes declaration, keeping the exported names', () => {
    expect(convertCodeFamily(OLD, { family: 'graph', first: 3100, last: 3199 }, names)).toBe(NEW);
  });

  it('refuses a file whose list explains a code the map does not name, or misses one', () => {
    expect(() => convertCodeFamily(OLD, { family: 'graph', first: 3100, last: 3199 }, new Map([['NN3101', 'mergeMismatch']]))).toThrow(
      'NN3102 has an explanation but no name in GRAPH_CODE',
    );
    const extra = new Map([...names, ['NN3103', 'cycle']]);
    expect(() => convertCodeFamily(OLD, { family: 'graph', first: 3100, last: 3199 }, extra)).toThrow('no entry found for NN3103');
  });
});
