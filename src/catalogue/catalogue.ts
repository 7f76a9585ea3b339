/**
 * The catalogue: every optimizer, loss, metric, schedule, initializer, regularizer, data source
 * and block option of the language, with the layers of ./layers.ts, described once as data.
 * The checker, the IR lowering, the backend's docs, completion, hover and docs/catalogue.md
 * all read it through {@link defaultCatalogueView}.
 */
import type { IrValue } from '../ir/schema.js';
import type { CatalogueView, EntryView, LossView, MetricView, ParamType, ParamView, SourceView, StoppingRuleView } from './types.js';
import { ACTIVATIONS, LAYERS, lookupLayer, param } from './layers.js';
import type { Task } from './types.js';
import { PRUNE_RULES, STUDY_DOMAINS, STUDY_OPTIONS } from './study.js';

const INT: ParamType = { kind: 'int' };
const NUMBER: ParamType = { kind: 'number' };
const BOOL: ParamType = { kind: 'boolean' };
const STRING: ParamType = { kind: 'string' };

const learningRate = (fallback: number): ParamView => param('learning_rate', NUMBER, 'step size', { position: 0, default: fallback, minExclusive: 0 });
const epsilon = (): ParamView => param('epsilon', NUMBER, 'added to denominators for stability', { default: 1e-7, minExclusive: 0 });
const beta = (name: string, fallback: number): ParamView => param(name, NUMBER, 'moment decay rate', { default: fallback, min: 0, maxExclusive: 1 });

/** Entries by name and by alias (an alias finds the entry under its own name). */
function entries<T extends EntryView>(list: T[]): Map<string, T> {
  return new Map(list.flatMap((entry) => [entry.name, ...(entry.aliases ?? [])].map((name) => [name, entry] as const)));
}

/** The canonical names of a map built by {@link entries}, without aliases. */
function names(map: ReadonlyMap<string, EntryView>): string[] {
  return [...map].filter(([name, entry]) => entry.name === name).map(([name]) => name);
}

const OPTIMIZERS = entries<EntryView>([
  {
    name: 'sgd',
    doc: 'stochastic gradient descent, optionally with (Nesterov) momentum',
    params: [
      learningRate(0.01),
      param('momentum', NUMBER, 'momentum', { default: 0, min: 0 }),
      param('nesterov', BOOL, 'Nesterov momentum', { default: false }),
    ],
  },
  { name: 'adam', doc: 'Adam: adaptive moment estimation', params: [learningRate(0.001), beta('beta_1', 0.9), beta('beta_2', 0.999), epsilon()] },
  { name: 'adamax', doc: 'Adamax: Adam with the infinity norm', params: [learningRate(0.002), beta('beta_1', 0.9), beta('beta_2', 0.999), epsilon()] },
  {
    name: 'rmsprop',
    doc: 'RMSprop: divides by a moving average of squared gradients',
    params: [
      learningRate(0.001),
      beta('rho', 0.9),
      param('momentum', NUMBER, 'momentum', { default: 0, min: 0 }),
      epsilon(),
      param('centered', BOOL, 'centred variant', { default: false }),
    ],
  },
  {
    name: 'adagrad',
    doc: 'Adagrad: per-parameter rates from accumulated squared gradients',
    params: [learningRate(0.01), param('initial_accumulator_value', NUMBER, 'starting accumulator', { default: 0.1, min: 0 })],
  },
  {
    name: 'adadelta',
    // Keras 2.x and TF.js both default to 0.001 (the paper's 1.0 suits Adadelta's own scaling, but
    // a spec ported from Keras should behave the same).
    doc: "Adadelta (learning rate 0.001 by default, as in Keras 2 and TF.js, not the paper's 1.0)",
    params: [learningRate(0.001), beta('rho', 0.95), epsilon()],
  },
]);

const SCHEDULES = entries<EntryView>([
  {
    name: 'step_decay',
    doc: 'multiply the rate by `drop` every `every` epochs',
    params: [
      param('drop', NUMBER, 'factor per step', { default: 0.5, minExclusive: 0, max: 1 }),
      param('every', INT, 'epochs per step', { default: 10, min: 1 }),
    ],
  },
  {
    name: 'exponential_decay',
    doc: 'multiply the rate by `rate` every `steps` epochs, smoothly',
    params: [
      param('rate', NUMBER, 'decay factor', { default: 0.96, minExclusive: 0, max: 1 }),
      param('steps', INT, 'epochs per factor', { default: 1, min: 1 }),
    ],
  },
  {
    name: 'cosine_decay',
    doc: 'cosine from the initial rate down to `min_lr`',
    params: [
      param('epochs', INT, 'epochs of the decay (the run length when left out)', { default: null, nullable: true, min: 1 }),
      param('min_lr', NUMBER, 'final rate', { default: 0, min: 0 }),
    ],
  },
  {
    name: 'reduce_on_plateau',
    doc: 'divide the rate when the monitor stops improving',
    params: [
      param('monitor', { kind: 'name' }, 'quantity watched', { default: 'val_loss' }),
      param(
        'mode',
        { kind: 'enum', values: ['auto', 'min', 'max'] },
        "whether lower or higher is better (`auto`: the metric's own direction, lower for losses)",
        { default: 'auto' },
      ),
      param('factor', NUMBER, 'factor applied to the rate', { default: 0.1, minExclusive: 0, maxExclusive: 1 }),
      param('patience', INT, 'epochs without improvement before reducing', { default: 10, min: 0 }),
      param('min_delta', NUMBER, 'smallest change that counts', { default: 0.0001, min: 0 }),
      param('min_lr', NUMBER, 'lower bound of the rate', { default: 0, min: 0 }),
      param('cooldown', INT, 'epochs to wait after a reduction', { default: 0, min: 0 }),
    ],
  },
]);

/** A resolved rule parameter (the checker resolved every one; 1, the smallest a strip takes, when absent). */
const numberParam = (params: Readonly<Record<string, IrValue>>, name: string): number => {
  const value = params[name];
  return typeof value === 'number' ? value : 1;
};
const strip = (min: number, doc: string): ParamView => param('strip', INT, doc, { default: 5, min });
/**
 * Early-stopping rules. `patience` is Keras's; `gl`, `pq` and `up` are Prechelt's criteria
 * ("Early stopping — but when?", 1998), with the defaults of his comparison. Their arithmetic is
 * in src/train/stopping-rules.ts and docs/training.md.
 */
const STOPPING_RULES = entries<StoppingRuleView>([
  {
    name: 'patience',
    doc: "Keras's rule: stop when the monitor has not improved for `patience` epochs (or has not beaten `baseline` within them)",
    params: [],
    minimisedMonitorOnly: false,
    validationMonitor: false,
    // Epoch 1 never stops; after it, `patience` epochs without improvement (at least one).
    firstStop: (_params, patience) => Math.max(2, patience + 1),
    readsOptions: ['patience', 'baseline'],
  },
  {
    name: 'gl',
    doc: 'generalization loss: stop at the first epoch where GL = 100 (value / best - 1), the percentage by which the monitored value is above its best so far, exceeds `alpha`',
    params: [param('alpha', NUMBER, 'the largest rise above the best value that is tolerated, in percent', { position: 0, default: 2, min: 0 })],
    minimisedMonitorOnly: true,
    validationMonitor: true,
    // The first counted epoch is the best one (GL 0): the second is the first that can exceed alpha.
    firstStop: () => 2,
    readsOptions: [],
  },
  {
    name: 'pq',
    doc: "progress quotient: at the end of every strip of `strip` epochs, stop when GL divided by the training progress P = 1000 (mean / min of the strip's training losses - 1) exceeds `alpha`",
    params: [
      param('alpha', NUMBER, 'the largest GL / P that is tolerated', { position: 0, default: 0.5, min: 0 }),
      // A strip of one epoch has no progress to measure (P is always 0).
      strip(2, 'epochs per strip, over which training progress is measured (at least 2)'),
    ],
    minimisedMonitorOnly: true,
    validationMonitor: true,
    firstStop: (params) => numberParam(params, 'strip'),
    readsOptions: [],
  },
  {
    name: 'up',
    doc: 'stop when the monitored value got worse at the end of `strips` successive strips of `strip` epochs (higher for a minimised monitor, lower for a maximised one)',
    params: [
      param('strips', INT, 'successive worse strips that stop training', { position: 0, default: 3, min: 1 }),
      strip(1, 'epochs per strip; the value is compared at strip ends'),
    ],
    minimisedMonitorOnly: false,
    validationMonitor: true,
    // The first strip end has nothing to compare with: `strips` rises need strips + 1 strip ends.
    firstStop: (params) => (numberParam(params, 'strips') + 1) * numberParam(params, 'strip'),
    readsOptions: [],
  },
]);

type LossFacts = Pick<LossView, 'name' | 'task' | 'doc' | 'labels' | 'output' | 'targetUnitPower'> & { params?: ParamView[]; aliases?: string[] };
const loss = ({ params = [], aliases = [], ...facts }: LossFacts): LossView => ({ ...facts, params, ...(aliases.length > 0 ? { aliases } : {}) });
const regression = { task: 'regression', labels: 'value', output: { activation: 'linear', units: 'targets' } } as const;
const LOSSES = entries<LossView>([
  loss({
    name: 'categorical_crossentropy',
    doc: 'cross-entropy over classes (the labels are one-hot encoded for it)',
    task: 'classification',
    labels: 'one-hot',
    output: { activation: 'softmax', units: 'classes' },
  }),
  loss({
    name: 'sparse_categorical_crossentropy',
    doc: 'cross-entropy over class indices',
    task: 'classification',
    labels: 'index',
    output: { activation: 'softmax', units: 'classes' },
  }),
  loss({
    name: 'binary_crossentropy',
    doc: 'cross-entropy for two classes (labels 0 and 1)',
    task: 'classification',
    labels: 'binary',
    output: { activation: 'sigmoid', units: 'one' },
  }),
  loss({ name: 'mean_squared_error', doc: 'mean squared error', ...regression, targetUnitPower: 2, aliases: ['mse'] }),
  loss({ name: 'mean_absolute_error', doc: 'mean absolute error', ...regression, targetUnitPower: 1, aliases: ['mae'] }),
  loss({
    name: 'huber',
    doc: 'squared near zero, absolute further out',
    ...regression,
    // Squared units: huber(delta) of c·y and c·p is c² · huber(delta / c) of y and p.
    targetUnitPower: 2,
    params: [param('delta', NUMBER, 'where it turns linear', { position: 0, default: 1, minExclusive: 0 })],
  }),
]);

const noParams = (name: string, doc: string): EntryView => ({ name, doc, params: [] });

type MetricFacts = Pick<MetricView, 'name' | 'doc' | 'task' | 'higherIsBetter'> &
  Partial<Pick<MetricView, 'labels' | 'labelsReason' | 'headline' | 'aliases'>> & { params?: ParamView[] };
const metric = ({ params = [], ...facts }: MetricFacts): MetricView => ({ ...facts, params });
const classification = { task: 'classification', higherIsBetter: true } as const;
const regressionMetric = { task: 'regression' } as const;
/**
 * Metrics that are not a mean of per-sample values (precision, AUC, R², ...) are computed exactly
 * over a whole split from summed statistics; see docs/training.md.
 */
const METRICS = entries<MetricView>([
  metric({
    name: 'accuracy',
    doc: 'fraction of examples whose predicted class is right (for `binary_crossentropy`: the probability rounded at 0.5)',
    ...classification,
    headline: true,
  }),
  metric({
    name: 'precision',
    doc: 'of the examples predicted as a class, the fraction that are: macro-averaged over the classes (for `binary_crossentropy`: the positive class)',
    ...classification,
  }),
  metric({
    name: 'recall',
    doc: 'of the examples of a class, the fraction predicted as it: macro-averaged over the classes (for `binary_crossentropy`: the positive class)',
    ...classification,
  }),
  metric({
    name: 'f1',
    doc: 'harmonic mean of precision and recall per class, macro-averaged over the classes (for `binary_crossentropy`: the positive class)',
    ...classification,
  }),
  metric({
    name: 'auc',
    doc: "area under the ROC curve of the positive class, from 200 thresholds evenly spaced in [0, 1] (as Keras's `AUC`); `binary_crossentropy` only",
    ...classification,
    labels: ['binary'],
    labelsReason: 'it ranks the positive class of a two-class loss',
  }),
  metric({
    name: 'top_k_accuracy',
    doc: 'fraction of examples whose class is among the `k` most probable ones; losses over many classes only',
    ...classification,
    labels: ['one-hot', 'index'],
    labelsReason: 'it ranks the probabilities of many classes (with two, any `k` of 2 or more is always right)',
    params: [param('k', INT, 'how many of the most probable classes count', { position: 0, default: 5, min: 1 })],
  }),
  metric({ name: 'mse', doc: 'mean squared error', ...regressionMetric, higherIsBetter: false, aliases: ['mean_squared_error'] }),
  metric({ name: 'mae', doc: 'mean absolute error', ...regressionMetric, higherIsBetter: false, headline: true, aliases: ['mean_absolute_error'] }),
  metric({
    name: 'rmse',
    doc: 'root mean squared error, over the whole split (not a mean of per-batch roots)',
    ...regressionMetric,
    higherIsBetter: false,
    aliases: ['root_mean_squared_error'],
  }),
  metric({
    name: 'r2',
    doc: 'R², the coefficient of determination: 1 - (sum of squared errors) / (sum of squared deviations of the targets from their mean), over the whole split',
    ...regressionMetric,
    higherIsBetter: true,
  }),
]);

/** Whether a metric fits a loss: the same task, and a label kind the metric takes. */
export function metricFitsLoss(metric: MetricView, loss: LossView): boolean {
  return metric.task === loss.task && (metric.labels === undefined || metric.labels.includes(loss.labels));
}

/**
 * Whether a monitored quantity (`val_accuracy`, `loss`, `mae`) improves upwards or downwards:
 * `max` for a metric the catalogue says is better higher, `min` for losses and everything else
 * (Keras's `mode: auto`, from the catalogue instead of a guess from the name).
 */
export function monitorDirection(monitor: string, catalogue: Pick<CatalogueView, 'metric'> = defaultCatalogueView()): 'min' | 'max' {
  const base = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return catalogue.metric(base)?.higherIsBetter ? 'max' : 'min';
}

const ACTIVATION_DOCS: Record<(typeof ACTIVATIONS)[number], string> = {
  linear: 'identity: no activation',
  relu: 'max(x, 0)',
  relu6: 'min(max(x, 0), 6)',
  elu: 'x for x > 0, exp(x) - 1 below',
  selu: 'scaled ELU, self-normalising',
  sigmoid: '1 / (1 + exp(-x)), into (0, 1)',
  hard_sigmoid: 'piecewise-linear sigmoid',
  tanh: 'hyperbolic tangent, into (-1, 1)',
  softmax: 'exponentials normalised to sum to 1 over the last axis',
  softplus: 'log(1 + exp(x))',
  softsign: 'x / (1 + |x|)',
  swish: 'x * sigmoid(x)',
  mish: 'x * tanh(softplus(x))',
  gelu: 'Gaussian error linear unit',
};
const ACTIVATION_ENTRIES = entries<EntryView>(ACTIVATIONS.map((name) => noParams(name, ACTIVATION_DOCS[name])));
const INITIALIZERS = entries<EntryView>([
  noParams('zeros', 'all zeros'),
  noParams('ones', 'all ones'),
  { name: 'constant', doc: 'one value', params: [param('value', NUMBER, 'the value', { position: 0, default: 0 })] },
  {
    name: 'random_normal',
    doc: 'values drawn from a normal distribution',
    params: [param('mean', NUMBER, 'mean', { position: 0, default: 0 }), param('stddev', NUMBER, 'standard deviation', { position: 1, default: 0.05, min: 0 })],
  },
  {
    name: 'random_uniform',
    doc: 'values drawn uniformly from [minval, maxval)',
    params: [param('minval', NUMBER, 'lower bound', { position: 0, default: -0.05 }), param('maxval', NUMBER, 'upper bound', { position: 1, default: 0.05 })],
  },
  {
    name: 'truncated_normal',
    doc: 'normal values, redrawn when more than two standard deviations from the mean',
    params: [param('mean', NUMBER, 'mean', { position: 0, default: 0 }), param('stddev', NUMBER, 'standard deviation', { position: 1, default: 0.05, min: 0 })],
  },
  noParams('glorot_uniform', 'uniform, scaled by fan-in plus fan-out (Glorot/Xavier)'),
  noParams('glorot_normal', 'truncated normal, scaled by fan-in plus fan-out (Glorot/Xavier)'),
  noParams('he_uniform', 'uniform, scaled by fan-in (He; suits relu)'),
  noParams('he_normal', 'truncated normal, scaled by fan-in (He; suits relu)'),
  noParams('lecun_uniform', 'uniform, scaled by fan-in (LeCun; suits selu)'),
  noParams('lecun_normal', 'truncated normal, scaled by fan-in (LeCun; suits selu)'),
  { name: 'orthogonal', doc: 'a random orthogonal matrix times `gain`', params: [param('gain', NUMBER, 'scale', { position: 0, default: 1 })] },
]);

const factor = (name: string, position: number): ParamView => param(name, NUMBER, `${name} penalty factor`, { position, default: 0.01, min: 0 });
const REGULARIZERS = entries<EntryView>([
  { name: 'l1', doc: 'L1 penalty', params: [factor('l1', 0)] },
  { name: 'l2', doc: 'L2 penalty', params: [factor('l2', 0)] },
  { name: 'l1l2', doc: 'L1 and L2 penalties', params: [factor('l1', 0), factor('l2', 1)] },
]);

const seed = (): ParamView => param('seed', INT, 'generator seed (the run seed when left out)', { default: null, nullable: true, min: 0 });
const samples = (fallback: number): ParamView => param('samples', INT, 'number of examples', { default: fallback, min: 1 });
const noise = (fallback: number): ParamView => param('noise', NUMBER, 'Gaussian noise standard deviation', { default: fallback, min: 0 });
const classes = (): ParamView => param('classes', INT, 'number of classes', { default: 3, min: 2 });
const source = (
  name: string,
  doc: string,
  params: ParamView[],
  task: Task | null,
  shape: (p: Readonly<Record<string, IrValue>>) => number[] | null,
  count: (p: Readonly<Record<string, IrValue>>) => number | null,
  examples: (p: Readonly<Record<string, IrValue>>) => number | null = (p) => (typeof p.samples === 'number' ? p.samples : null),
): SourceView => ({ name, doc, params, task, featureShape: shape, classes: count, examples });
const SOURCES = entries<SourceView>([
  source(
    'synthetic.spirals',
    'interleaved spirals of radius 1 and 1.5 turns (3 arms lie about 0.2 apart: noise above 0.1 blurs them)',
    [samples(600), classes(), noise(0.05), seed()],
    'classification',
    () => [2],
    (p) => p.classes as number,
  ),
  source(
    'synthetic.moons',
    'two half circles',
    [samples(500), noise(0.1), seed()],
    'classification',
    () => [2],
    () => 2,
  ),
  source(
    'synthetic.circles',
    'two circles',
    [samples(500), noise(0.05), param('factor', NUMBER, 'inner radius', { default: 0.5, minExclusive: 0 }), seed()],
    'classification',
    () => [2],
    () => 2,
  ),
  source(
    'synthetic.xor',
    'xor of the signs',
    [samples(400), noise(0.05), seed()],
    'classification',
    () => [2],
    () => 2,
  ),
  source(
    'synthetic.blobs',
    'Gaussian blobs',
    [samples(500), classes(), param('features', INT, 'features per example', { default: 2, min: 1 }), noise(1), seed()],
    'classification',
    (p) => [p.features as number],
    (p) => p.classes as number,
  ),
  source(
    'synthetic.sine',
    'noisy sine wave',
    [samples(200), noise(0.1), seed()],
    'regression',
    () => [1],
    () => null,
  ),
  source(
    'builtin.digits',
    'UCI handwritten digits, 8x8',
    [],
    'classification',
    () => [64],
    () => 10,
    () => 1797,
  ),
  source(
    'builtin.iris',
    "Fisher's iris",
    [],
    'classification',
    () => [4],
    () => 3,
    () => 150,
  ),
  {
    ...source(
      'csv',
      'a CSV file',
      [param('path', STRING, 'the file, relative to the spec', { position: 0 }), param('label', STRING, 'the label column', { position: 1 })],
      null,
      () => null,
      () => null,
    ),
    namedColumns: true,
  },
  source(
    'idx',
    'IDX (MNIST) files',
    [param('images', STRING, 'the images file', { position: 0 }), param('labels', STRING, 'the labels file', { position: 1 })],
    'classification',
    () => null,
    () => null,
  ),
]);

const custom: ParamType = { kind: 'name' };

/**
 * Names longer than this get no "did you mean": no real name is this long, and a generated or
 * hostile one of a million characters must not cost time.
 */
export const MAX_SUGGESTED_NAME_LENGTH = 100;

/**
 * The most distance-table cells one {@link closeMatches} call computes over all its candidates;
 * the candidates after that are not considered. Bounds the work for a long candidate list (a
 * CSV header of thousands of long column names) whatever the lengths.
 */
export const MAX_SUGGESTION_CELLS = 1_000_000;

/** The result of {@link boundedDistance}. */
export interface BoundedDistance {
  /** The edit distance when it is at most the limit, else `limit + 1`. */
  distance: number;
  /** The table cells computed: at most `(2 * limit + 1) * a.length`. */
  cells: number;
}

/**
 * Edit distance where swapping two neighbouring letters (`dnese`) is one typo, not two, computed
 * only as far as `limit`: strings whose lengths differ by more are not compared, only the band of
 * cells within `limit` of the diagonal is filled (an alignment costing at most `limit` never
 * leaves it), and the computation stops at the first row whose every cell exceeds `limit`.
 * Exact whenever the distance is at most `limit`.
 */
export function boundedDistance(a: string, b: string, limit: number): BoundedDistance {
  const far = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return { distance: far, cells: 0 };
  const m = b.length;
  // Three rolling rows (the transposition looks two rows back); cells outside the band stay `far`.
  let before = new Array<number>(m + 1).fill(far);
  let previous = new Array<number>(m + 1).fill(far);
  let current = new Array<number>(m + 1).fill(far);
  for (let j = 0; j <= Math.min(m, limit); j++) previous[j] = j;
  let cells = 0;
  for (let i = 1; i <= a.length; i++) {
    const low = Math.max(1, i - limit);
    const high = Math.min(m, i + limit);
    current[low - 1] = low === 1 && i <= limit ? i : far;
    if (high < m) current[high + 1] = far;
    let rowBest = current[low - 1]!;
    for (let j = low; j <= high; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = Math.min(best, far);
      if (best < rowBest) rowBest = best;
    }
    cells += high - low + 1;
    if (rowBest > limit) return { distance: far, cells };
    [before, previous, current] = [previous, current, before];
  }
  return { distance: Math.min(previous[m]!, far), cells };
}

/**
 * For "did you mean": a candidate equal but for case; else the first candidate the name is a
 * prefix of (`acc` is shorthand for `accuracy`, not a typo of `auc`), for names of 3 letters or
 * more; else the closest candidate within a typo's distance (a third of the name's length, at
 * least 1). The first of {@link closeMatches}.
 */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  return closeMatches(name, candidates, 1)[0];
}

/**
 * Up to `max` candidates for "did you mean", best first, by {@link suggest}'s order: those equal
 * but for case, then those the name is a prefix of (names of 3 letters or more), then those within
 * a typo's distance, closest first (ties in candidate order). The work is bounded: nothing for a
 * name longer than {@link MAX_SUGGESTED_NAME_LENGTH}, at most {@link MAX_SUGGESTION_CELLS} cells
 * of distance table in all.
 */
export function closeMatches(name: string, candidates: readonly string[], max: number): string[] {
  if (name.length > MAX_SUGGESTED_NAME_LENGTH) return [];
  const lower = name.toLowerCase();
  const sameButCase = candidates.filter((candidate) => candidate.toLowerCase() === lower);
  const matched = new Set(sameButCase);
  const extended = name.length >= 3 ? candidates.filter((candidate) => candidate.startsWith(name) && !matched.has(candidate)) : [];
  for (const candidate of extended) matched.add(candidate);
  const limit = Math.max(1, Math.floor(name.length / 3));
  const near: { candidate: string; distance: number }[] = [];
  let cells = 0;
  for (const candidate of candidates) {
    if (cells >= MAX_SUGGESTION_CELLS) break;
    if (matched.has(candidate)) continue;
    const measured = boundedDistance(name, candidate, limit);
    cells += measured.cells;
    if (measured.distance <= limit) near.push({ candidate, distance: measured.distance });
  }
  near.sort((a, b) => a.distance - b.distance);
  // `max` as a count: a negative or NaN one is none (slice(0, -1) would drop only the last).
  const count = max > 0 ? Math.floor(Math.min(max, candidates.length)) : 0;
  return [...sameButCase, ...extended, ...near.map((match) => match.candidate)].slice(0, count);
}

let cached: CatalogueView | undefined;

/** The catalogue view the checker uses by default. */
export function defaultCatalogueView(): CatalogueView {
  cached ??= {
    layer: lookupLayer,
    layerNames: [...LAYERS.keys()],
    optimizer: (name) => OPTIMIZERS.get(name),
    optimizerNames: [...OPTIMIZERS.keys()],
    loss: (name) => LOSSES.get(name),
    lossNames: names(LOSSES),
    metricNames: names(METRICS),
    metric: (name) => METRICS.get(name),
    activationNames: names(ACTIVATION_ENTRIES),
    activation: (name) => ACTIVATION_ENTRIES.get(name),
    schedule: (name) => SCHEDULES.get(name),
    scheduleNames: [...SCHEDULES.keys()],
    initializer: (name) => INITIALIZERS.get(name),
    initializerNames: [...INITIALIZERS.keys()],
    regularizer: (name) => REGULARIZERS.get(name),
    regularizerNames: [...REGULARIZERS.keys()],
    source: (name) => SOURCES.get(name),
    sourceNames: [...SOURCES.keys()],
    dataOptions: [
      param('source', custom, 'where the examples come from', { accepts: 'a data source (see Data sources)' }),
      param('normalize', { kind: 'enum', values: ['minmax', 'standard', 'none'] }, 'feature scaling fitted on the training split', { default: 'none' }),
      param('split', custom, 'fractions for train, validation and test', { default: null, accepts: 'a `split` object' }),
      param('limit', INT, 'keep only this many training examples', { default: null, nullable: true, min: 1 }),
      param('features', custom, 'keep only these columns, in this order (sources with named columns: `csv`)', {
        default: null,
        accepts: 'a list of column names (strings)',
      }),
      param('drop', custom, 'leave out these columns (sources with named columns: `csv`)', { default: [], accepts: 'a list of column names (strings)' }),
      param('impute', custom, 'fill missing feature values with a statistic of the training split (sources with named columns: `csv`)', {
        default: null,
        accepts: '`mean`, `median` or `constant(x)`',
      }),
      param(
        'normalize_target',
        { kind: 'enum', values: ['standard', 'none'] },
        'standardise a regression target for training; losses and metrics are still reported in its units',
        { default: 'none' },
      ),
      param('class_names', custom, 'names of the classes, in class-index order', { default: null, accepts: 'a list of strings, one per class' }),
    ],
    splitOptions: [
      param('train', NUMBER, 'fraction for training (the rest when left out)', { default: null, nullable: true, minExclusive: 0, max: 1 }),
      param('validation', NUMBER, 'fraction held out for validation', { default: 0, min: 0, maxExclusive: 1 }),
      param('test', custom, 'fraction held out for testing, or another data block', {
        default: 0,
        accepts: 'a number in [0, 1), or the name of a `data` block',
      }),
      param('stratify', BOOL, 'keep class proportions in every split', { default: false }),
    ],
    trainOptions: [
      param('loss', custom, 'the loss to minimise', { accepts: 'a loss (see Losses)' }),
      param('metrics', custom, 'metrics to report', { default: [], accepts: 'a list of metrics (see Metrics)' }),
      param('optimizer', custom, 'the optimizer', { accepts: 'an optimizer (see Optimizers)' }),
      param('schedule', custom, 'learning-rate schedule', { default: null, accepts: 'a schedule (see Learning-rate schedules)' }),
      param('epochs', INT, 'maximum number of epochs', { min: 1 }),
      param('batch_size', INT, 'examples per step', { default: 32, min: 1 }),
      param('early_stopping', custom, 'stop when the monitor stops improving', { default: null, accepts: 'an `early_stopping` object' }),
      param('seed', INT, 'seed of every random choice', { default: 0, min: 0 }),
      param('shuffle', BOOL, 'shuffle the training split every epoch', { default: true }),
    ],
    earlyStoppingOptions: [
      param('monitor', { kind: 'name' }, 'quantity watched (`loss`, `val_loss`, `accuracy`, `val_accuracy`, ...)', { default: 'val_loss' }),
      param(
        'mode',
        { kind: 'enum', values: ['auto', 'min', 'max'] },
        "whether lower or higher is better (`auto`: the metric's own direction, lower for losses)",
        { default: 'auto' },
      ),
      param('min_delta', NUMBER, 'an improvement must beat the best by more than this', { default: 0, min: 0 }),
      param('patience', INT, 'epochs without improvement before stopping', { default: 0, min: 0 }),
      param('baseline', NUMBER, 'stop if the monitor has not beaten this within `patience` epochs', { default: null, nullable: true }),
      param('restore_best_weights', BOOL, 'on stopping, restore the weights of the best epoch', { default: false }),
      param('start_from_epoch', INT, 'epochs of warm-up before improvement is watched', { default: 0, min: 0 }),
      param('rule', custom, "when to stop: `patience` (Keras), or Prechelt's `gl(alpha)`, `pq(alpha, strip)`, `up(strips, strip)`", {
        default: { type: 'patience', params: {} },
        accepts: 'a stopping rule (see Stopping rules)',
      }),
    ],
    stoppingRule: (name) => STOPPING_RULES.get(name),
    stoppingRuleNames: [...STOPPING_RULES.keys()],
    studyOptions: STUDY_OPTIONS,
    studyDomain: (name) => STUDY_DOMAINS.get(name),
    studyDomainNames: [...STUDY_DOMAINS.keys()],
    pruneRule: (name) => PRUNE_RULES.get(name),
    pruneRuleNames: [...PRUNE_RULES.keys()],
    suggest,
  };
  return cached;
}
