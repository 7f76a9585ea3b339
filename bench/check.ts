/**
 * Checker benchmark: check time for a 10,000-layer spec, and parse+check time for a
 * 1,000-line file after a one-character edit (what an editor does on every keystroke).
 */
import { parse } from '../src/syntax/index.js';
import { check } from '../src/check/index.js';

/** A spec with one model of `layers` layers (dense and dropout alternating), its data and training. */
export function generateCheckSpec(layers: number): string {
  const lines = ['data d {', '  source: synthetic.blobs(features: 16, classes: 4)', '  split: { train: 0.8, validation: 0.2 }', '}', 'model big {', '  input(shape: [16])'];
  for (let index = 0; index < layers - 2; index++) lines.push(index % 2 === 0 ? `  dense(${16 + (index % 7)}, activation: relu)` : '  dropout(0.1)');
  lines.push('  dense(4, activation: softmax)', '}');
  lines.push('train big on d {', '  loss: categorical_crossentropy', '  metrics: [accuracy]', '  optimizer: adam(learning_rate: 1e-3)', '  epochs: 10', '  early_stopping: { monitor: val_loss, patience: 3 }', '}');
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Runs the checker benchmark and returns its report as text. */
export async function runCheckBench(): Promise<string> {
  const out: string[] = [];

  const big = generateCheckSpec(10_000);
  const spec = parse(big).value;
  for (let warm = 0; warm < 3; warm++) check(spec);
  const checkTimes = Array.from({ length: 9 }, () => time(() => check(spec)));
  const parseCheckTimes = Array.from({ length: 5 }, () => time(() => check(parse(big).value)));
  const layers = check(spec).value.models[0].layers.length;
  out.push(`check, ${layers.toLocaleString('en')}-layer spec (${big.split('\n').length} lines): median ${median(checkTimes).toFixed(1)} ms (parse+check ${median(parseCheckTimes).toFixed(1)} ms)`);

  // ~1,000 lines: the model body is what an editor user types into.
  const file = generateCheckSpec(1_000 - 13);
  const lineCount = file.split('\n').length - 1;
  const digits: number[] = [];
  for (let index = 0; index < file.length; index++) if (file[index] === '1' && file[index - 1] === '(' && file[index + 1] === '6') digits.push(index);
  for (let warm = 0; warm < 5; warm++) check(parse(file).value);
  const editTimes: number[] = [];
  let errors = 0;
  for (let run = 0; run < 60; run++) {
    const at = digits[(run * 37) % digits.length] + 1;
    const edited = `${file.slice(0, at)}${run % 2 === 0 ? '2' : '4'}${file.slice(at + 1)}`;
    editTimes.push(
      time(() => {
        const parsed = parse(edited);
        errors += check(parsed.value).diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
      }),
    );
  }
  out.push(`parse+check after a one-character edit, ${lineCount}-line file: median ${median(editTimes).toFixed(2)} ms over ${editTimes.length} edits (min ${Math.min(...editTimes).toFixed(2)}, max ${Math.max(...editTimes).toFixed(2)})${errors > 0 ? ` [${errors} unexpected errors]` : ''}`);
  return out.join('\n');
}
