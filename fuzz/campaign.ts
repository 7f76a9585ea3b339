/**
 * A fuzz campaign: generates inputs from a seed, runs each in the watched worker, checks the
 * harness-side properties (hang, memory, crash, slow), minimizes failures and saves them, and
 * tallies what it saw. `npm run fuzz` and the seeded run of `npm test` both call {@link runCampaign}.
 */
import { DEFAULT_DATA_LIMITS, dataInput, type DataInput, type DataLimits } from './data-generators.js';
import { DEFAULT_FRONT_LIMITS, frontInput, type FrontInput, type FrontLimits } from './front-generators.js';
import { minimizeBytes, minimizeText, type MinimizeBudget } from './minimize.js';
import type { PropertyFailure } from './properties.js';
import { Random, inputSeed } from './random.js';
import { CaseRunner, DEFAULT_RUNNER_LIMITS, type CaseOutcome, type RunnerLimits } from './runner.js';
import { saveFailure } from './save.js';
import { loadSeeds } from './seeds.js';

export type Target = 'front' | 'data';

/** The "no input slower than" bound: `baseMs + perKbMs` for each KB of input (text, or file bytes). */
export interface SlowBound {
  baseMs: number;
  perKbMs: number;
}

/** Everything a campaign can be told. */
export interface CampaignOptions {
  targets: Target[];
  seed: number;
  /** Inputs per target, at most. */
  count?: number;
  /** The index of the first input (default 0): `--from 1234 --count 1` replays one input of a run. */
  from?: number;
  /** Seconds per target, at most. One of `count` and `seconds` is needed. */
  seconds?: number;
  /** Where failures are saved; none when undefined. */
  out?: string;
  /** The slow-input property's bound; null turns the property off (the npm-test run: no timing assertions). */
  slow: SlowBound | null;
  /** The watchdog's timeout per case, by target, in ms. */
  hangMs: Record<Target, number>;
  frontLimits?: FrontLimits;
  dataLimits?: DataLimits;
  runnerLimits?: RunnerLimits;
  /** The minimizer's budget per failure; null saves failures as found. */
  minimize: MinimizeBudget | null;
  /** Failures of the same signature minimized and saved, at most (all are counted). */
  keepPerSignature: number;
  /** Progress lines (one per failure found); silent when undefined. */
  log?: (line: string) => void;
}

/** One failing input, as found and as minimized. */
export interface FoundFailure extends PropertyFailure {
  target: Target;
  seed: number;
  index: number;
  kind: string;
  signature: string;
  inputSize: number;
  minimizedSize?: number;
  elapsedMs: number;
  input: FrontInput | DataInput;
  minimized?: FrontInput | DataInput;
  savedTo?: string;
}

/** What one target's run saw. */
export interface TargetSummary {
  target: Target;
  inputs: number;
  seconds: number;
  inputBytes: number;
  failures: FoundFailure[];
  byProperty: Record<string, number>;
  byKind: Record<string, number>;
  slowest: { index: number; kind: string; size: number; ms: number } | undefined;
  peakRssGrowthMb: number;
  workersStarted: number;
}

/** Sizes of an input: the text's length, or the bytes of its files. */
export function sizeOf(input: FrontInput | DataInput): number {
  return 'text' in input ? input.text.length : Object.values(input.files).reduce((sum, bytes) => sum + bytes.length, 0);
}

/** Failures alike enough to be one bug: property, stage and the message with numbers and quoted parts blanked. */
export function signatureOf(target: Target, failure: PropertyFailure): string {
  // What follows "near" is the input's own text: the same bug shows near any text.
  const message = failure.message
    .replace(/ near .*$/s, '')
    .replace(/U\+[0-9a-f]{4}/gi, 'U+_')
    .replace(/`[^`]*`/g, '`_`')
    .replace(/"[^"]*"/g, '"_"')
    .replace(/\d+(\.\d+)?/g, '#')
    .slice(0, 100);
  return `${target}/${failure.property}/${failure.stage}: ${message}`;
}

const TARGET_SALT: Record<Target, number> = { front: 0x0f0f, data: 0xda7a };

/** Input `index` of target `target` for `seed`: the same on every run. */
export function generateInput(
  target: Target,
  seed: number,
  index: number,
  seeds: readonly string[],
  frontLimits: FrontLimits,
  dataLimits: DataLimits,
): FrontInput | DataInput {
  const random = new Random(inputSeed(seed ^ TARGET_SALT[target], index));
  return target === 'front' ? frontInput(random, seeds, frontLimits) : dataInput(random, dataLimits);
}

function slowFailure(bound: SlowBound | null, size: number, outcome: CaseOutcome): PropertyFailure | undefined {
  if (bound === null || outcome.failure !== undefined) return outcome.failure;
  const allowed = bound.baseMs + (bound.perKbMs * size) / 1024;
  if (outcome.elapsedMs <= allowed) return undefined;
  return {
    property: 'slow',
    stage: 'all',
    message: `took ${outcome.elapsedMs.toFixed(0)} ms for ${size} characters or bytes; the bound is ${allowed.toFixed(0)} ms`,
  };
}

async function runOne(
  runner: CaseRunner,
  target: Target,
  input: FrontInput | DataInput,
  options: CampaignOptions,
  hangMs = options.hangMs[target],
): Promise<{ outcome: CaseOutcome; failure: PropertyFailure | undefined }> {
  const outcome = await runner.run(target === 'front' ? { target, input: input as FrontInput } : { target, input: input as DataInput }, hangMs);
  return { outcome, failure: slowFailure(options.slow, sizeOf(input), outcome) };
}

async function minimizeFailure(
  runner: CaseRunner,
  target: Target,
  input: FrontInput | DataInput,
  failure: PropertyFailure,
  options: CampaignOptions,
  budget: MinimizeBudget,
): Promise<FrontInput | DataInput> {
  // A hang is minimized with a quarter of the timeout: a candidate that runs that long still shows the unbounded work.
  const hangMs = failure.property === 'hang' ? Math.max(1000, options.hangMs[target] / 4) : options.hangMs[target];
  const same = async (candidate: FrontInput | DataInput): Promise<boolean> => {
    const again = (await runOne(runner, target, candidate, options, hangMs)).failure;
    return again !== undefined && again.property === failure.property && again.stage === failure.stage;
  };
  if ('text' in input) {
    const text = await minimizeText(input.text, (text) => same({ ...input, text }), budget);
    return { ...input, text };
  }
  const files = { ...input.files };
  for (const name of Object.keys(files)) {
    // Byte-level ddmin of a large file costs more than it tells: bombs and big tables are kept whole.
    if (files[name]!.length > 16 * 1024) continue;
    files[name] = await minimizeBytes(files[name]!, (bytes) => same({ ...input, files: { ...files, [name]: bytes } }), budget);
  }
  return { ...input, files };
}

async function runTarget(target: Target, options: CampaignOptions, seeds: readonly string[]): Promise<TargetSummary> {
  const frontLimits = options.frontLimits ?? DEFAULT_FRONT_LIMITS;
  const dataLimits = options.dataLimits ?? DEFAULT_DATA_LIMITS;
  const runner = new CaseRunner(options.runnerLimits ?? DEFAULT_RUNNER_LIMITS);
  const summary: TargetSummary = {
    target,
    inputs: 0,
    seconds: 0,
    inputBytes: 0,
    failures: [],
    byProperty: {},
    byKind: {},
    slowest: undefined,
    peakRssGrowthMb: 0,
    workersStarted: 0,
  };
  const kept = new Map<string, number>();
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  let minimizing = 0;
  try {
    const from = options.from ?? 0;
    for (let index = from; (options.count === undefined || index < from + options.count) && performance.now() < deadline + minimizing; index++) {
      const input = generateInput(target, options.seed, index, seeds, frontLimits, dataLimits);
      const kind = input.kind.split('+')[0]!;
      const size = sizeOf(input);
      const { outcome, failure } = await runOne(runner, target, input, options);
      summary.inputs++;
      summary.inputBytes += size;
      summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
      summary.peakRssGrowthMb = Math.max(summary.peakRssGrowthMb, outcome.peakRssGrowth / 2 ** 20);
      if (failure?.property !== 'hang' && (summary.slowest === undefined || outcome.elapsedMs > summary.slowest.ms))
        summary.slowest = { index, kind: input.kind, size, ms: outcome.elapsedMs };
      if (failure === undefined) continue;
      summary.byProperty[failure.property] = (summary.byProperty[failure.property] ?? 0) + 1;
      const signature = signatureOf(target, failure);
      const found: FoundFailure = {
        ...failure,
        target,
        seed: options.seed,
        index,
        kind: input.kind,
        signature,
        inputSize: size,
        elapsedMs: outcome.elapsedMs,
        input,
      };
      summary.failures.push(found);
      const seen = kept.get(signature) ?? 0;
      kept.set(signature, seen + 1);
      if (seen >= options.keepPerSignature) continue;
      // Time spent minimizing does not count against the run's seconds: it would starve the search.
      const minimizeStarted = performance.now();
      if (options.minimize !== null) {
        found.minimized = await minimizeFailure(runner, target, input, failure, options, options.minimize);
        found.minimizedSize = sizeOf(found.minimized);
      }
      if (options.out !== undefined) found.savedTo = saveFailure(options.out, found);
      minimizing += performance.now() - minimizeStarted;
      options.log?.(
        `[${target} #${index}] ${failure.property} in ${failure.stage}: ${failure.message.slice(0, 160)}${found.minimizedSize !== undefined ? ` (minimized ${size} -> ${found.minimizedSize})` : ''}${found.savedTo ? ` -> ${found.savedTo}` : ''}`,
      );
    }
  } finally {
    summary.seconds = (performance.now() - started - minimizing) / 1000;
    summary.workersStarted = runner.workersStarted;
    await runner.close();
  }
  return summary;
}

/** Runs each target in turn; their summaries. */
export async function runCampaign(options: CampaignOptions): Promise<TargetSummary[]> {
  if (options.count === undefined && options.seconds === undefined) throw new Error('a campaign needs a count or a number of seconds');
  const seeds = loadSeeds();
  const summaries: TargetSummary[] = [];
  for (const target of options.targets) summaries.push(await runTarget(target, options, seeds));
  return summaries;
}
