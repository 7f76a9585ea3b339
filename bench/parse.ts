/**
 * Parser benchmark: a generated 10,000-layer spec parsed to its AST, side by side with
 * `JSON.parse` of a JSON document of the same size describing the same layers (the reference
 * every JavaScript engine optimises hardest). Prints median and p95 ms, MB/s and the ratio of
 * the medians; and what the same spec costs with one syntax error at its end, where the fast
 * path gives up and the recovering parser reads the whole text.
 */
import { parse } from '../dist/index.js';
import { median, p95, table } from './stats.js';

/**
 * The most layers of one generated model: under the checker's limit of 3,000 (NN3015, what TF.js
 * can build), so a large spec is several full-size models the checker really checks, not one it
 * refuses at its size.
 */
const LAYERS_PER_MODEL = 2_500;

/**
 * A spec of `layers` layers in all (dense, dropout, a repeat block every 50), in models of at most
 * {@link LAYERS_PER_MODEL} layers (`big`, `big_2`, ...), plus data and the training of `big`.
 */
export function generateLargeSpec(layers: number): string {
  const lines = [
    '// generated for the benchmarks',
    'data d {',
    '  source: synthetic.blobs(samples: 1000, classes: 4, features: 16)',
    '  split: { train: 0.8, validation: 0.2 }',
    '}',
  ];
  for (let model = 0, left = layers; left > 0; model++, left -= LAYERS_PER_MODEL) {
    lines.push('', `model ${model === 0 ? 'big' : `big_${model + 1}`} {`, '  input(shape: [16])');
    for (let index = 0; index < Math.min(left, LAYERS_PER_MODEL) - 2; index++) {
      if (index % 50 === 0) lines.push('  repeat 1 {', '    dense(16, activation: relu, kernel_regularizer: l2(1e-4))', '  }');
      else lines.push(index % 2 === 0 ? `  dense(${16 + (index % 7)}, activation: relu) // layer ${index}` : '  dropout(0.1)');
    }
    lines.push('  dense(4, activation: softmax)', '}');
  }
  lines.push(
    '',
    'train big on d {',
    '  loss: categorical_crossentropy',
    '  metrics: [accuracy]',
    '  optimizer: adam(learning_rate: 1e-3)',
    '  epochs: 10',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

/** The same kind of content as JSON (one object per layer), as many layers as fit in `size` characters. */
function jsonOfSize(size: number): string {
  const items: string[] = [];
  let length = 2;
  for (let index = 0; length < size; index++) {
    const item = JSON.stringify(
      index % 2 === 0 ? { layer: 'dense', args: [16 + (index % 7)], activation: 'relu', comment: `layer ${index}` } : { layer: 'dropout', args: [0.1] },
    );
    items.push(item);
    length += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

/** The times of `repeats` runs, in ms, after three to warm up. */
function measure(run: () => void, repeats: number): number[] {
  for (let warm = 0; warm < 3; warm++) run();
  const times: number[] = [];
  for (let index = 0; index < repeats; index++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs the parser benchmark and returns its report as text. */
export async function runParseBench(): Promise<string> {
  const spec = generateLargeSpec(10_000);
  const json = jsonOfSize(spec.length);
  const result = parse(spec);
  if (result.diagnostics.length > 0) throw new Error(`benchmark spec has diagnostics: ${result.diagnostics[0]!.message}`);
  const broken = `${spec}model broken {\n  dense(4\n}\n`;
  if (parse(broken).diagnostics.length === 0) throw new Error('the broken benchmark spec parses without diagnostics');
  const parseTimes = measure(() => parse(spec), 21);
  const brokenTimes = measure(() => parse(broken), 9);
  const jsonTimes = measure(() => JSON.parse(json), 21);
  const row = (name: string, size: number, times: number[]) => [
    name,
    `${(size / 1024).toFixed(0)} KiB`,
    median(times).toFixed(1),
    p95(times).toFixed(1),
    (size / 1e6 / (median(times) / 1000)).toFixed(1),
  ];
  const rows = [
    ['', 'size', 'median ms', 'p95 ms', 'MB/s'],
    row('nnspec parse, valid (fast path: tokens, AST with ranges)', spec.length, parseTimes),
    row('nnspec parse, one syntax error at the end (recovering parser)', broken.length, brokenTimes),
    row('JSON.parse, same size', json.length, jsonTimes),
  ];
  const ratio = (median(parseTimes) / median(jsonTimes)).toFixed(1);
  return `${table(rows)}\n10,000 layers, ${spec.split('\n').length} lines; nnspec parse / JSON.parse = ${ratio}x the time (medians)`;
}
