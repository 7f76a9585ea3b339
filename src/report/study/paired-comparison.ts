/**
 * Paired comparisons with the control (setting 0): trials of two settings with the same seed
 * share the initial weights, dropout masks, shuffling and data split, so the per-seed difference
 * removes the seed's own luck, and its mean has a far narrower CI than two separate means.
 */
import type { FigureStats } from './statistics.js';
import { describeValues, includesZero } from './statistics.js';
import type { TrialFigures } from './trial-figures.js';
import { countNoun } from '../format-numbers.js';

/** What {@link comparePaired} needs of one setting: its label and its completed trials' figures by seed. */
export interface PairedSide {
  index: number;
  label: string;
  bySeed: ReadonlyMap<number, TrialFigures>;
}

/** A setting against the control: the paired differences and their words. */
export interface PairedDifferences {
  setting: number;
  label: string;
  control: number;
  seeds: number[];
  testGap: FigureStats;
  valGap: FigureStats;
  testMetric: FigureStats;
  sentence: string;
  details: string;
}

/**
 * `setting` against `control` over the seeds (in `seeds` order) where both completed: the mean
 * paired difference (setting minus control) of the test gap, the validation gap and the test
 * metric, with 95% CIs, and the comparison in words.
 */
export function comparePaired(setting: PairedSide, control: PairedSide, seeds: readonly number[], metric: string | null): PairedDifferences {
  const paired = seeds.filter((seed) => setting.bySeed.has(seed) && control.bySeed.has(seed));
  const difference = (figure: 'testGap' | 'valGap' | 'testMetric'): FigureStats => {
    const values: number[] = [];
    for (const seed of paired) {
      const mine = setting.bySeed.get(seed)![figure];
      const theirs = control.bySeed.get(seed)![figure];
      if (mine !== null && theirs !== null) values.push(mine - theirs);
    }
    return describeValues(values);
  };
  const testGap = difference('testGap');
  const valGap = difference('valGap');
  const testMetric = difference('testMetric');
  let sentence: string;
  if (paired.length === 0) sentence = `${setting.label} has no seed where it and ${control.label} both completed: no comparison`;
  else if (testGap.n === 0) sentence = `${setting.label} against ${control.label} (${countNoun(paired.length, 'paired seed')}): no test gap to compare`;
  else {
    const pairs = testGap.n === 1 ? '1 paired seed, too few for a confidence interval' : countNoun(testGap.n, 'paired seed');
    const unclear = unclearDifference(testGap) ? ': no clear difference (the 95% CI includes 0)' : '';
    sentence = `${setting.label} ${changeWords(testGap, 'the test-train gap', GAP_VERBS)} against ${control.label} (${pairs})${unclear}`;
  }
  const detail = (name: string, stats: FigureStats, verbs: Verbs): string | null =>
    stats.n === 0 ? null : `${name}: ${changeWords(stats, '', verbs)}${unclearDifference(stats) ? ', no clear difference' : ''}`;
  const details = [detail('validation gap', valGap, GAP_VERBS), metric === null ? null : detail(`test ${metric}`, testMetric, METRIC_VERBS)]
    .filter((part): part is string => part !== null)
    .join('; ');
  return { setting: setting.index, label: setting.label, control: control.index, seeds: paired, testGap, valGap, testMetric, sentence, details };
}

/** A nonzero mean difference whose CI includes 0 (a mean of exactly 0 is simply `unchanged`). */
function unclearDifference(stats: FigureStats): boolean {
  return stats.mean !== 0 && stats.ci95 !== null && includesZero(stats.ci95);
}

interface Verbs {
  up: string;
  down: string;
}

const GAP_VERBS: Verbs = { up: 'widens', down: 'shrinks' };
const METRIC_VERBS: Verbs = { up: 'rises', down: 'falls' };

/** `shrinks the test-train gap by 0.041 ± 0.012` (without the quantity when `what` is empty: `shrinks by 0.041 ± 0.012`). */
function changeWords(stats: FigureStats, what: string, verbs: Verbs): string {
  const center = stats.mean!;
  if (center === 0) return what === '' ? 'unchanged' : `leaves ${what} unchanged`;
  const digits = differenceDigits(Math.max(Math.abs(center), stats.halfWidth ?? 0));
  const size = `${Math.abs(center).toFixed(digits)}${stats.halfWidth === null ? '' : ` ± ${stats.halfWidth.toFixed(digits)}`}`;
  return `${center > 0 ? verbs.up : verbs.down}${what === '' ? '' : ` ${what}`} by ${size}`;
}

/**
 * How a difference and its half-width are written, from the larger of the two: three decimals
 * (`0.041 ± 0.012`, `0.001 ± 0.014`), or, when both are below 0.001, two significant digits of
 * the larger (`0.00042 ± 0.00013`), so a small effect never reads as `0.000`.
 */
function differenceDigits(largest: number): number {
  return largest >= 0.001 || largest === 0 ? 3 : 1 - Math.floor(Math.log10(largest));
}
