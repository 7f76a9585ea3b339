/**
 * The self-contained HTML report: the summary and final evaluation, the charts (losses with a
 * log/linear switch, the validation gap, the main metric) as inline SVG, and the per-epoch
 * table. No external resources; the switch is plain HTML and CSS, and a small inline script
 * adds hover tooltips.
 */
import type { EpochRecord, TrainingReport } from './report-schema.js';
import { fixed4, mainMetric, partialEpoch, rate, signed4 } from './format-numbers.js';
import { describeTestGap } from './test-gap.js';
import { escapeHtml } from './escape-html.js';
import { renderChartFigure } from './svg-chart.js';
import { reportCharts, type ReportCharts } from './report-charts.js';
import { TOOLTIP_SCRIPT, tooltipDataScript } from './html-tooltips.js';
import { batchMeanTag } from './loss-names.js';

export { escapeHtml } from './escape-html.js';

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

/**
 * The loss chart: with both scales, two radio buttons and CSS show one chart at a time, so the
 * switch works without the script; the default scale is checked.
 */
function lossSection(charts: ReportCharts): string {
  const { log, linear } = charts.loss;
  if (!log || !linear) return renderChartFigure((log ?? linear)!);
  const radio = (kind: 'log' | 'linear'): string =>
    `<input type="radio" name="loss-scale" id="loss-scale-${kind}" value="${kind}"${charts.lossScale === kind ? ' checked' : ''}/><label for="loss-scale-${kind}">${kind}</label>`;
  return `<div class="scale-switch">
<span>loss axis:</span> ${radio('log')} ${radio('linear')}
<div class="scale-log">${renderChartFigure(log)}</div>
<div class="scale-linear">${renderChartFigure(linear)}</div>
</div>`;
}

const STYLE = `<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 920px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.best { background: #e6f6ee; } tr.stop { background: #fbeaea; }
svg { display: block; max-width: 100%; height: auto; }
.chart { margin: 0.5rem 0 1.5rem; }
.legend { font-size: 12px; color: #333; margin: 0.3rem 0; line-height: 1.6; }
.legend-item { display: inline-block; margin-right: 1.1rem; white-space: nowrap; }
.legend .swatch { display: inline; vertical-align: middle; }
.note { color: #555; max-width: 46rem; }
.scale-switch > input { margin-left: 0.8rem; }
#loss-scale-log:checked ~ .scale-linear, #loss-scale-linear:checked ~ .scale-log { display: none; }
.tooltip { position: absolute; background: #fff; border: 1px solid #bbb; border-radius: 4px; padding: 0.4rem 0.6rem; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,0.15); pointer-events: none; }
.tooltip table { margin: 0.2rem 0 0; } .tooltip th, .tooltip td { padding: 0.1rem 0.4rem; border: 0; } .tooltip td { text-align: right; font-variant-numeric: tabular-nums; }
</style>`;

/** The whole page. Pure: the same report gives the same page. */
export function renderHtmlReport(report: TrainingReport): string {
  const s = report.summary;
  const metric = mainMetric(report.training.metrics, report.data.task);
  const charts = reportCharts(report, metric);
  const summaryRows: [string, string][] = [
    ['model', `${report.model.name} (${(report.model.trainableParams + report.model.nonTrainableParams).toLocaleString('en-US')} parameters)`],
    [
      'data',
      `${report.data.name}: ${report.data.sizes.train} train / ${report.data.sizes.validation} validation / ${report.data.sizes.test} test, features [${report.data.featureShape.join(', ')}]`,
    ],
    [
      'training',
      `${report.training.optimizer}, ${report.training.loss}, batch ${report.training.batchSize}, seed ${report.training.seed}, ${report.training.backend} (${report.training.threads} thread${report.training.threads === 1 ? '' : 's'})`,
    ],
    ['stopped', `epoch ${s.stopEpoch} of ${report.training.epochs} (${s.stopReason}): ${s.stopMessage}`],
    ['best epoch', s.bestEpoch === null ? '-' : `${s.bestEpoch}: ${s.monitor} ${fixed4(s.bestValue)}${s.restoredBestWeights ? ' (weights restored)' : ''}`],
    ['overfitting onset', s.overfittingOnset === null ? 'not seen' : `after epoch ${s.overfittingOnset}`],
    ['test gap (test - train loss)', `${signed4(s.testMinusTrainGap)}${s.train && s.test ? `: ${describeTestGap(s.train.loss, s.test.loss).sentence}` : ''}`],
  ];
  const evalRows = (['train', 'validation', 'test'] as const).map((split) => {
    const evaluation = s[split];
    return `<tr>${cell(split, false)}${cell(fixed4(evaluation?.loss))}${report.training.metrics.map((name) => cell(fixed4(evaluation?.metrics[name]))).join('')}</tr>`;
  });
  const batchMean = batchMeanTag(report.model.trainingOnly);
  const head = ['epoch', `loss (${batchMean})`, 'loss (clean)', 'val loss', 'val gap', ...(metric ? [`${metric} (clean)`, `val ${metric}`] : []), 'lr', 's'];
  const hasCharts = report.history.length > 0;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>${escapeHtml(`nnspec report: ${report.model.name} on ${report.data.name}`)}</title>
${STYLE}
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
${
  hasCharts
    ? `<h2>Curves</h2>
<h3>Loss</h3>
<p class="note">The batch-mean training loss is the mean over the epoch's batches, taken while the weights still change${report.model.trainingOnly.length > 0 ? ` and with ${escapeHtml(report.model.trainingOnly.join(' and '))} on` : ''}; the clean training loss is measured on the whole training split after the epoch, in inference mode. Hover over a chart for an epoch's values.</p>
${lossSection(charts)}
${charts.afterBest ? `<h3>Validation loss after the best epoch</h3>\n<p class="note">The same validation loss on its own axis from the best epoch on, so a small rise is visible.</p>\n${renderChartFigure(charts.afterBest)}` : ''}
${charts.gap ? `<h3>Validation gap</h3>\n<p class="note">Validation loss minus clean training loss, per epoch. A gap that keeps growing while training loss falls is overfitting.</p>\n${renderChartFigure(charts.gap)}` : ''}
${charts.metric && metric ? `<h3>${escapeHtml(metric)}</h3>\n${renderChartFigure(charts.metric)}` : ''}`
    : ''
}
<h2>Epochs</h2>
<table class="epochs">
<tr>${head.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>
${report.history.map((record) => epochRow(record, metric, s.bestEpoch, s.stopEpoch)).join('\n')}
</table>
${tooltipDataScript(report)}
${TOOLTIP_SCRIPT}
</body>
</html>
`;
}
