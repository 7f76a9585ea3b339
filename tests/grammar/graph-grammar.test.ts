// Issue 12 (TextMate grammar): `block NAME(params)` with defaults, `from NAME`, `NAME =` bindings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

interface Pattern {
  name?: string;
  match?: string;
  begin?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: Pattern[];
}

const grammar = JSON.parse(readFileSync(path.join(repoRoot, 'grammar', 'nn.tmLanguage.json'), 'utf8')) as {
  repository: Record<string, { patterns: Pattern[] }>;
};
const declarations = grammar.repository.declaration!.patterns;
const body = grammar.repository.body!.patterns;

describe('TextMate grammar: graph models', () => {
  it('scopes a block declaration: keyword, name, then each param (not its default)', () => {
    const block = declarations.find((pattern) => pattern.beginCaptures?.['2']?.name === 'entity.name.function.block.nn')!;
    expect(new RegExp(block.begin!).exec('block conv_block(filters, rate = 0.1) {')?.slice(1)).toEqual(['block', 'conv_block', '(']);
    expect(block.beginCaptures?.['1']?.name).toBe('keyword.declaration.nn');
    const param = block.patterns!.find((pattern) => pattern.name === 'variable.parameter.block.nn')!;
    expect('filters, rate = 0.1'.match(new RegExp(param.match!, 'g'))).toEqual(['filters', 'rate']);
    expect('units'.match(new RegExp(param.match!, 'g'))).toEqual(['units']);
  });

  it('scopes `from NAME` and `NAME = layer(...)`, and `block` and `from` as keywords', () => {
    const from = body.find((pattern) => pattern.captures?.['1']?.name === 'keyword.control.from.nn')!;
    expect(new RegExp(from.match!).exec('  from h')?.slice(1)).toEqual(['from', 'h']);
    expect(from.captures?.['2']?.name).toBe('variable.other.output.nn');
    const binding = body.find((pattern) => pattern.captures?.['1']?.name === 'variable.other.output.nn' && pattern.captures?.['2'])!;
    expect(new RegExp(binding.match!).exec('  h = dense(64)')?.slice(1)).toEqual(['h', '=']);
    expect(binding.captures?.['2']?.name).toBe('keyword.operator.assignment.nn');
    // A param's default is not a binding: the `=` is followed by a value, not a call.
    expect(new RegExp(binding.match!).exec('param rate = 0.5')).toBeNull();
    const keywords = new RegExp(body.find((pattern) => pattern.name === 'keyword.declaration.nn')!.match!, 'g');
    expect('block b() {'.match(keywords)).toEqual(['block']);
    const bareFrom = new RegExp(body.find((pattern) => pattern.name === 'keyword.control.from.nn')!.match!);
    expect(bareFrom.exec('from')?.[0]).toBe('from');
    expect(bareFrom.exec('from: 1')).toBeNull();
    // The binding and `from` patterns come before the catch-all name pattern, or they never match.
    const catchAll = body.findIndex((pattern) => pattern.name === 'variable.other.nn');
    expect(body.indexOf(binding)).toBeLessThan(catchAll);
    expect(body.indexOf(from)).toBeLessThan(catchAll);
  });
});
