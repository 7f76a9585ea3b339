/**
 * A per-model summary like Keras's `model.summary()`: one row per layer, output shapes,
 * parameter counts and totals. `summarizeModel` gives JSON-friendly data (`--format json`),
 * `renderSummary` the text table.
 */
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CatalogueView } from '../catalogue/types.js';
import type { CheckedData, CheckedModel, CheckedTrain, Shape } from './program.js';

/** One row of the summary table. */
export interface SummaryRow {
  name: string;
  type: string;
  /** `null` when an earlier error left the shape unknown. */
  outputShape: Shape | null;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /**
   * The layers it reads, by name: set for every row of a model that is not a plain chain (the
   * "Connected to" column of Keras's functional summary); absent for chains.
   */
  connectedTo?: string[];
}

/** What is known about the data set the model is trained on. */
export interface SummaryData {
  name: string;
  featureShape: number[] | null;
  classes: number | null;
  task: 'classification' | 'regression' | null;
}

export interface ModelSummary {
  model: string;
  inputShape: Shape | null;
  outputShape: Shape | null;
  layers: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Bytes of all weights at 4 bytes (float32) per parameter. */
  weightBytes: number;
  data: SummaryData | null;
}

/** Bytes per parameter: TF.js keeps weights as float32. */
const BYTES_PER_PARAM = 4;

/**
 * Whether a model is a plain chain: each layer reads the one before it (the first reads the
 * input or the data). A chain is summarised as Keras's Sequential summary, anything else as
 * its functional one.
 */
export function isChain(model: CheckedModel): boolean {
  return model.layers.every((layer, index) => {
    if (layer.type === 'input') return layer.inputs.length === 0;
    const previous = model.layers[index - 1];
    return previous ? layer.inputs.length === 1 && layer.inputs[0] === previous.name : layer.inputs.length === 0;
  });
}

/**
 * Summarises a checked model (and the data it is trained on, when given). For a chain, the
 * `input` layer is not a row, as in Keras's Sequential summary; it is the `inputShape`. A graph
 * (names, merges, branches) is summarised as Keras's functional summary: every node a row,
 * the input included, each with the layers it is connected to. A file source (CSV,
 * IDX) does not say its task; `train`, the declaration training the model on `data`, then
 * gives it through its loss (the catalogue's task of the loss), as training decides it.
 */
export function summarizeModel(
  model: CheckedModel,
  data?: CheckedData | null,
  train?: CheckedTrain | null,
  catalogue: CatalogueView = defaultCatalogueView(),
): ModelSummary {
  const chain = isChain(model);
  const layers: SummaryRow[] = model.layers
    .filter((layer) => !chain || layer.type !== 'input')
    .map((layer) => ({
      name: layer.name,
      type: layer.type,
      outputShape: layer.outputShape ?? null,
      params: layer.trainableParams + layer.nonTrainableParams,
      trainableParams: layer.trainableParams,
      nonTrainableParams: layer.nonTrainableParams,
      ...(chain ? {} : { connectedTo: [...layer.inputs] }),
    }));
  const totalParams = model.trainableParams + model.nonTrainableParams;
  return {
    model: model.name,
    inputShape: model.inputShape ?? null,
    outputShape: model.outputShape ?? null,
    layers,
    totalParams,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
    weightBytes: totalParams * BYTES_PER_PARAM,
    data: data
      ? {
          name: data.name,
          featureShape: data.featureShape,
          classes: data.classes,
          task: data.task ?? (train ? (catalogue.loss(train.loss.type)?.task ?? null) : null),
        }
      : null,
  };
}

export interface RenderSummaryOptions {
  /** Use `-` and `=` instead of box-drawing characters (for terminals without Unicode). */
  ascii?: boolean;
}

/** Formats `1234567` as `1,234,567`, locale-independently. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats a byte count the way Keras does: `196.35 KB` (binary units, two decimals). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

/** A shape with the batch axis, as Keras prints it: `(None, 8, 8, 1)`; `?` when unknown. */
export function formatShape(shape: Shape | null): string {
  if (!shape) return '?';
  return `(${['None', ...shape.map((axis) => (axis === null ? 'None' : String(axis)))].join(', ')})`;
}

/** Renders a summary as a text table. Pure: the same summary gives the same text. */
export function renderSummary(summary: ModelSummary, options: RenderSummaryOptions = {}): string {
  const heavy = options.ascii ? '=' : '━';
  const light = options.ascii ? '-' : '─';
  const graph = summary.layers.some((row) => row.connectedTo !== undefined);
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(graph ? ['Connected to'] : [])];
  const rows = summary.layers.map((row) => [
    `${row.name} (${row.type})`,
    formatShape(row.outputShape),
    formatCount(row.params),
    ...(graph ? [row.connectedTo && row.connectedTo.length > 0 ? row.connectedTo.join(', ') : '-'] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string =>
    `${cells[0].padEnd(widths[0])}   ${cells[1].padEnd(widths[1])}   ${cells[2].padStart(widths[2])}${graph ? `   ${cells[3]}` : ''}`.trimEnd();
  const width = widths[0] + widths[1] + widths[2] + 6 + (graph ? widths[3] + 3 : 0);
  const out: string[] = [`Model: "${summary.model}"`];
  if (summary.inputShape) out.push(`Input: ${formatShape(summary.inputShape)}`);
  out.push(heavy.repeat(width), line(header), heavy.repeat(width));
  rows.forEach((row, index) => {
    out.push(line(row));
    if (index < rows.length - 1) out.push(light.repeat(width));
  });
  out.push(heavy.repeat(width));
  const bytes = (count: number): string => formatBytes(count * BYTES_PER_PARAM);
  out.push(`Total params: ${formatCount(summary.totalParams)} (${formatBytes(summary.weightBytes)})`);
  out.push(`Trainable params: ${formatCount(summary.trainableParams)} (${bytes(summary.trainableParams)})`);
  out.push(`Non-trainable params: ${formatCount(summary.nonTrainableParams)} (${bytes(summary.nonTrainableParams)})`);
  if (summary.data) out.push(describeData(summary.data));
  return out.join('\n');
}

function describeData(data: SummaryData): string {
  const parts = [`Data: "${data.name}"`];
  if (data.featureShape) parts.push(`features ${formatShape(data.featureShape)}`);
  if (data.task === 'regression') parts.push('regression');
  else if (data.classes !== null) parts.push(`${data.classes} classes`);
  return parts.join(', ');
}
