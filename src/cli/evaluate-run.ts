/** What `nnspec evaluate` does once its options are parsed (loaded lazily: it pulls in TF.js). */
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, type CliIo } from './io.js';
import { checkOutputTarget, displayPath, resolveOutput } from './output-paths.js';
import { readInput, withBundle } from './bundle-io.js';
import { evaluate, type EvaluateResult } from '../predict/evaluate.js';
import { evaluateSplit, type SplitName } from '../predict/evaluate-split-node.js';
import { evaluationJson, evaluationText } from '../predict/format-output.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { escapeControlChars } from '../util/terminal-text.js';

const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

function parseSplit(value: unknown): SplitName | undefined {
  if (value === undefined) return undefined;
  if (SPLITS.includes(value as SplitName)) return value as SplitName;
  throw new CliUsageError(`--split must be \`train\`, \`validation\` or \`test\`, not \`${String(value)}\``);
}

/** Runs `nnspec evaluate` and returns its exit code. */
export async function runEvaluate(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  const split = parseSplit(values.split);
  const [dir, data, ...rest] = positionals;
  if (dir === undefined || rest.length > 0)
    throw new CliUsageError('`nnspec evaluate` takes a model folder and labelled data: `nnspec evaluate DIR DATA` (or `DIR --split test`)');
  if ((data === undefined) === (split === undefined)) throw new CliUsageError('give either labelled DATA or `--split NAME`, not both or neither');
  const labelsFile = typeof values.labels === 'string' ? path.resolve(io.cwd, values.labels) : undefined;
  if (labelsFile !== undefined && data === undefined) throw new CliUsageError('--labels goes with IDX images given as DATA');
  const jsonOutput = resolveOutput(io, values.json);
  if (jsonOutput !== undefined) checkOutputTarget('--json', jsonOutput, 'file');
  return withBundle(dir, values, io, async (bundle, diagnostics) => {
    let result: EvaluateResult | undefined;
    if (split !== undefined) result = diagnostics.take(await evaluateSplit(bundle, path.resolve(io.cwd, dir), split));
    else {
      const input = await readInput(data!, bundle.json, io, diagnostics, { labels: 'require', ...(labelsFile !== undefined ? { labelsFile } : {}) });
      if (input !== undefined && !hasErrors(diagnostics.all)) result = diagnostics.take(evaluate(bundle, input));
    }
    diagnostics.print();
    if (result === undefined || hasErrors(diagnostics.all)) return 1;
    const title = split !== undefined ? `Evaluation on the ${split} split` : `Evaluation on ${data === '-' ? 'standard input' : data}`;
    io.stdout(evaluationText(result, title));
    if (jsonOutput !== undefined) {
      await writeFileAtomic(jsonOutput, evaluationJson(result, { model: dir, data: split !== undefined ? { split } : { file: data } }));
      io.stderr(`wrote ${escapeControlChars(displayPath(io, jsonOutput))}\n`);
    }
    return 0;
  });
}
