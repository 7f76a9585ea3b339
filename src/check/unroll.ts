/**
 * Unrolls a model's `repeat` blocks into one list of layer calls. The work is bounded before
 * anything is unrolled: the product of the counts, an empty body included, is measured first,
 * so `repeat 1000000 { repeat 1000000 { } }` is an error at its count, not a hang.
 */
import type { LayerNode, ModelItem, RepeatNode } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import type { CheckContext } from './context.js';

/** A layer call after unrolling, with the repeat it came from. */
export interface UnrolledLayer {
  node: LayerNode;
  repeatRange?: Range;
}

/**
 * The most unrolling steps a model may take: each layer produced is one step, and each
 * repetition of a body without layers is one step too, so the checker's work stays bounded
 * even when the output would be empty.
 */
export const MAX_UNROLLED_LAYERS = 100_000;

/** Where measuring saturates: sizes past it are all "too many", and doubles stay exact below it. */
const SATURATED = Number.MAX_SAFE_INTEGER;

const add = (a: number, b: number): number => Math.min(a + b, SATURATED);
const multiply = (a: number, b: number): number => Math.min(a * b, SATURATED);

/** The size of a list of model items once unrolled. */
export interface Size {
  /** Layers produced. */
  layers: number;
  /** Unrolling steps: layers, plus one per repetition of a body that produces none. */
  work: number;
}

/** The first `repeat` (or block use) that takes its model past {@link MAX_UNROLLED_LAYERS}. */
interface Crossing {
  repeat?: RepeatNode;
  use?: LayerNode;
}

/**
 * The size of a block use once expanded, or undefined when `node` is not a block use. Block
 * expansion counts toward the limits as repeats do: a block used 1,000 times that holds a
 * `repeat 1000` is an error at a count, not a hang.
 */
export type UseSize = (node: LayerNode) => Size | undefined;

/** The result of {@link unrollModel}. */
export interface Unrolled {
  layers: UnrolledLayer[];
  /** True when a `repeat` went past the limit: then `layers` holds each layer call once, not unrolled. */
  tooLarge: boolean;
  /**
   * The number of layers the model would unroll to, when it is within the work limit but more
   * than `maxLayers`: then, too, `layers` holds each layer call once (the caller reports it).
   */
  tooDeep?: number;
}

/**
 * Unrolls `items`, reporting invalid counts, and a `repeat` that would take the model past
 * {@link MAX_UNROLLED_LAYERS} steps at its count (with the size the model would have). Past the
 * limit nothing is unrolled: each layer call is listed once so its arguments are still checked.
 * The same holds for a model of more than `maxLayers` layers, which the caller reports.
 */
export function unrollModel(ctx: CheckContext, items: readonly ModelItem[], maxLayers: number, useSize?: UseSize): Unrolled {
  const found: { crossing?: Crossing } = {};
  const size = measure(ctx, items, 0, found, useSize);
  const layers: UnrolledLayer[] = [];
  if (found.crossing) {
    reportTooLarge(ctx, found.crossing, size);
    listOnce(items, undefined, layers);
    return { layers, tooLarge: true };
  }
  // A model deeper than the engine builds is an error whatever its layers say: checking the
  // shapes of up to 100,000 layers first would only cost seconds (the fuzzer found 98,304 took 3.6 s).
  if (size.layers > maxLayers) {
    listOnce(items, undefined, layers);
    return { layers, tooLarge: false, tooDeep: size.layers };
  }
  unroll(items, undefined, layers);
  return { layers, tooLarge: false };
}

/** How many times a repeat runs its body: its count when valid, else once (the count was reported). */
export function timesOf(repeat: RepeatNode): number {
  const count = repeat.count;
  return count && Number.isInteger(count.value) && count.value >= 1 ? count.value : 1;
}

/**
 * Measures `items` (saturating, never overflowing), reporting invalid counts once each. `before`
 * is the size of the model before these items, counting enclosing repeats once; the first
 * repeat whose own size takes that total past the limit is recorded in `found`.
 */
export function measure(ctx: CheckContext, items: readonly ModelItem[], before: number, found: { crossing?: Crossing }, useSize?: UseSize): Size {
  let layers = 0;
  let work = 0;
  for (const item of items) {
    const use = item.kind === 'layer' ? useSize?.(item) : undefined;
    if (use && item.kind === 'layer') {
      layers = add(layers, use.layers);
      work = add(work, Math.max(1, use.work));
      if (!found.crossing && add(before, work) > MAX_UNROLLED_LAYERS) found.crossing = { use: item };
      continue;
    }
    if (item.kind === 'layer') {
      layers = add(layers, 1);
      work = add(work, 1);
      continue;
    }
    if (item.kind === 'from') continue;
    reportInvalidCount(ctx, item);
    const times = timesOf(item);
    const body = measure(ctx, item.body, add(before, work), found, useSize);
    const repeatWork = multiply(times, Math.max(1, body.work));
    layers = add(layers, multiply(times, body.layers));
    work = add(work, repeatWork);
    if (!found.crossing && add(before, work) > MAX_UNROLLED_LAYERS) found.crossing = { repeat: item };
  }
  return { layers, work };
}

function reportInvalidCount(ctx: CheckContext, repeat: RepeatNode): void {
  const count = repeat.count;
  if (!count) return;
  if (!Number.isInteger(count.value)) {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`repeat\` count must be a whole number, got ${count.raw}`,
      range: count.range,
      label: 'expected a whole number',
    });
  } else if (count.value < 1) {
    ctx.report({
      code: NAME_CODE.outOfRange,
      message: `\`repeat\` count must be at least 1, got ${count.raw}`,
      range: count.range,
      label: 'out of range',
      help: 'remove the `repeat` block to leave its layers out',
    });
  }
}

/** A size in words: exact, or "more than 2^53 - 1" once saturated. */
function formatSize(size: number): string {
  return size >= SATURATED ? `more than ${SATURATED.toLocaleString('en-US')}` : size.toLocaleString('en-US');
}

function reportTooLarge(ctx: CheckContext, crossing: Crossing, model: Size): void {
  const limit = MAX_UNROLLED_LAYERS.toLocaleString('en-US');
  // Empty bodies produce no layers but still cost a step per repetition: say so, or "0 layers" would puzzle.
  const what = model.work > model.layers ? 'steps (layers, and repetitions of an empty body)' : 'layers';
  const { repeat, use } = crossing;
  if (use) {
    ctx.report({
      code: NAME_CODE.outOfRange,
      message: `this use of block \`${use.name.name}\` expands the model to ${formatSize(model.work)} ${what}, more than the ${limit} nnspec unrolls`,
      range: use.name.range,
      label: 'too many layers',
      help: `a model unrolls to at most ${limit} layers, blocks and repeats included; use the block fewer times or give its \`repeat\`s smaller counts`,
    });
    return;
  }
  ctx.report({
    code: NAME_CODE.outOfRange,
    // A repeat whose count the parser could not read runs once; if it still crosses, point at its keyword.
    message: `this \`repeat\` unrolls the model to ${formatSize(model.work)} ${what}, more than the ${limit} nnspec unrolls`,
    range: repeat!.count?.range ?? repeat!.keywordRange,
    label: 'too many repetitions',
    help: `a model unrolls to at most ${limit} layers, and each repetition of an empty body counts as one; use a smaller count`,
  });
}

function unroll(items: readonly ModelItem[], repeatRange: Range | undefined, out: UnrolledLayer[]): void {
  for (const item of items) {
    if (item.kind === 'layer') {
      out.push(repeatRange ? { node: item, repeatRange } : { node: item });
      continue;
    }
    if (item.kind === 'from') continue;
    const times = timesOf(item);
    for (let time = 0; time < times; time++) unroll(item.body, item.range, out);
  }
}

/** Each layer call once, in source order: what a too-large model is checked as. */
function listOnce(items: readonly ModelItem[], repeatRange: Range | undefined, out: UnrolledLayer[]): void {
  for (const item of items) {
    if (item.kind === 'layer') out.push(repeatRange ? { node: item, repeatRange } : { node: item });
    else if (item.kind === 'repeat') listOnce(item.body, item.range, out);
  }
}
