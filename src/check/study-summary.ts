/**
 * What a study will cost, known before any tensor exists: settings x seeds = trials, the most
 * epochs a trial may run, and the multiply-adds of an epoch (forward pass over the training
 * examples, when the source says how many it holds).
 */
import type { CatalogueView } from '../catalogue/types.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CheckedData, CheckedModel, CheckedStudy } from './program.js';
import { formatCount } from './summary.js';

/** A study's size, as `nnspec check` prints it. */
export interface StudySize {
  name: string;
  settings: number;
  seeds: number;
  trials: number;
  /** The largest `epochs` of any setting: the most a trial may run. */
  maxEpochs: number;
  /** Forward multiply-adds per example, smallest and largest over the settings. */
  macsPerExample: { min: number; max: number };
  /** Training examples per epoch (after split and `limit`), smallest and largest; null when only the data file tells. */
  trainExamples: { min: number; max: number } | null;
}

const RECURRENT = new Set(['simple_rnn', 'lstm', 'gru']);

/**
 * Forward multiply-adds per example: each trainable weight once per output position (a dense
 * layer has one, a convolution one per output pixel, a recurrent layer one per time step).
 */
export function forwardMacsPerExample(model: CheckedModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    if (layer.trainableParams === 0) continue;
    const shape = (RECURRENT.has(layer.type) ? layer.inputShape : layer.outputShape) ?? [];
    const positions = shape.slice(0, -1).reduce<number>((product, axis) => product * (axis ?? 1), 1);
    macs += layer.trainableParams * positions;
  }
  return macs;
}

/** Training examples per epoch: the source's count through the split fraction, capped by `limit`; null when unknown. */
export function trainExamples(data: CheckedData, catalogue: CatalogueView = defaultCatalogueView()): number | null {
  const total = catalogue.source(data.source.type)?.examples?.(data.source.params) ?? null;
  const held = typeof data.split.test === 'number' ? data.split.validation + data.split.test : data.split.validation;
  const split = total === null ? null : Math.round(total * Math.min(data.split.train, 1 - held));
  if (split === null) return data.limit;
  return data.limit === null ? split : Math.min(split, data.limit);
}

/** The size of a complete study. */
export function studySize(study: CheckedStudy, catalogue: CatalogueView = defaultCatalogueView()): StudySize {
  const epochs: number[] = [];
  const macs: number[] = [];
  const examples: number[] = [];
  let examplesKnown = true;
  for (const setting of study.settings) {
    const program = setting.program;
    const train = program?.trains.find((candidate) => candidate.model === study.model);
    if (!program || !train) continue;
    epochs.push(train.epochs);
    const model = program.models.find((candidate) => candidate.name === study.model);
    if (model) macs.push(forwardMacsPerExample(model));
    const data = program.data.find((candidate) => candidate.name === train.data);
    const count = data ? trainExamples(data, catalogue) : null;
    if (count === null) examplesKnown = false;
    else examples.push(count);
  }
  const span = (values: number[]): { min: number; max: number } => ({ min: Math.min(...values), max: Math.max(...values) });
  return {
    name: study.name,
    settings: study.settings.length,
    seeds: study.seeds.length,
    trials: study.settings.length * study.seeds.length,
    maxEpochs: epochs.length > 0 ? Math.max(...epochs) : 0,
    macsPerExample: macs.length > 0 ? span(macs) : { min: 0, max: 0 },
    trainExamples: examplesKnown && examples.length > 0 ? span(examples) : null,
  };
}

/** A count in short form: `25.9 M`, `86.3 k`, `950`. */
function short(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)} G`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)} M`;
  if (count >= 1e3) return `${(count / 1e3).toFixed(1)} k`;
  return String(count);
}

const spanText = (span: { min: number; max: number }, format: (n: number) => string): string =>
  span.min === span.max ? format(span.min) : `${format(span.min)} to ${format(span.max)}`;

/** The size in words, the lines `nnspec check` prints under a study. */
export function renderStudySize(size: StudySize): string {
  const lines = [
    `study ${size.name}: ${size.settings} setting${size.settings === 1 ? '' : 's'} x ${size.seeds} seed${size.seeds === 1 ? '' : 's'} = ${size.trials} trial${size.trials === 1 ? '' : 's'}`,
    `  each trial runs at most ${formatCount(size.maxEpochs)} epoch${size.maxEpochs === 1 ? '' : 's'}; at most ${formatCount(size.maxEpochs * size.trials)} epochs in all`,
  ];
  const perExample = spanText(size.macsPerExample, short);
  if (size.trainExamples) {
    const perEpoch = { min: size.macsPerExample.min * size.trainExamples.min, max: size.macsPerExample.max * size.trainExamples.max };
    lines.push(
      `  multiply-adds per epoch (forward, over ${spanText(size.trainExamples, formatCount)} training examples): ${spanText(perEpoch, short)}; training costs about 3x that`,
    );
  } else {
    lines.push(`  multiply-adds per example (forward): ${perExample}; training costs about 3x that, times the training examples the data file holds`);
  }
  return lines.join('\n');
}
