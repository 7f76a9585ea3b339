/**
 * grammar/nn.tmLanguage.json: the TextMate grammar for `.nn` files (VS Code, and highlighters
 * that read TextMate grammars). Layer, activation and loss names come from the catalogue, so
 * the grammar cannot drift from the language; a test compares the committed file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCatalogueView } from '../src/catalogue/catalogue.js';

function words(names: readonly string[]): string {
  return `\\b(?:${[...names].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|')})\\b`;
}

/** The grammar as a JSON-ready object. */
export function generateTextMateGrammar(): Record<string, unknown> {
  const catalogue = defaultCatalogueView();
  const activation = catalogue.layer('dense')?.params.find((param) => param.name === 'activation')?.type;
  const activations = activation?.kind === 'enum' ? activation.values : [];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'nnspec',
    scopeName: 'source.nn',
    fileTypes: ['nn'],
    patterns: [{ include: '#comments' }, { include: '#declaration' }, { include: '#body' }],
    repository: {
      comments: {
        patterns: [
          { name: 'comment.line.double-slash.nn', match: '//.*$' },
          { name: 'comment.block.nn', begin: '/\\*', end: '\\*/' },
        ],
      },
      declaration: {
        patterns: [
          {
            match: '\\b(param)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(=)',
            captures: {
              '1': { name: 'keyword.declaration.nn' },
              '2': { name: 'variable.other.constant.param.nn' },
              '3': { name: 'keyword.operator.assignment.nn' },
            },
          },
          {
            // `block NAME(params) {`: the name, then its params (with `= default`) inside the parentheses.
            begin: '\\b(block)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*(\\()',
            end: '\\)',
            beginCaptures: { '1': { name: 'keyword.declaration.nn' }, '2': { name: 'entity.name.function.block.nn' }, '3': { name: 'punctuation.nn' } },
            endCaptures: { '0': { name: 'punctuation.nn' } },
            patterns: [
              { include: '#comments' },
              { name: 'variable.parameter.block.nn', match: '\\b[A-Za-z_][A-Za-z0-9_]*\\b(?=\\s*(?:=|,|\\)|$))' },
              { include: '#body' },
            ],
          },
          {
            match: '\\b(model|data|study)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: { '1': { name: 'keyword.declaration.nn' }, '2': { name: 'entity.name.type.nn' } },
          },
          {
            match: '\\b(train)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+(on)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: {
              '1': { name: 'keyword.declaration.nn' },
              '2': { name: 'entity.name.type.nn' },
              '3': { name: 'keyword.other.nn' },
              '4': { name: 'entity.name.type.nn' },
            },
          },
        ],
      },
      body: {
        patterns: [
          { include: '#comments' },
          { name: 'keyword.control.repeat.nn', match: '\\brepeat\\b' },
          {
            // `from NAME`: the chain goes on from a named output.
            match: '\\b(from)\\s+([A-Za-z_][A-Za-z0-9_]*)',
            captures: { '1': { name: 'keyword.control.from.nn' }, '2': { name: 'variable.other.output.nn' } },
          },
          {
            // `NAME = layer(...)`: a named output (the `=` not followed by another `=`).
            match: '\\b([A-Za-z_][A-Za-z0-9_]*)\\s*(=)(?!=)(?=\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\()',
            captures: { '1': { name: 'variable.other.output.nn' }, '2': { name: 'keyword.operator.assignment.nn' } },
          },
          { name: 'keyword.control.from.nn', match: '\\bfrom\\b(?!\\s*:)' },
          { name: 'keyword.declaration.nn', match: '\\b(?:model|data|train|on|param|study|block)\\b' },
          { name: 'keyword.operator.assignment.nn', match: '=' },
          { name: 'constant.language.boolean.nn', match: '\\b(?:true|false)\\b' },
          {
            name: 'string.quoted.double.nn',
            begin: '"',
            end: '"|$',
            patterns: [{ name: 'constant.character.escape.nn', match: '\\\\(?:["\\\\/bfnrt0]|u[0-9A-Fa-f]{4}|u\\{[0-9A-Fa-f]{1,6}\\})' }],
          },
          { name: 'constant.numeric.nn', match: '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?' },
          { name: 'support.function.layer.nn', match: `${words(catalogue.layerNames)}(?=\\s*\\()` },
          { name: 'support.function.nn', match: '\\b[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*(?=\\s*\\()' },
          { name: 'variable.other.property.nn', match: '\\b[A-Za-z_][A-Za-z0-9_]*(?=\\s*:)' },
          { name: 'support.constant.nn', match: words([...activations, ...catalogue.lossNames, ...catalogue.metricNames]) },
          { name: 'variable.other.nn', match: '\\b[A-Za-z_][A-Za-z0-9_]*\\b' },
          { name: 'punctuation.nn', match: '[{}()\\[\\],:.]' },
        ],
      },
    },
  };
}

/** The file's text. */
export function generateTextMateJson(): string {
  return `${JSON.stringify(generateTextMateGrammar(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'grammar', 'nn.tmLanguage.json');
  writeFileSync(target, generateTextMateJson());
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
