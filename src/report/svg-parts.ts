/**
 * The pieces every SVG chart of the reports shares (the run report's epoch charts and the study
 * report's value charts): the font and its estimated widths, the opening of an `<svg>`, and the
 * value axis's gridlines with their tick labels.
 */
import type { ValueAxis } from './chart-axis.js';
import { escapeHtml } from './escape-html.js';

/** Font size of every label. */
export const FONT_SIZE = 11;
/**
 * A generous width of one character at {@link FONT_SIZE} (0.62 em; digits of common sans
 * fonts are about 0.55 em), for laying out labels without measuring them.
 */
const CHAR_WIDTH = FONT_SIZE * 0.62;
/** Space between a tick label and the plot. */
export const TICK_GAP = 8;
/** Space above the plot, for the top tick label's upper half. */
export const TOP = 12;

/** The estimated width of `text` at {@link FONT_SIZE}. */
export function textWidth(text: string): number {
  return text.length * CHAR_WIDTH;
}

/** A coordinate with one decimal at most, as SVG attributes take it. */
export const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The `<svg>` start tag, its title and its white background; `attributes` go into the tag (` data-chart="..."`). */
export function svgStart(title: string, width: number, height: number, attributes = ''): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-size="${FONT_SIZE}" font-family="system-ui, sans-serif"${attributes}>`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`,
  ];
}

/** A horizontal gridline at each tick of `axis` from `left` to `right`, its label left of the plot; drawn first, so curves go over them. */
export function valueGridlines(axis: ValueAxis, y: (value: number) => number, left: number, right: number): string[] {
  return axis.ticks.flatMap((tick) => {
    const at = y(tick.value);
    return [
      `<line class="grid" x1="${left}" y1="${f(at)}" x2="${right}" y2="${f(at)}" stroke="#e6e6e6"/>`,
      `<text class="tick y" x="${left - TICK_GAP}" y="${f(at + 4)}" text-anchor="end" fill="#555">${escapeHtml(tick.label)}</text>`,
    ];
  });
}
