/**
 * The self-contained HTML report: loss and metric curves as inline SVG with the best and
 * stopping epochs marked, the summary table and the per-epoch table. No external resources.
 */
import type { EpochRecord, TrainingReport } from './report-schema.js';
import { fixed4, mainMetric, partialEpoch, rate, signed4 } from './format-numbers.js';
import { describeTestGap } from './test-gap.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

const W = 640;
const H = 300;
// The top band holds the legend, so that neither it nor the marks' labels cover the curves' ends.
const PAD = { left: 56, right: 16, top: 34, bottom: 36 };
/** Approximate width of an 11px sans-serif character, for laying out labels without measuring. */
const CHAR_WIDTH = 6.2;

/** One line chart as an SVG element: one polyline per series, one point per epoch. */
export function svgChart(title: string, epochs: readonly number[], series: readonly Series[], marks: { epoch: number; label: string; color: string }[]): string {
  const values = series.flatMap((entry) => entry.values).filter((value): value is number => value !== null && Number.isFinite(value));
  if (epochs.length === 0 || values.length === 0) return '';
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1e-12) {
    high += 0.5;
    low -= 0.5;
  }
  const firstEpoch = epochs[0]!;
  const lastEpoch = epochs[epochs.length - 1]!;
  const x = (epoch: number): number => PAD.left + (lastEpoch === firstEpoch ? 0 : ((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * (W - PAD.left - PAD.right));
  const y = (value: number): number => PAD.top + (1 - (value - low) / (high - low)) * (H - PAD.top - PAD.bottom);
  const f = (n: number): string => n.toFixed(1);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">`];
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#888"/>`);
  parts.push(`<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#888"/>`);
  for (const tick of [low, (low + high) / 2, high]) {
    parts.push(`<text x="${PAD.left - 6}" y="${f(y(tick) + 4)}" font-size="11" text-anchor="end">${tick.toFixed(3)}</text>`);
  }
  parts.push(`<text x="${PAD.left}" y="${H - 12}" font-size="11">${firstEpoch}</text>`);
  parts.push(`<text x="${W - PAD.right}" y="${H - 12}" font-size="11" text-anchor="end">${lastEpoch}</text>`);
  parts.push(`<text x="${(W + PAD.left) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">epoch</text>`);
  let previousLabelX = -Infinity;
  let labelRow = 0;
  for (const mark of marks) {
    const at = x(mark.epoch);
    parts.push(`<line x1="${f(at)}" y1="${PAD.top}" x2="${f(at)}" y2="${H - PAD.bottom}" stroke="${mark.color}" stroke-dasharray="4 3"><title>${escapeHtml(mark.label)}</title></line>`);
    // Right of the line, or left of it in the chart's right half so it stays inside; a second
    // label close to the previous one goes one row down.
    const rightHalf = at > (PAD.left + W - PAD.right) / 2;
    labelRow = Math.abs(at - previousLabelX) < mark.label.length * CHAR_WIDTH + 8 ? labelRow + 1 : 0;
    previousLabelX = at;
    const anchor = rightHalf ? ` text-anchor="end"` : '';
    parts.push(`<text x="${f(rightHalf ? at - 3 : at + 3)}" y="${PAD.top + 11 + labelRow * 13}" font-size="11" fill="${mark.color}"${anchor}>${escapeHtml(mark.label)}</text>`);
  }
  let legendX = PAD.left;
  series.forEach((entry) => {
    const points = entry.values.map((value, at) => (value === null || !Number.isFinite(value) ? null : `${f(x(epochs[at]!))},${f(y(value))}`)).filter((point): point is string => point !== null);
    parts.push(`<polyline fill="none" stroke="${entry.color}" stroke-width="2" points="${points.join(' ')}"><title>${escapeHtml(entry.label)}</title></polyline>`);
    parts.push(`<line x1="${f(legendX)}" y1="13" x2="${f(legendX + 16)}" y2="13" stroke="${entry.color}" stroke-width="2"/>`);
    parts.push(`<text x="${f(legendX + 20)}" y="17" font-size="11" fill="#333">${escapeHtml(entry.label)}</text>`);
    legendX += 20 + entry.label.length * CHAR_WIDTH + 16;
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function cell(value: string, numeric = true): string {
  return `<td${numeric ? ' class="n"' : ''}>${escapeHtml(value)}</td>`;
}

function epochRow(record: EpochRecord, metric: string | undefined, best: number | null, stop: number): string {
  const classes = [record.epoch === best ? 'best' : '', record.epoch === stop ? 'stop' : ''].filter(Boolean).join(' ');
  const cells = [
    cell(record.partial ? `${record.epoch} (${partialEpoch(record.partial)})` : String(record.epoch)),
    cell(fixed4(record.trainLoss)),
    cell(fixed4(record.cleanTrainLoss)),
    cell(fixed4(record.valLoss)),
    cell(signed4(record.gap)),
    ...(metric ? [cell(fixed4(record.cleanTrainMetrics[metric])), cell(fixed4(record.valMetrics[metric]))] : []),
    cell(rate(record.learningRate)),
    cell(record.seconds.toFixed(2)),
  ];
  return `<tr${classes ? ` class="${classes}"` : ''}>${cells.join('')}</tr>`;
}

/** The whole page. Pure: the same report gives the same page. */
export function renderHtmlReport(report: TrainingReport): string {
  const s = report.summary;
  const epochs = report.history.map((record) => record.epoch);
  const metric = mainMetric(report.training.metrics);
  const marks = [
    ...(s.bestEpoch !== null ? [{ epoch: s.bestEpoch, label: `best (${s.bestEpoch})`, color: '#2a7' }] : []),
    ...(s.stopEpoch > 0 && s.stopEpoch <= (epochs[epochs.length - 1] ?? 0) ? [{ epoch: s.stopEpoch, label: `stop (${s.stopEpoch})`, color: '#c33' }] : []),
  ];
  const lossChart = svgChart('loss per epoch', epochs, [
    { label: 'training loss (dropout on)', color: '#bbb', values: report.history.map((record) => record.trainLoss) },
    { label: 'training loss (clean)', color: '#1f6fb2', values: report.history.map((record) => record.cleanTrainLoss) },
    { label: 'validation loss', color: '#e67e22', values: report.history.map((record) => record.valLoss) },
  ], marks);
  const metricChart = metric
    ? svgChart(`${metric} per epoch`, epochs, [
        { label: `training ${metric} (clean)`, color: '#1f6fb2', values: report.history.map((record) => record.cleanTrainMetrics[metric] ?? null) },
        { label: `validation ${metric}`, color: '#e67e22', values: report.history.map((record) => record.valMetrics[metric] ?? null) },
      ], marks)
    : '';
  const summaryRows: [string, string][] = [
    ['model', `${report.model.name} (${(report.model.trainableParams + report.model.nonTrainableParams).toLocaleString('en-US')} parameters)`],
    ['data', `${report.data.name}: ${report.data.sizes.train} train / ${report.data.sizes.validation} validation / ${report.data.sizes.test} test, features [${report.data.featureShape.join(', ')}]`],
    ['training', `${report.training.optimizer}, ${report.training.loss}, batch ${report.training.batchSize}, seed ${report.training.seed}, ${report.training.backend} (${report.training.threads} thread${report.training.threads === 1 ? '' : 's'})`],
    ['stopped', `epoch ${s.stopEpoch} of ${report.training.epochs} (${s.stopReason}): ${s.stopMessage}`],
    ['best epoch', s.bestEpoch === null ? '-' : `${s.bestEpoch}: ${s.monitor} ${fixed4(s.bestValue)}${s.restoredBestWeights ? ' (weights restored)' : ''}`],
    ['overfitting onset', s.overfittingOnset === null ? 'not seen' : `after epoch ${s.overfittingOnset}`],
    ['test gap (test - train loss)', `${signed4(s.testMinusTrainGap)}${s.train && s.test ? `: ${describeTestGap(s.train.loss, s.test.loss).sentence}` : ''}`],
  ];
  const evalRows = (['train', 'validation', 'test'] as const).map((split) => {
    const evaluation = s[split];
    return `<tr>${cell(split, false)}${cell(fixed4(evaluation?.loss))}${report.training.metrics.map((name) => cell(fixed4(evaluation?.metrics[name]))).join('')}</tr>`;
  });
  const head = ['epoch', 'loss (dropout)', 'loss (clean)', 'val loss', 'gap', ...(metric ? [`${metric} (clean)`, `val ${metric}`] : []), 'lr', 's'];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`nnspec report: ${report.model.name} on ${report.data.name}`)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.best { background: #e6f6ee; } tr.stop { background: #fbeaea; }
svg { display: block; margin: 1rem 0; }
</style>
</head>
<body>
<h1>${escapeHtml(report.model.name)} on ${escapeHtml(report.data.name)}</h1>
<p>${escapeHtml(report.spec)}</p>
<h2>Summary</h2>
<table class="summary">
${summaryRows.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}
</table>
<h2>Final model</h2>
<table class="evaluation">
<tr><th>split</th><th>loss</th>${report.training.metrics.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>
${evalRows.join('\n')}
</table>
<h2>Curves</h2>
${lossChart}
${metricChart}
<h2>Epochs</h2>
<table class="epochs">
<tr>${head.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>
${report.history.map((record) => epochRow(record, metric, s.bestEpoch, s.stopEpoch)).join('\n')}
</table>
</body>
</html>
`;
}
