/**
 * The self-contained HTML study report: the best setting and the paired comparisons in words,
 * the validation curve and the gaps against the varied value (small multiples for two or more
 * params), the settings' mean learning curves, the study table, and the trials that did not
 * complete. Inline SVG and CSS only; nothing is fetched.
 */
import { countNoun, fixed4 } from '../format-numbers.js';
import { escapeHtml } from '../escape-html.js';
import { renderChartFigure } from '../svg-chart.js';
import type { StudyReport } from './study-report-schema.js';
import { studyTable } from './study-table.js';
import { renderValueChartFigure, type ValueChartSpec } from './value-chart.js';
import { gapCurve, learningCurves, studyPanels, validationCurve, type StudyPanel } from './study-charts.js';

const STYLE = `<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 920px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 13px; }
td, th { padding: 0.2rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.best { background: #e6f6ee; }
svg { display: block; max-width: 100%; height: auto; }
.chart { margin: 0.5rem 0 1.5rem; }
.legend { font-size: 12px; color: #333; margin: 0.3rem 0; line-height: 1.6; }
.legend-item { display: inline-block; margin-right: 1.1rem; white-space: nowrap; }
.legend .swatch { display: inline; vertical-align: middle; }
.panels { display: flex; flex-wrap: wrap; gap: 0 1rem; }
.panel { flex: 1 1 420px; max-width: 450px; }
.panel h4 { margin: 0.5rem 0 0; font-weight: 600; font-size: 13px; }
.note { color: #555; max-width: 46rem; }
.table-wrap { overflow-x: auto; }
</style>`;

/** The charts of every panel: one full-width chart for a lone panel, a row of small ones otherwise. */
function panelCharts(panels: readonly StudyPanel[], chart: (panel: StudyPanel, size: { width?: number; height?: number }) => ValueChartSpec): string {
  if (panels.length === 1) return renderValueChartFigure(chart(panels[0]!, {}));
  const figures = panels.map(
    (panel) =>
      `<div class="panel">${panel.title ? `<h4>${escapeHtml(panel.title)}</h4>` : ''}${renderValueChartFigure(chart(panel, { width: 440, height: 170 }))}</div>`,
  );
  return `<div class="panels">\n${figures.join('\n')}\n</div>`;
}

/** The study table as HTML, the best setting's row marked. */
function tableHtml(report: StudyReport): string {
  const table = studyTable(report);
  const head = `<tr>${table.header.map((title) => `<th>${escapeHtml(title)}</th>`).join('')}</tr>`;
  const rows = table.rows.map((row, index) => {
    const best = report.best?.setting === report.settings[index]!.index ? ' class="best"' : '';
    return `<tr${best}>${row.map((cell, column) => `<td${table.numeric[column] ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="study">\n${head}\n${rows.join('\n')}\n</table></div>`;
}

/** The trials that did not complete, each with its status and why. */
function unfinishedHtml(report: StudyReport): string {
  const items = report.settings.flatMap((setting) =>
    setting.trials
      .filter((trial) => trial.status !== 'completed')
      .map(
        (trial) =>
          `<li>${escapeHtml(`${setting.label}, seed ${trial.seed}: ${trial.status}${trial.prunedAtEpoch !== null ? ` at epoch ${trial.prunedAtEpoch}` : ''}${trial.message ? ` (${trial.message})` : ''}`)}</li>`,
      ),
  );
  return items.length === 0
    ? ''
    : `<h2>Trials not counted</h2>\n<p class="note">Pruned, diverged, interrupted and failed trials are counted in the table's trials column but enter no mean.</p>\n<ul>\n${items.join('\n')}\n</ul>`;
}

/** The whole page. Pure: the same report gives the same page. */
export function renderStudyHtml(report: StudyReport): string {
  const panels = studyPanels(report);
  const curves = learningCurves(report);
  const trials = report.settings.length * report.seeds.length;
  const best = report.best;
  const bestText = best
    ? `${best.label}: ${best.by} ${fixed4(best.value.mean)}${best.value.halfWidth === null ? '' : ` ± ${fixed4(best.value.halfWidth)}`} (mean of ${countNoun(best.value.n, 'trial')}; ${best.mode === 'min' ? 'lower' : 'higher'} is better)`
    : 'none: no completed trial has a validation value';
  const comparisons = report.comparisons.map(
    (comparison) =>
      `<li>${escapeHtml(comparison.sentence)}${comparison.details ? `<br/><span class="note">${escapeHtml(comparison.details)}</span>` : ''}</li>`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>${escapeHtml(`nnspec study: ${report.study} (${report.model})`)}</title>
${STYLE}
</head>
<body>
<h1>Study ${escapeHtml(report.study)}: ${escapeHtml(report.model)}</h1>
<p>${escapeHtml(`${report.spec}: ${report.kind} over ${report.params.join(', ')}; ${countNoun(report.settings.length, 'setting')} x ${countNoun(report.seeds.length, 'seed')} = ${countNoun(trials, 'trial')}, ${report.seconds.toFixed(1)} s of training`)}</p>
<p class="note">Every figure is of the final model (the restored best weights when early stopping restored them), averaged over a setting's completed trials; ± and the shaded bands are 95% confidence intervals of the mean (Student's t over the seeds).</p>
<h2>Best setting by validation</h2>
<p>${escapeHtml(bestText)}</p>
${comparisons.length > 0 ? `<h2>Against the control (${escapeHtml(report.settings[0]!.label)})</h2>\n<p class="note">Paired by seed: each difference is between two trials with the same seed, so the same initial weights, dropout masks, shuffling and split.</p>\n<ul>\n${comparisons.join('\n')}\n</ul>` : ''}
<h2>Validation curve</h2>
<p class="note">Clean training, validation and test loss of the final model against ${escapeHtml(panels[0]!.param)}.</p>
${panelCharts(panels, validationCurve)}
<h2>Gaps</h2>
<p class="note">Test and validation loss minus clean training loss. A gap that shrinks as a setting regularizes more is the effect the study measures.</p>
${panelCharts(panels, gapCurve)}
${curves ? `<h2>Learning curves</h2>\n<p class="note">Each setting's validation loss per epoch, averaged over its completed trials that reached the epoch.</p>\n${renderChartFigure(curves)}` : ''}
<h2>Settings</h2>
${tableHtml(report)}
${unfinishedHtml(report)}
</body>
</html>
`;
}
