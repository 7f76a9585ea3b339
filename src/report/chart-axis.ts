/**
 * Chart axes shared by the terminal and HTML charts: "nice" tick values (steps of 1, 2 or 5
 * times a power of ten), linear and logarithmic scales, and tick labels that say exactly as
 * many decimals as the step needs. Pure arithmetic: no layout, no text measuring.
 */

/** How values map onto an axis. */
export type ScaleKind = 'linear' | 'log';

/** One tick: its value and its label. */
export interface Tick {
  value: number;
  label: string;
}

/**
 * A value axis: the domain it spans (widened to whole ticks), its ticks, and where a value
 * sits on it, from 0 (`low`) to 1 (`high`).
 */
export interface ValueAxis {
  kind: ScaleKind;
  low: number;
  high: number;
  ticks: Tick[];
  /** 0 at `low`, 1 at `high`; for a log axis, in decades. */
  fraction(value: number): number;
}

/**
 * The losses' spread (largest over smallest) from which a loss chart uses a log scale by
 * default: within one decade a log axis looks almost like a linear one, and linear ticks read
 * more easily; beyond it, the first epochs' large losses squash the later ones on a linear axis.
 */
export const LOG_SCALE_MIN_RATIO = 10;

/**
 * The smallest step of 1, 2 or 5 times a power of ten that is at least `span / count`, so
 * `span` takes at most about `count` steps.
 */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((candidate) => candidate * magnitude >= raw * (1 - 1e-9)) ?? 10;
  return factor * magnitude;
}

/** Decimals a step needs (`0.02` needs 2, `500` none). */
export function decimalsFor(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/** A tick label: `decimals` digits after the point, or an exponent for tiny or huge values (`1e-5`). */
export function formatTick(value: number, decimals: number): string {
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 1e-4 || size >= 1e7) return Number(value.toPrecision(2)).toExponential();
  return value.toFixed(Math.min(decimals, 12));
}

/** Snaps `index * step` to the step's decimals, so `3 * 0.1` is `0.3`. */
function multiple(index: number, step: number): number {
  return Number((index * step).toFixed(Math.min(decimalsFor(step) + 2, 15)));
}

/**
 * Linear ticks over `[low, high]` about `count` of them, the domain widened to the outer ticks
 * (`[0.13, 0.87]` gives `0, 0.2, ..., 1`). A range of zero width is widened around its value.
 */
export function linearAxis(low: number, high: number, count = 5): ValueAxis {
  if (!(high > low)) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return linearAxis(low - pad, high + pad, count);
  }
  const step = niceStep(high - low, count);
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const decimals = decimalsFor(step);
  const ticks: Tick[] = [];
  for (let index = first; index <= last; index++) {
    const value = multiple(index, step);
    ticks.push({ value, label: formatTick(value, decimals) });
  }
  const from = ticks[0]!.value;
  const to = ticks[ticks.length - 1]!.value;
  return { kind: 'linear', low: from, high: to, ticks, fraction: (value) => (value - from) / (to - from) };
}

/**
 * Logarithmic ticks over `[low, high]` (both positive): under a decade, linear nice ticks
 * placed on the log scale (the domain widens to the outer ones); up to three decades, 1, 2
 * and 5 times each power of ten inside the range (and the next one either side when there are
 * fewer than four); beyond, powers of ten only (every n-th when there are many).
 */
export function logAxis(low: number, high: number, count = 5): ValueAxis {
  if (!(low > 0)) throw new Error(`a log axis needs positive values, got ${low}`);
  if (!(high > low)) return logAxis(low / 1.1, high * 1.1, count);
  const decades = Math.log10(high / low);
  let ticks: Tick[];
  if (decades < 1) {
    // The widened linear domain can reach 0 or below, which a log axis cannot show: those
    // ticks go, and the axis starts at the smallest value instead.
    ticks = linearAxis(low, high, count).ticks.filter((tick) => tick.value > 0);
  } else {
    // 1, 2 and 5 times each power of ten inside the values' range; past three decades only the
    // powers of ten (every n-th of many), or the labels would crowd. The domain is the values'
    // own range: widening it to the next tick could leave half a decade empty, so it widens
    // only when the range holds too few ticks to read.
    const lowPower = Math.floor(Math.log10(low) + 1e-9);
    const highPower = Math.ceil(Math.log10(high) - 1e-9);
    const every = Math.max(1, Math.ceil((highPower - lowPower) / 8));
    const factors = decades <= 3 ? [1, 2, 5] : [1];
    const candidates: number[] = [];
    for (let power = lowPower; power <= highPower; power++) {
      if (decades > 3 && (power - lowPower) % every !== 0) continue;
      for (const factor of factors) candidates.push(Number((factor * 10 ** power).toPrecision(3)));
    }
    const toTick = (value: number): Tick => ({ value, label: formatTick(value, decimalsFor(value)) });
    ticks = candidates.filter((value) => value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)).map(toTick);
    // Just over a decade can hold only three ticks: then the axis widens to the next ones.
    if (ticks.length < 4 && decades <= 3) {
      const below = candidates.filter((value) => value < low).pop();
      const above = candidates.find((value) => value > high);
      ticks = [...(below === undefined ? [] : [toTick(below)]), ...ticks, ...(above === undefined ? [] : [toTick(above)])];
    }
  }
  return logDomain(ticks, low, high);
}

/** A log axis over `[low, high]`, widened to any tick outside it. */
function logDomain(ticks: Tick[], low: number, high: number): ValueAxis {
  const from = Math.log10(Math.min(ticks[0]!.value, low));
  const to = Math.log10(Math.max(ticks[ticks.length - 1]!.value, high));
  return {
    kind: 'log' as const,
    low: 10 ** from,
    high: 10 ** to,
    ticks,
    fraction: (value) => (Math.log10(value) - from) / (to - from),
  };
}

/** The finite values among `values`. */
export function finite(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => value !== null && value !== undefined && Number.isFinite(value));
}

/** Whether these values can go on a log axis (all positive, at least one). */
export function canUseLog(values: readonly number[]): boolean {
  return values.length > 0 && values.every((value) => value > 0);
}

/**
 * The default scale for a loss chart: log when every loss is positive and they span at least
 * {@link LOG_SCALE_MIN_RATIO}, linear otherwise.
 */
export function defaultLossScale(values: readonly number[]): ScaleKind {
  return canUseLog(values) && Math.max(...values) / Math.min(...values) >= LOG_SCALE_MIN_RATIO ? 'log' : 'linear';
}

/** The axis of `kind` for these values (a log axis falls back to linear for values it cannot show). */
export function valueAxis(kind: ScaleKind, values: readonly number[], count = 5): ValueAxis {
  const low = values.length === 0 ? 0 : Math.min(...values);
  const high = values.length === 0 ? 1 : Math.max(...values);
  return kind === 'log' && canUseLog(values) ? logAxis(low, high, count) : linearAxis(low, high, count);
}

/**
 * Epoch ticks from `first` to `last`: whole multiples of a 1-2-5 step, about `count` of them,
 * with `first` too when the first multiple is at least half a step away from it.
 */
export function epochTicks(first: number, last: number, count = 8): number[] {
  if (last <= first) return [first];
  const step = Math.max(1, Math.round(niceStep(last - first, count)));
  const ticks: number[] = [];
  for (let epoch = Math.ceil(first / step) * step; epoch <= last; epoch += step) ticks.push(epoch);
  if (ticks.length === 0 || ticks[0]! - first >= step / 2) ticks.unshift(first);
  return ticks;
}
