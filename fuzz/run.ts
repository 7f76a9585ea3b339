/**
 * `npm run fuzz [-- OPTIONS]`: the fuzz harness of the front end (parse, check, lower, format)
 * and of the data readers (CSV and IDX through `probeData` and `loadData`). See
 * docs/reliability.md for the properties, the bounds and how to replay a failure.
 *
 *   --target front|data|all   what to fuzz (all: front, then data)
 *   --count N                 inputs per target, at most
 *   --seconds S               seconds per target, at most (default 60 when no --count)
 *   --seed K                  the run's seed (default: from the clock, printed)
 *   --from I                  the first input's index (replay: --from I --count 1)
 *   --out DIR                 where failures go (default fuzz-failures/)
 *   --no-minimize             save failures as found
 *   --no-slow                 turn the slow-input property off
 *   --slow-base-ms, --slow-per-kb-ms, --hang-ms, --heap-mb, --rss-mb, --bomb-mb   bounds (docs/reliability.md)
 */
import { parseArgs } from 'node:util';
import { runCampaign, type Target } from './campaign.js';
import { DEFAULT_DATA_LIMITS } from './data-generators.js';
import { DEFAULT_FRONT_LIMITS } from './front-generators.js';
import { DEFAULT_RUNNER_LIMITS } from './runner.js';
import { renderSummary } from './summary.js';

/** The defaults of the long run, documented in docs/reliability.md. */
export const FUZZ_DEFAULTS = { slowBaseMs: 2000, slowPerKbMs: 30, frontHangMs: 20_000, dataHangMs: 60_000, minimizeAttempts: 400, minimizeMs: 60_000 };

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'all' },
    count: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    from: { type: 'string' },
    out: { type: 'string', default: 'fuzz-failures' },
    'no-minimize': { type: 'boolean', default: false },
    'no-slow': { type: 'boolean', default: false },
    'slow-base-ms': { type: 'string' },
    'slow-per-kb-ms': { type: 'string' },
    'hang-ms': { type: 'string' },
    'heap-mb': { type: 'string' },
    'rss-mb': { type: 'string' },
    'bomb-mb': { type: 'string' },
  },
  strict: true,
});

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`--${name} takes a non-negative number, got \`${text}\``);
    process.exit(2);
  }
  return value;
}

const targetNames: Record<string, Target[]> = { front: ['front'], data: ['data'], all: ['front', 'data'] };
const targets = targetNames[values.target];
if (targets === undefined) {
  console.error(`--target takes front, data or all, got \`${values.target}\``);
  process.exit(2);
}
const count = values.count === undefined ? undefined : number('count', values.count, 0);
const seconds = values.seconds === undefined ? (count === undefined ? 60 : undefined) : number('seconds', values.seconds, 60);
const seed = number('seed', values.seed, Date.now() % 2 ** 31);
const hangMs = values['hang-ms'] === undefined ? undefined : number('hang-ms', values['hang-ms'], 0);

console.log(
  `# nnspec fuzz: target ${values.target}, seed ${seed}, ${count !== undefined ? `${count} inputs` : ''}${count !== undefined && seconds !== undefined ? ' or ' : ''}${seconds !== undefined ? `${seconds} s` : ''} per target, failures to ${values.out}/\n`,
);
const summaries = await runCampaign({
  targets,
  seed,
  ...(count !== undefined ? { count } : {}),
  ...(seconds !== undefined ? { seconds } : {}),
  from: number('from', values.from, 0),
  out: values.out,
  slow: values['no-slow']
    ? null
    : {
        baseMs: number('slow-base-ms', values['slow-base-ms'], FUZZ_DEFAULTS.slowBaseMs),
        perKbMs: number('slow-per-kb-ms', values['slow-per-kb-ms'], FUZZ_DEFAULTS.slowPerKbMs),
      },
  hangMs: { front: hangMs ?? FUZZ_DEFAULTS.frontHangMs, data: hangMs ?? FUZZ_DEFAULTS.dataHangMs },
  frontLimits: DEFAULT_FRONT_LIMITS,
  dataLimits: { ...DEFAULT_DATA_LIMITS, bombBytes: number('bomb-mb', values['bomb-mb'], DEFAULT_DATA_LIMITS.bombBytes / 2 ** 20) * 2 ** 20 },
  runnerLimits: {
    ...DEFAULT_RUNNER_LIMITS,
    heapMb: number('heap-mb', values['heap-mb'], DEFAULT_RUNNER_LIMITS.heapMb),
    rssMb: number('rss-mb', values['rss-mb'], DEFAULT_RUNNER_LIMITS.rssMb),
  },
  minimize: values['no-minimize'] ? null : { maxAttempts: FUZZ_DEFAULTS.minimizeAttempts, maxMs: FUZZ_DEFAULTS.minimizeMs },
  keepPerSignature: 3,
  log: (line) => console.log(line),
});
console.log(`\n${renderSummary(summaries)}`);
process.exitCode = summaries.some((summary) => summary.failures.length > 0) ? 1 : 0;
