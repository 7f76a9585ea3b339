/**
 * Draws the decision boundary on a canvas, as TensorFlow Playground does: each grid cell in its
 * predicted class's colour, more intense the more confident the model, under the training
 * points (filled) and the test points (ringed).
 */
import { escapeHtml } from '../../../src/report/escape-html.js';
import type { BoundaryCells, BoundaryFrame } from './protocol.js';

/** Class colours, in class order (repeating past eight). */
export const CLASS_COLORS: readonly [number, number, number][] = [
  [245, 147, 34],
  [8, 119, 189],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [23, 190, 207],
];

function colorOf(label: number): [number, number, number] {
  return CLASS_COLORS[label % CLASS_COLORS.length]!;
}

/**
 * How strongly a cell is tinted: 0 where the model is no surer than chance (1 / classes), up to
 * 0.8 where it is certain, so the boundary shows where the tint fades.
 */
export function cellIntensity(confidence: number, classes: number): number {
  const chance = 1 / Math.max(2, classes);
  return Math.max(0, Math.min(1, (confidence - chance) / (1 - chance))) * 0.8;
}

/** Draws the frame's points and, when given, the cells under them. */
export function drawBoundary(canvas: HTMLCanvasElement, frame: BoundaryFrame, cells: BoundaryCells | null): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { grid } = frame;
  const size = canvas.width;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  if (cells) {
    const image = new ImageData(grid.columns, grid.rows);
    for (let cell = 0; cell < grid.columns * grid.rows; cell++) {
      const [r, g, b] = colorOf(cells.classes[cell]!);
      const alpha = cellIntensity(cells.confidence[cell]!, frame.classes);
      // Blended over white here: the small image is scaled up smoothly below.
      image.data[cell * 4] = Math.round(255 + (r - 255) * alpha);
      image.data[cell * 4 + 1] = Math.round(255 + (g - 255) * alpha);
      image.data[cell * 4 + 2] = Math.round(255 + (b - 255) * alpha);
      image.data[cell * 4 + 3] = 255;
    }
    const small = new OffscreenCanvas(grid.columns, grid.rows);
    small.getContext('2d')?.putImageData(image, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(small, 0, 0, size, size);
  }
  const at = (x: number, y: number): [number, number] => [
    ((x - grid.xMin) / (grid.xMax - grid.xMin)) * size,
    ((grid.yMax - y) / (grid.yMax - grid.yMin)) * size,
  ];
  for (const point of frame.train) {
    const [px, py] = at(point.x, point.y);
    const [r, g, b] = colorOf(point.label);
    context.beginPath();
    context.arc(px, py, 2.6, 0, Math.PI * 2);
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.fill();
    context.lineWidth = 0.8;
    context.strokeStyle = '#fff';
    context.stroke();
  }
  for (const point of frame.test) {
    const [px, py] = at(point.x, point.y);
    const [r, g, b] = colorOf(point.label);
    context.beginPath();
    context.arc(px, py, 3, 0, Math.PI * 2);
    context.fillStyle = '#fff';
    context.fill();
    context.lineWidth = 1.6;
    context.strokeStyle = `rgb(${r},${g},${b})`;
    context.stroke();
  }
}

/** The boundary's legend: a swatch per class, and what filled and ringed points are. */
export function boundaryLegend(frame: BoundaryFrame): string {
  const classes = frame.classNames
    .map((name, index) => {
      const [r, g, b] = colorOf(index);
      return `<span class="legend-item"><span class="class-swatch" style="background: rgb(${r},${g},${b})"></span>${escapeHtml(name)}</span>`;
    })
    .join(' ');
  return `${classes} <span class="legend-item">● training</span> <span class="legend-item">○ test</span>`;
}
