/**
 * The catalogue is the only place a parameter's default or range is written. This scans the
 * code of src/ outside src/catalogue for a distinctive catalogue number (a default or a bound)
 * on the same line as the name of a parameter that has it (`num(p, 'beta_1', 0.9)`,
 * `: 0.001` after `learning_rate`), and for any `?? <number>` fallback on a `params` read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import type { CatalogueView, EntryView, ParamView } from '../../src/catalogue/types.js';

/**
 * Restatements this test knows of and leaves, each for a stated reason (file, parameter names).
 * Keep it short: every entry is a fact written twice.
 */
/** Numbers too common to say anything (indices, halves, counts). */
const TRIVIAL = new Set([0, 1, -1, 2, 0.5, 3, 10, 100]);

/** Every entry with parameters, and every block's options. */
function allParams(catalogue: CatalogueView): ParamView[] {
  const entries: (EntryView | undefined)[] = [
    ...catalogue.layerNames.map((name) => catalogue.layer(name)),
    ...catalogue.optimizerNames.map((name) => catalogue.optimizer(name)),
    ...catalogue.lossNames.map((name) => catalogue.loss(name)),
    ...catalogue.metricNames.map((name) => catalogue.metric(name)),
    ...catalogue.scheduleNames.map((name) => catalogue.schedule(name)),
    ...catalogue.initializerNames.map((name) => catalogue.initializer(name)),
    ...catalogue.regularizerNames.map((name) => catalogue.regularizer(name)),
    ...catalogue.sourceNames.map((name) => catalogue.source(name)),
    ...catalogue.stoppingRuleNames.map((name) => catalogue.stoppingRule(name)),
    ...catalogue.studyDomainNames.map((name) => catalogue.studyDomain(name)),
    ...catalogue.pruneRuleNames.map((name) => catalogue.pruneRule(name)),
  ];
  return [
    ...entries.flatMap((entry) => entry?.params ?? []),
    ...catalogue.dataOptions,
    ...catalogue.trainOptions,
    ...catalogue.splitOptions,
    ...catalogue.earlyStoppingOptions,
    ...catalogue.studyOptions,
  ];
}

/** Parameter name -> its distinctive numbers (defaults and bounds). */
function distinctiveFacts(): Map<string, Set<number>> {
  const facts = new Map<string, Set<number>>();
  for (const param of allParams(defaultCatalogueView())) {
    const numbers = [param.default, param.min, param.max, param.minExclusive, param.maxExclusive].filter(
      (value): value is number => typeof value === 'number' && !TRIVIAL.has(value),
    );
    if (numbers.length === 0) continue;
    const known = facts.get(param.name) ?? new Set<number>();
    for (const value of numbers) known.add(value);
    facts.set(param.name, known);
  }
  return facts;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code of a file, line by line, with comments blanked (line numbers kept). */
function codeLines(text: string): string[] {
  const withoutBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  return withoutBlocks.split('\n').map((line) => line.replace(/(^|[^:'"`\\])\/\/.*$/, '$1'));
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
const NUMBER_TOKEN = /(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/gi;

/** The problems of one file's code: `file:line: ...`. */
function restatedFacts(file: string, text: string, facts: ReadonlyMap<string, ReadonlySet<number>>): string[] {
  const problems: string[] = [];
  codeLines(text).forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    const read = String.raw`\b(?:params|p)(?:\??\.\w+|\[[^\]]+\])`;
    if (new RegExp(`${read}\\s*\\?\\?\\s*-?\\d`).test(line) || new RegExp(`typeof [\\w.]*${read} === 'number' \\? [^:]+: -?\\d`).test(line))
      problems.push(`${where}: a fallback number on a params read: ${line.trim()}`);
    const numbers = [...line.matchAll(NUMBER_TOKEN)].map((match) => Number(match[0].replace(/_/g, '')));
    if (numbers.length === 0) return;
    for (const [name, values] of facts) {
      const named = new RegExp(`\\b(${name}|${camel(name)})\\b`).test(line);
      if (!named) continue;
      for (const value of numbers) if (values.has(value)) problems.push(`${where}: \`${name}\`'s catalogue value ${value} restated: ${line.trim()}`);
    }
  });
  return problems;
}

describe('no catalogue default or range outside src/catalogue', () => {
  const facts = distinctiveFacts();

  it('knows the distinctive facts it looks for', () => {
    expect(facts.get('beta_2')).toEqual(new Set([0.999]));
    expect(facts.get('learning_rate')?.has(0.001)).toBe(true);
    expect(facts.get('min_delta')?.has(0.0001)).toBe(true);
  });

  it('finds a restated default, a fallback on a params read, and ignores comments', () => {
    const text = [
      "const b = num(p, 'beta_2', 0.999);",
      "const lr = typeof params['learning_rate'] === 'number' ? params['learning_rate'] : 0.001;",
      'const rate = call.params.factor ?? 0.25;',
      'const order = (a.position ?? 0) - (b.position ?? 0);',
      "return huber(typeof call.params['delta'] === 'number' ? call.params['delta'] : 1);",
      '// beta_2 defaults to 0.999 in the catalogue',
      'const minDelta = 1e-4;',
    ].join('\n');
    expect(restatedFacts('x.ts', text, facts)).toEqual([
      "x.ts:1: `beta_2`'s catalogue value 0.999 restated: const b = num(p, 'beta_2', 0.999);",
      "x.ts:2: a fallback number on a params read: const lr = typeof params['learning_rate'] === 'number' ? params['learning_rate'] : 0.001;",
      "x.ts:2: `learning_rate`'s catalogue value 0.001 restated: const lr = typeof params['learning_rate'] === 'number' ? params['learning_rate'] : 0.001;",
      'x.ts:3: a fallback number on a params read: const rate = call.params.factor ?? 0.25;',
      "x.ts:5: a fallback number on a params read: return huber(typeof call.params['delta'] === 'number' ? call.params['delta'] : 1);",
      "x.ts:7: `min_delta`'s catalogue value 0.0001 restated: const minDelta = 1e-4;",
    ]);
  });

  it('src/ outside the catalogue restates none', () => {
    const problems = sourceFiles('src')
      .filter((file) => !file.startsWith(path.join('src', 'catalogue') + path.sep))
      // Diagnostic explanations are documentation (docs/errors/*.md is generated from them): their
      // examples quote spec text, not values the code runs on.
      .filter((file) => !file.startsWith(path.join('src', 'diagnostics', 'codes') + path.sep))
      .flatMap((file) => restatedFacts(file.split(path.sep).join('/'), readFileSync(file, 'utf8'), facts));

    expect(problems).toEqual([]);
  });
});
