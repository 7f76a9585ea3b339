import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDiagramsHtml } from '../../scripts/generate-diagrams.js';
import { generateTextMateJson } from '../../scripts/generate-textmate.js';
import { repoRoot } from '../support/repo-root.js';

const committed = (file: string): string => readFileSync(path.join(repoRoot, 'grammar', file), 'utf8');

interface Pattern {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Pattern[];
}

function allPatterns(grammar: { patterns: Pattern[]; repository: Record<string, { patterns: Pattern[] }> }): Pattern[] {
  const out: Pattern[] = [];
  const walk = (patterns: Pattern[]): void => {
    for (const pattern of patterns) {
      out.push(pattern);
      if (pattern.patterns) walk(pattern.patterns);
    }
  };
  walk(grammar.patterns);
  for (const entry of Object.values(grammar.repository)) walk(entry.patterns);
  return out;
}

describe('grammar/', () => {
  it('diagrams.html is what the parser generates today (run `npm run generate` after changing the grammar)', () => {
    expect(committed('diagrams.html')).toBe(generateDiagramsHtml());
  });

  it('diagrams.html works offline: no external scripts or stylesheets, and shows every rule', () => {
    const html = committed('diagrams.html');
    expect(html).not.toMatch(/<script src=|<link rel='stylesheet'|unpkg/);
    for (const rule of ['specFile', 'dataDeclaration', 'modelDeclaration', 'trainDeclaration', 'repeatBlock', 'argumentList', 'value', 'nameOrCall']) {
      expect(html).toContain(`"name": "${rule}"`);
    }
  });

  it('nn.tmLanguage.json is generated from the catalogue and its regexes compile and match', () => {
    const text = committed('nn.tmLanguage.json');
    expect(text).toBe(generateTextMateJson());
    const grammar = JSON.parse(text) as { scopeName: string; patterns: Pattern[]; repository: Record<string, { patterns: Pattern[] }> };
    expect(grammar.scopeName).toBe('source.nn');
    const byName = new Map<string, RegExp>();
    for (const pattern of allPatterns(grammar)) {
      for (const source of [pattern.match, pattern.begin]) {
        if (source === undefined) continue;
        const regex = new RegExp(source);
        if (pattern.name) byName.set(pattern.name, regex);
      }
    }
    expect(byName.get('support.function.layer.nn')!.exec('  conv2d(16, 3)')?.[0]).toBe('conv2d');
    expect(byName.get('support.function.layer.nn')!.test('dense_layer: 3')).toBe(false);
    expect(byName.get('constant.numeric.nn')!.exec('rate: -1.5e-3')?.[0]).toBe('-1.5e-3');
    expect(byName.get('comment.line.double-slash.nn')!.exec('x // note')?.[0]).toBe('// note');
    expect(byName.get('support.constant.nn')!.exec('activation: softmax')?.[0]).toBe('softmax');
    expect(byName.get('variable.other.property.nn')!.exec('batch_size: 32')?.[0]).toBe('batch_size');
  });

  it('nn.tmLanguage.json scopes `param NAME =`, `study NAME` and the `=` (issue 11)', () => {
    const grammar = JSON.parse(committed('nn.tmLanguage.json')) as {
      repository: Record<string, { patterns: (Pattern & { captures?: Record<string, { name: string }> })[] }>;
    };
    const declarations = grammar.repository.declaration!.patterns;
    const param = declarations.find((pattern) => pattern.captures?.['2']?.name === 'variable.other.constant.param.nn')!;
    expect(new RegExp(param.match!).exec('param rate = 0.5')?.slice(1)).toEqual(['param', 'rate', '=']);
    const named = declarations.find((pattern) => pattern.match?.includes('study'))!;
    expect(new RegExp(named.match!).exec('study dropout {')?.slice(1)).toEqual(['study', 'dropout']);
    expect(named.captures?.['2']?.name).toBe('entity.name.type.nn');
    const body = grammar.repository.body!.patterns;
    const keywords = new RegExp(body.find((pattern) => pattern.name === 'keyword.declaration.nn')!.match!, 'g');
    expect('param x = 1\nstudy s {'.match(keywords)).toEqual(['param', 'study']);
    expect(new RegExp(body.find((pattern) => pattern.name === 'keyword.operator.assignment.nn')!.match!).exec('param x = 1')?.index).toBe(8);
  });
});
