/**
 * Checker benchmark: check time for a 10,000-layer spec (four models), and parse+check time for a
 * 1,000-line file after a one-character edit (what an editor does on every keystroke).
 */
// The built package, as users run it (see bench/run.ts).
import { check, parse } from '../dist/index.js';
import { generateLargeSpec } from './parse.js';
import { median } from './stats.js';

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Runs the checker benchmark and returns its report as text. */
export async function runCheckBench(): Promise<string> {
  const out: string[] = [];

  const big = generateLargeSpec(10_000);
  const spec = parse(big).value;
  for (let warm = 0; warm < 3; warm++) check(spec);
  const checkTimes = Array.from({ length: 9 }, () => time(() => check(spec)));
  const parseCheckTimes = Array.from({ length: 5 }, () => time(() => check(parse(big).value)));
  const checked = check(spec);
  const models = checked.value.models;
  const layers = models.reduce((sum, model) => sum + model.layers.length, 0);
  if (checked.diagnostics.some((diagnostic) => diagnostic.severity === 'error'))
    throw new Error(`benchmark spec has errors: ${checked.diagnostics[0]!.message}`);
  out.push(
    `check, ${layers.toLocaleString('en')}-layer spec in ${models.length} models (${big.split('\n').length} lines): median ${median(checkTimes).toFixed(1)} ms (parse+check ${median(parseCheckTimes).toFixed(1)} ms)`,
  );

  // ~1,000 lines (the big spec's shape, shorter): the model body is what an editor user types into.
  const file = generateLargeSpec(945);
  const lineCount = file.split('\n').length - 1;
  const digits: number[] = [];
  for (let index = 0; index < file.length; index++) if (file[index] === '1' && file[index - 1] === '(' && file[index + 1] === '6') digits.push(index);
  for (let warm = 0; warm < 5; warm++) check(parse(file).value);
  const editTimes: number[] = [];
  const checkOnlyTimes: number[] = [];
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
    const parsed = parse(edited).value;
    checkOnlyTimes.push(time(() => check(parsed)));
  }
  out.push(
    `parse+check after a one-character edit, ${lineCount}-line file: median ${median(editTimes).toFixed(2)} ms over ${editTimes.length} edits (min ${Math.min(...editTimes).toFixed(2)}, max ${Math.max(...editTimes).toFixed(2)}; check alone median ${median(checkOnlyTimes).toFixed(2)} ms)${errors > 0 ? ` [${errors} unexpected errors]` : ''}`,
  );
  return out.join('\n');
}
