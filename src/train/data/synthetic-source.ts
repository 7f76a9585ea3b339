/**
 * Resolves a `synthetic.*` source of the IR (parameters, defaults, seed) to a generated data set.
 * Browser-safe.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrValue } from '../../ir/schema.js';
import { Random } from '../../util/seeds.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import type { ParamView } from '../../catalogue/types.js';
import { irParamSchema } from '../../ir/param-schemas.js';
import { specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import type { Dataset } from './dataset.js';
import { blobs, circles, moons, sine, spirals, xor } from './synthetic.js';

const SYNTHETIC_SOURCES = ['synthetic.spirals', 'synthetic.moons', 'synthetic.circles', 'synthetic.xor', 'synthetic.blobs', 'synthetic.sine'] as const;

/** The names of the synthetic sources. */
export type SyntheticSourceType = (typeof SYNTHETIC_SOURCES)[number];

/** A synthetic source's parameters, from the catalogue (the one place their defaults and ranges are written). */
function sourceParams(type: SyntheticSourceType): readonly ParamView[] {
  const view = defaultCatalogueView().source(type);
  if (!view) throw new Error(`nnspec: the catalogue has no source \`${type}\``);
  return view.params;
}

/** The numeric default parameters of each synthetic source, as the catalogue gives them (docs/data.md). */
export const SYNTHETIC_DEFAULTS: Readonly<Record<SyntheticSourceType, Readonly<Record<string, number>>>> = Object.fromEntries(
  SYNTHETIC_SOURCES.map((type) => [
    type,
    Object.fromEntries(sourceParams(type).flatMap((param) => (typeof param.default === 'number' ? [[param.name, param.default]] : []))),
  ]),
) as Record<SyntheticSourceType, Record<string, number>>;

/** True for `synthetic.spirals`, `synthetic.moons`, ... */
export function isSyntheticSource(type: string): type is SyntheticSourceType {
  return (SYNTHETIC_SOURCES as readonly string[]).includes(type);
}

/** `turns` (spirals) is a generator option the catalogue does not offer: only a hand-made document sets it. */
const TURNS = { what: 'a number above 0', ok: (value: number) => value > 0 };

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
  const catalogueParams = sourceParams(type);
  const read = (name: string): number | undefined => {
    const raw = params[name];
    if (raw === undefined || raw === null) return defaults[name];
    const param = catalogueParams.find((candidate) => candidate.name === name);
    if (!param) {
      if (typeof raw === 'number' && Number.isFinite(raw) && TURNS.ok(raw)) return raw;
      diagnostics.push(specDiagnostic(DATA_CODE.badSourceParam, where, `\`${name}\` of \`${type}\` must be ${TURNS.what}, got \`${JSON.stringify(raw)}\``));
      return undefined;
    }
    // The catalogue's type and range, in the checker's words (`must be at least 1, got 0`).
    const checked = irParamSchema({ ...param, nullable: false }, defaultCatalogueView()).safeParse(raw);
    if (!checked.success || typeof checked.data !== 'number') {
      const message = checked.success ? 'expected a number' : (checked.error.issues[0]?.message ?? 'is not valid');
      diagnostics.push(
        specDiagnostic(
          DATA_CODE.badSourceParam,
          where,
          `\`${name}\` of \`${type}\` ${message.startsWith('must') ? message : `must be ${message.replace(/^expected /, '')}`}`,
        ),
      );
      return undefined;
    }
    return checked.data;
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
    diagnostics.push(
      specDiagnostic(DATA_CODE.badSourceParam, where, `\`${type}\` needs at least one sample per class: \`samples\` is ${samples} for ${classes} classes`),
    );
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
