/**
 * The study view: the validation curve (final losses against the varied param, with 95%
 * confidence intervals over the seeds) and, side by side, each setting's loss curves, all drawn
 * with the study report's own chart code and redrawn as trials finish. The running trial's
 * curves show as it trains.
 */
import type { EpochRecord } from '../../../src/report/report-schema.js';
import { COLORS } from '../../../src/report/report-charts.js';
import { CLEAN_LOSS_LABEL, VALIDATION_LOSS_LABEL } from '../../../src/report/loss-names.js';
import { defaultLossScale, finite, valueAxis } from '../../../src/report/chart-axis.js';
import { escapeHtml } from '../../../src/report/escape-html.js';
import { fixed4 } from '../../../src/report/format-numbers.js';
import { studyPanels, validationCurve } from '../../../src/report/study/study-charts.js';
import type { StudyReport } from '../../../src/report/study/study-report-schema.js';
import { renderValueChartFigure } from '../../../src/report/study/value-chart.js';
import { renderChartLegend, renderSvgChart, type ChartSpec } from '../../../src/report/svg-chart.js';

/** The trials' histories of one setting, finished ones from the report and the running one as it goes. */
export interface SettingCurves {
  label: string;
  histories: EpochRecord[][];
}

/**
 * One setting's small chart: each trial's clean training loss (dashed) and validation loss, on
 * one axis shared by every setting so the panels compare at a glance.
 */
export function settingChartSpec(setting: SettingCurves, axisValues: readonly number[]): ChartSpec | null {
  const longest = Math.max(0, ...setting.histories.map((history) => history.length));
  if (longest === 0 || axisValues.length === 0) return null;
  const epochs = Array.from({ length: longest }, (_, index) => index + 1);
  const series = setting.histories.flatMap((history) => [
    { label: CLEAN_LOSS_LABEL, color: COLORS.clean, dashed: true, values: epochs.map((epoch) => history[epoch - 1]?.cleanTrainLoss ?? null) },
    { label: VALIDATION_LOSS_LABEL, color: COLORS.validation, values: epochs.map((epoch) => history[epoch - 1]?.valLoss ?? null) },
  ]);
  return { title: `${setting.label}: loss per epoch`, epochs, series, axis: valueAxis(defaultLossScale(axisValues), axisValues) };
}

/** Every setting's curves: the report's trials, plus the running trial's epochs so far. */
export function settingCurves(
  labels: readonly string[],
  report: StudyReport | null,
  running: { setting: number; history: EpochRecord[] } | null,
): SettingCurves[] {
  return labels.map((label, index) => {
    const finished = report?.settings[index]?.trials.flatMap((trial) => (trial.report ? [trial.report.history] : [])) ?? [];
    return { label, histories: running?.setting === index ? [...finished, running.history] : finished };
  });
}

/** The study view's HTML. */
export function studyViewHtml(labels: readonly string[], report: StudyReport | null, running: { setting: number; history: EpochRecord[] } | null): string {
  const parts: string[] = [];
  if (report?.settings.some((setting) => setting.summary.counts.completed > 0)) {
    const best = report.best;
    if (best)
      parts.push(
        `<p class="study-best">Best so far by validation: ${escapeHtml(best.label)}, ${escapeHtml(best.by)} ${fixed4(best.value.mean)}${best.value.halfWidth === null ? '' : ` ± ${fixed4(best.value.halfWidth)}`}</p>`,
      );
    for (const panel of studyPanels(report)) parts.push(renderValueChartFigure(validationCurve(panel, { width: 640, height: 200 })));
  }
  const curves = settingCurves(labels, report, running);
  const values = finite(
    curves.flatMap((setting) => setting.histories.flatMap((history) => history.flatMap((record) => [record.cleanTrainLoss, record.valLoss]))),
  );
  const panels = curves.map((setting) => {
    const spec = settingChartSpec(setting, values);
    return `<figure class="setting-curves"><figcaption>${escapeHtml(setting.label)} (${setting.histories.length} trial${setting.histories.length === 1 ? '' : 's'})</figcaption>${spec ? renderSvgChart(spec) : '<p class="placeholder">not trained yet</p>'}</figure>`;
  });
  parts.push(
    renderChartLegend({
      series: [
        { label: `${CLEAN_LOSS_LABEL}, one line per trial`, color: COLORS.clean, dashed: true },
        { label: `${VALIDATION_LOSS_LABEL}, one line per trial`, color: COLORS.validation },
      ],
    }),
  );
  parts.push(`<div class="setting-grid">${panels.join('')}</div>`);
  return parts.join('\n');
}
