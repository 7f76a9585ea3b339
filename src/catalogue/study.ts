/**
 * The catalogue's study facts: a `study` block's options, the sampling domains of `random:`
 * and the pruning rules of `prune:`, with their parameters, defaults, ranges and docs.
 */
import type { EntryView, ParamType, ParamView } from './types.js';
import { param } from './layers.js';

const INT: ParamType = { kind: 'int' };
const NUMBER: ParamType = { kind: 'number' };
/** Validated by the study checker's own rules; `accepts` says what in words. */
const custom: ParamType = { kind: 'name' };

/** The most settings a study may have (grid combinations or random trials): past it, checking every setting stops being instant. */
export const MAX_STUDY_SETTINGS = 1000;
/** The most seeds a study may repeat each setting over. */
export const MAX_STUDY_SEEDS = 100;

/** The options of a `study` block. */
export const STUDY_OPTIONS: readonly ParamView[] = [
  param('train', custom, "the train declaration the study varies, by its model's name (as `--model` does); may be left out when the file has one", {
    default: null,
    nullable: true,
    accepts: 'the name of a model that a `train` declaration trains',
  }),
  param('grid', custom, 'every combination of these lists: `{ rate: [0, 0.1, 0.3] }`', {
    default: null,
    accepts: 'an object mapping params to lists of values',
  }),
  param('random', custom, 'sample settings from these domains: `{ lr: log_uniform(1e-4, 1e-1), units: choice(64, 128) }`', {
    default: null,
    accepts: 'an object mapping params to sampling domains (see Study domains)',
  }),
  param('trials', INT, 'how many settings `random` samples', { default: null, nullable: true, min: 1, max: MAX_STUDY_SETTINGS }),
  param('seeds', custom, 'train each setting with seeds 1..K (`seeds: 5`), or with these seeds (`seeds: [3, 7, 11]`); the seeds are paired across settings', {
    default: 3,
    accepts: `a count from 1 to ${MAX_STUDY_SEEDS}, or a list of distinct whole numbers >= 0`,
  }),
  param('prune', custom, 'stop trials that fall behind early: `median(after: 10)`', { default: null, accepts: 'a pruning rule (see Study pruning rules)' }),
  param('seed', INT, 'seed of the sampling of `random` settings', { default: 0, min: 0 }),
];

/** The domains `random:` samples a param from. */
export const STUDY_DOMAINS: ReadonlyMap<string, EntryView> = new Map(
  (
    [
      {
        name: 'uniform',
        doc: 'a number drawn uniformly from [low, high]',
        params: [param('low', NUMBER, 'lowest value', { position: 0 }), param('high', NUMBER, 'highest value', { position: 1 })],
      },
      {
        name: 'log_uniform',
        doc: 'a number whose logarithm is uniform on [log low, log high]: for scales such as learning rates',
        params: [
          param('low', NUMBER, 'lowest value', { position: 0, minExclusive: 0 }),
          param('high', NUMBER, 'highest value', { position: 1, minExclusive: 0 }),
        ],
      },
      {
        name: 'int_uniform',
        doc: 'a whole number drawn uniformly from low..high, both included',
        params: [param('low', INT, 'lowest value', { position: 0 }), param('high', INT, 'highest value', { position: 1 })],
      },
      {
        name: 'choice',
        doc: 'one of the values given, each equally likely: `choice(64, 128, 256)`',
        params: [param('values', custom, 'the values to choose from, as positional arguments', { position: 0, accepts: 'one or more values' })],
      },
    ] satisfies EntryView[]
  ).map((entry) => [entry.name, entry]),
);

/** The rules `prune:` takes. */
export const PRUNE_RULES: ReadonlyMap<string, EntryView> = new Map(
  (
    [
      {
        name: 'median',
        doc: "the median stopping rule: stop a trial at epoch t when its best monitored value so far is worse than the median of the earlier trials' at t",
        params: [param('after', INT, 'the first epoch at which a trial may be stopped', { position: 0, default: 10, min: 1 })],
      },
    ] satisfies EntryView[]
  ).map((entry) => [entry.name, entry]),
);
