/**
 * The text `nnspec predict` writes (CSV or JSON) and the evaluation `nnspec evaluate` prints or
 * writes as JSON. Pure functions of the results. Browser-safe.
 */
import type { PredictResult } from './predict.js';
import type { EvaluateResult } from './evaluate.js';

/** A number as written in outputs: 9 significant digits (every float32 value round-trips), no trailing zeros. */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(9))) : String(value);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV header of predictions: `class,p(setosa),...` (classification) or the target's name(s);
 * with Monte Carlo dropout `class,mean(setosa),...,std(setosa),...,entropy` or `mean(y),std(y)`.
 */
export function predictionsHeader(result: PredictResult): string[] {
  const names = result.outputNames;
  const classes = result.task === 'classification';
  if (result.mc === null) return classes ? ['class', ...names.map((name) => `p(${name})`)] : [...names];
  return [...(classes ? ['class'] : []), ...names.map((name) => `mean(${name})`), ...names.map((name) => `std(${name})`), ...(classes ? ['entropy'] : [])];
}

/** Predictions as CSV: the header of {@link predictionsHeader}, then one line per example, in order. */
export function predictionsCsv(result: PredictResult): string {
  const lines = [predictionsHeader(result).map(csvCell).join(',')];
  for (const row of result.rows) {
    const cells = [
      ...(row.className !== null ? [csvCell(row.className)] : []),
      ...row.values.map(formatValue),
      ...(row.std ?? []).map(formatValue),
      ...(row.entropy !== null ? [formatValue(row.entropy)] : []),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Predictions as JSON (documented in docs/predict.md). */
export function predictionsJson(result: PredictResult): string {
  const byName = (values: readonly number[]) => Object.fromEntries(result.outputNames.map((name, index) => [name, Number(formatValue(values[index]!))]));
  const classes = result.task === 'classification';
  return `${JSON.stringify(
    {
      task: result.task,
      outputs: result.outputNames,
      mc: result.mc === null ? null : { passes: result.mc.passes, seed: result.mc.seed, std: 'population', entropy: 'nats' },
      predictions: result.rows.map((row) => ({
        ...(classes ? { class: row.className, probabilities: byName(row.values) } : { values: byName(row.values) }),
        ...(row.std !== null ? { std: byName(row.std) } : {}),
        ...(row.entropy !== null ? { entropy: Number(formatValue(row.entropy)) } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function fixed(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The evaluation as the terminal shows it: loss and metrics, then the confusion matrix and per-class table, or MSE, MAE and R². */
export function evaluationText(result: EvaluateResult, title: string): string {
  const lines = [`${title}: ${result.count} example${result.count === 1 ? '' : 's'}`, `  loss (${result.lossName})  ${fixed(result.loss)}`];
  for (const [name, value] of Object.entries(result.metrics)) lines.push(`  ${name}  ${fixed(value)}`);
  const c = result.classification;
  if (c !== null) {
    lines.push('', 'Confusion matrix (rows: true class, columns: predicted):');
    lines.push(table([['', ...c.classNames], ...c.classNames.map((name, index) => [name, ...c.confusion[index]!.map(String)])]).replace(/^/gm, '  '));
    lines.push('', 'Per class:');
    lines.push(
      table([
        ['class', 'precision', 'recall', 'f1', 'support'],
        ...c.perClass.map((scores) => [scores.name, fixed(scores.precision), fixed(scores.recall), fixed(scores.f1), String(scores.support)]),
        // The unweighted mean over the classes, as scikit-learn's classification report prints it.
        ['macro avg', ...(['precision', 'recall', 'f1'] as const).map((key) => fixed(mean(c.perClass.map((scores) => scores[key])))), String(result.count)],
      ]).replace(/^/gm, '  '),
    );
    // The matrix's accuracy is printed when the run's metrics did not already show it.
    if (!('accuracy' in result.metrics)) lines.push('', `  accuracy  ${fixed(c.accuracy)}`);
  }
  const r = result.regression;
  if (r !== null) {
    lines.push('', `  MSE  ${formatValue(r.mse)}`, `  MAE  ${formatValue(r.mae)}`, `  R²   ${fixed(r.r2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The evaluation as JSON (documented in docs/predict.md). */
export function evaluationJson(result: EvaluateResult, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ format: 'nnspec-evaluation', ...extra, ...result }, null, 2)}\n`;
}
