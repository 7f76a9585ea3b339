// Issue 12 (formatter): bindings, `from`, blocks with params and defaults, comments inside blocks,
// long lines breaking with the binding counted, and idempotence.
import { describe, expect, it } from 'vitest';
import { format } from '../../src/format/index.js';
import { astShape } from '../support/ast-shape.js';

const MESSY = [
  'block conv_block(filters,rate=0.1){ // head',
  ' c=conv2d(filters,3,padding:same)',
  '',
  '',
  ' /* mid */ dropout(rate) // tail',
  ' add( c )',
  ' // end',
  '}',
  'model m{input(shape:[8,8,1]) h=conv_block(16,rate:0.2) from h',
  ' repeat 2 { g = dense(4) add(h,g) }}',
].join('\n');

const CANONICAL = [
  'block conv_block(filters, rate = 0.1) { // head',
  '  c = conv2d(filters, 3, padding: same)',
  '',
  '  /* mid */',
  '  dropout(rate) // tail',
  '  add(c)',
  '  // end',
  '}',
  '',
  'model m {',
  '  input(shape: [8, 8, 1])',
  '  h = conv_block(16, rate: 0.2)',
  '  from h',
  '  repeat 2 {',
  '    g = dense(4)',
  '    add(h, g)',
  '  }',
  '}',
  '',
].join('\n');

describe('format: graph models', () => {
  it('prints bindings, `from`, block params with defaults and comments inside a block in the canonical style', () => {
    expect(format(MESSY)).toEqual({ value: CANONICAL, diagnostics: [] });
  });

  it('keeps the tree: the same bindings, sources, params and defaults', () => {
    expect(astShape(format(MESSY).value)).toEqual(astShape(MESSY));
  });

  it('is idempotent on graph models', () => {
    expect(format(CANONICAL).value).toBe(CANONICAL);
  });

  it('prints a block without params as `block b()`', () => {
    expect(format('block b(){dense(2)}').value).toBe('block b() {\n  dense(2)\n}\n');
  });

  it('counts the binding in the line width: a call that fits alone breaks once named', () => {
    const call = 'dense(256, activation: relu, kernel_initializer: he_normal, bias_initializer: zeros)';
    const alone = `model m {\n  ${call}\n}\n`;
    expect(format(alone, { maxWidth: 90 }).value).toBe(alone);
    const named = format(`model m {\n  hidden_output = ${call}\n}\n`, { maxWidth: 90 }).value;
    expect(named).toBe(
      [
        'model m {',
        '  hidden_output = dense(',
        '    256,',
        '    activation: relu,',
        '    kernel_initializer: he_normal,',
        '    bias_initializer: zeros,',
        '  )',
        '}',
        '',
      ].join('\n'),
    );
    expect(format(named, { maxWidth: 90 }).value).toBe(named);
  });

  it('breaks a long merge one input per line', () => {
    const text = 'model m {\n  concatenate(first_branch_output, second_branch_output, third_branch_output, axis: -1)\n}\n';
    expect(format(text, { maxWidth: 60 }).value).toBe(
      [
        'model m {',
        '  concatenate(',
        '    first_branch_output,',
        '    second_branch_output,',
        '    third_branch_output,',
        '    axis: -1,',
        '  )',
        '}',
        '',
      ].join('\n'),
    );
  });
});
