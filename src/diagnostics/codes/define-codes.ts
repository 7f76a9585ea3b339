/**
 * The typed registry of diagnostic codes, in the manner of rustc's `error_codes!`: each code is
 * declared ONCE, by name, with its number, title, severity and explanation, and both the name map
 * the stages use (`NAME_CODE.unknownLayer`, typed as the literal `'NN2001'`) and the info list that
 * `docs/errors/` and `nnspec explain` read are derived from that one declaration.
 *
 * A family file looks like this:
 *
 * ```ts
 * const NAMES = defineCodes({ family: 'names', first: 2000, last: 2999 }, {
 *   unknownLayer: { code: 'NN2001', title: 'unknown layer', severity: 'error', explanation: `...` },
 *   ...
 * });
 * export const NAME_CODE = NAMES.codes;   // { unknownLayer: 'NN2001', ... } with literal types
 * export const NAME_CODES = NAMES.infos;  // [{ code: 'NN2001', title, severity, explanation }, ...]
 * ```
 *
 * Call sites (`X_CODE.mergeMismatch`) do not change.
 *
 * The registry refuses, when the module loads (so every test run and every start of nnspec
 * catches it): a code that is not `NN` and four digits, a code outside its family's range, a code
 * declared twice (in one family here, across families in index.ts), and an entry without a title
 * or an explanation. A name without an entry cannot be written: the name IS the entry's key.
 */
import type { DiagnosticCodeInfo } from './code-info.js';

/** A code as written in a declaration: `NN` and four digits (the digits are checked when it loads). */
export type CodeNumber = `NN${number}`;

/** One declared code: its info, with the code's literal type kept so the name map is typed exactly. */
export interface CodeEntry<C extends CodeNumber = CodeNumber> extends DiagnosticCodeInfo {
  code: C;
  /**
   * Set on a code that is allocated and explained but that nothing in src/ reports yet, so the
   * codes test does not ask where it is used. Leave it out on every code that is in use.
   */
  reserved?: boolean;
}

/** The range a family's codes must fall in, both ends included (e.g. `{ family: 'shapes', first: 3000, last: 3999 }`). */
export interface CodeRange {
  /** A short name for messages and tests, e.g. `shapes`. */
  family: string;
  first: number;
  last: number;
}

/** What {@link defineCodes} derives from one family's declarations. */
export interface CodeFamily<E extends Readonly<Record<string, CodeEntry>>> {
  readonly range: Readonly<CodeRange>;
  /** The code by name, each typed as its literal (`'NN2001'`), for the stages that report them. */
  readonly codes: { readonly [K in keyof E]: E[K]['code'] };
  /** The declarations by name, as written (including `reserved`). */
  readonly entries: E;
  /** Every entry's info, in declaration order, for docs/errors and `nnspec explain`. */
  readonly infos: readonly DiagnosticCodeInfo[];
}

const CODE_FORMAT = /^NN\d{4}$/;

/**
 * Declares a family of diagnostic codes once and derives its name map and info list.
 * Throws (a bug in nnspec, never a user's mistake) when a code is malformed, outside `range`,
 * declared twice, or lacks a title or an explanation.
 */
export function defineCodes<const E extends Readonly<Record<string, CodeEntry>>>(range: CodeRange, entries: E): CodeFamily<E> {
  const codes: Record<string, string> = {};
  const infos: DiagnosticCodeInfo[] = [];
  const seen = new Map<string, string>();
  for (const [name, entry] of Object.entries(entries)) {
    const where = `diagnostic code ${range.family}.${name} (${entry.code})`;
    if (!CODE_FORMAT.test(entry.code)) throw new Error(`${where}: a code is NN and four digits`);
    const number = Number(entry.code.slice(2));
    if (number < range.first || number > range.last) {
      throw new Error(`${where}: outside the ${range.family} family's range NN${range.first}-NN${range.last}`);
    }
    const other = seen.get(entry.code);
    if (other !== undefined) throw new Error(`${where}: ${entry.code} is already declared as ${range.family}.${other}`);
    seen.set(entry.code, name);
    if (entry.title.trim() === '') throw new Error(`${where}: no title`);
    if (entry.explanation.trim() === '') throw new Error(`${where}: no explanation`);
    codes[name] = entry.code;
    infos.push({ code: entry.code, title: entry.title, severity: entry.severity, explanation: entry.explanation });
  }
  return { range: { ...range }, codes: codes as CodeFamily<E>['codes'], entries, infos };
}

/**
 * Every info of the given families in code order. Throws (a bug) when two families declare the
 * same code, naming both.
 */
export function collectCodes(families: readonly CodeFamily<Readonly<Record<string, CodeEntry>>>[]): DiagnosticCodeInfo[] {
  const owner = new Map<string, string>();
  const all: DiagnosticCodeInfo[] = [];
  for (const family of families) {
    for (const info of family.infos) {
      const other = owner.get(info.code);
      if (other !== undefined) throw new Error(`diagnostic code ${info.code} is declared by both the ${other} and the ${family.range.family} families`);
      owner.set(info.code, family.range.family);
      all.push(info);
    }
  }
  return all.sort((a, b) => a.code.localeCompare(b.code));
}
