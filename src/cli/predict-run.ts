/** What `nnspec predict` does once its options are parsed (loaded lazily: it pulls in TF.js). */
import type { OptionValues } from './command.js';
import { CliUsageError, type CliIo } from './io.js';
import { checkOutputTarget, displayPath, resolveOutput } from './output-paths.js';
import { parseSeedOption } from './options.js';
import { readInput, withBundle } from './bundle-io.js';
import { predict } from '../predict/predict.js';
import { predictionsCsv, predictionsJson } from '../predict/format-output.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { escapeControlChars } from '../util/terminal-text.js';

/** The most Monte Carlo passes `--mc` takes. */
const MAX_PASSES = 10_000;

/** `--mc`: a whole number of passes from 1 to 10,000. */
export function parseMcOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const passes = Number(value);
  if (value === '' || !Number.isInteger(passes) || passes < 1 || passes > MAX_PASSES)
    throw new CliUsageError(`--mc must be a whole number of passes from 1 to ${MAX_PASSES}, not \`${String(value)}\``);
  return passes;
}

/** `--format`: csv or json; by default json when the output file ends in `.json`. */
function parseFormat(value: unknown, output: string | undefined): 'csv' | 'json' {
  if (value === undefined) return output?.toLowerCase().endsWith('.json') ? 'json' : 'csv';
  if (value === 'csv' || value === 'json') return value;
  throw new CliUsageError(`--format must be \`csv\` or \`json\`, not \`${String(value)}\``);
}

/** Runs `nnspec predict` and returns its exit code. */
export async function runPredict(values: OptionValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length !== 2)
    throw new CliUsageError('`nnspec predict` takes a model folder and an input: `nnspec predict DIR INPUT` (INPUT `-` reads standard input)');
  const [dir, input] = positionals as [string, string];
  const mc = parseMcOption(values.mc);
  const seed = parseSeedOption(values.seed);
  if (seed !== undefined && mc === undefined) throw new CliUsageError('--seed seeds the Monte Carlo dropout masks: use it with --mc N');
  const output = resolveOutput(io, values.output);
  const format = parseFormat(values.format, output);
  if (output !== undefined) checkOutputTarget('--output', output, 'file');
  return withBundle(dir, values, io, async (bundle, diagnostics) => {
    const modelInput = await readInput(input, bundle.json, io, diagnostics);
    if (modelInput === undefined || hasErrors(diagnostics.all)) {
      diagnostics.print();
      return 1;
    }
    const result = diagnostics.take(predict(bundle, modelInput, { ...(mc !== undefined ? { mc } : {}), ...(seed !== undefined ? { seed } : {}) }));
    diagnostics.print();
    const text = format === 'json' ? predictionsJson(result) : predictionsCsv(result);
    if (output === undefined) io.stdout(text);
    else {
      await writeFileAtomic(output, text);
      io.stderr(`wrote ${escapeControlChars(displayPath(io, output))} (${result.rows.length} prediction${result.rows.length === 1 ? '' : 's'})\n`);
    }
    return 0;
  });
}
