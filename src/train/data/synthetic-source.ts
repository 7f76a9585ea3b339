/**
 * Resolves a `synthetic.*` source of the IR (parameters, defaults, seed) to a generated data set.
 * Browser-safe.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrValue } from '../../ir/schema.js';
import { Random } from '../random.js';
import { specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import type { Dataset } from './dataset.js';
import { blobs, circles, moons, sine, spirals, xor } from './synthetic.js';

/** Default parameters of each synthetic source (documented in docs/data.md). */
export const SYNTHETIC_DEFAULTS = {
  'synthetic.spirals': { samples: 600, classes: 3, noise: 0.05 },
  'synthetic.moons': { samples: 500, noise: 0.1 },
  'synthetic.circles': { samples: 500, noise: 0.05, factor: 0.5 },
  'synthetic.xor': { samples: 400, noise: 0.05 },
  'synthetic.blobs': { samples: 500, classes: 3, features: 2, noise: 1.0 },
  'synthetic.sine': { samples: 200, noise: 0.1 },
} as const;

/** The names of the synthetic sources. */
export type SyntheticSourceType = keyof typeof SYNTHETIC_DEFAULTS;

/** True for `synthetic.spirals`, `synthetic.moons`, ... */
export function isSyntheticSource(type: string): type is SyntheticSourceType {
  return Object.hasOwn(SYNTHETIC_DEFAULTS, type);
}

interface NumberRule {
  integer: boolean;
  min: number;
  /** Whether `min` itself is allowed. */
  inclusive: boolean;
  what: string;
}

const RULES: Record<string, NumberRule> = {
  samples: { integer: true, min: 1, inclusive: true, what: 'a positive whole number' },
  classes: { integer: true, min: 2, inclusive: true, what: 'a whole number of at least 2' },
  features: { integer: true, min: 1, inclusive: true, what: 'a positive whole number' },
  noise: { integer: false, min: 0, inclusive: true, what: 'a number of at least 0' },
  factor: { integer: false, min: 0, inclusive: false, what: 'a number above 0' },
  turns: { integer: false, min: 0, inclusive: false, what: 'a number above 0' },
  seed: { integer: true, min: 0, inclusive: true, what: 'a whole number of at least 0' },
};

/**
 * Generates the data set of a synthetic source. `params.seed` (when given) seeds it; otherwise
 * the run's seed does, through a stream of its own so the split's randomness is independent.
 */
export function generateSynthetic(
  type: SyntheticSourceType,
  params: Readonly<Record<string, IrValue>>,
  runSeed: number,
  where: SpecLocation,
): StageResult<Dataset | undefined> {
  const diagnostics: Diagnostic[] = [];
  const defaults: Readonly<Record<string, number>> = SYNTHETIC_DEFAULTS[type];
  const read = (name: string): number | undefined => {
    const raw = params[name];
    if (raw === undefined || raw === null) return defaults[name];
    const rule = RULES[name];
    const ok = typeof raw === 'number' && Number.isFinite(raw) && (!rule.integer || Number.isInteger(raw)) && (rule.inclusive ? raw >= rule.min : raw > rule.min);
    if (!ok) {
      diagnostics.push(specDiagnostic(DATA_CODE.badSourceParam, where, `\`${name}\` of \`${type}\` must be ${rule.what}, got \`${JSON.stringify(raw)}\``));
      return undefined;
    }
    return raw as number;
  };
  const samples = read('samples') as number;
  const noise = read('noise') as number;
  const classes = 'classes' in defaults ? (read('classes') as number) : 2;
  const features = 'features' in defaults ? (read('features') as number) : 2;
  const factor = type === 'synthetic.circles' ? read('factor') : undefined;
  const turns = type === 'synthetic.spirals' ? read('turns') : undefined;
  const seed = read('seed');
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  if (type !== 'synthetic.sine' && type !== 'synthetic.xor' && samples < classes) {
    diagnostics.push(specDiagnostic(DATA_CODE.badSourceParam, where, `\`${type}\` needs at least one sample per class: \`samples\` is ${samples} for ${classes} classes`));
    return { value: undefined, diagnostics };
  }

  const random = seed !== undefined ? new Random(seed) : new Random(runSeed).fork(`data:${type}`);
  const options = { samples, noise };
  switch (type) {
    case 'synthetic.spirals':
      return { value: spirals(random, { ...options, classes, turns }), diagnostics };
    case 'synthetic.moons':
      return { value: moons(random, options), diagnostics };
    case 'synthetic.circles':
      return { value: circles(random, { ...options, factor }), diagnostics };
    case 'synthetic.xor':
      return { value: xor(random, options), diagnostics };
    case 'synthetic.blobs':
      return { value: blobs(random, { ...options, classes, features }), diagnostics };
    case 'synthetic.sine':
      return { value: sine(random, options), diagnostics };
  }
}
