/**
 * The live loss curves: the training batches' loss (dropout on), the clean training loss, the
 * validation loss and the test loss per epoch, with the best epoch, the overfitting onset and the stop marked,
 * drawn by the HTML report's own SVG chart code and redrawn after every epoch.
 */
import { defaultLossScale, finite, valueAxis } from '../../../src/report/chart-axis.js';
import { CLEAN_LOSS_LABEL, TEST_LOSS_LABEL, VALIDATION_LOSS_LABEL } from '../../../src/report/loss-names.js';
import { COLORS } from '../../../src/report/report-charts.js';
import type { EpochRecord, TrainingReport } from '../../../src/report/report-schema.js';
import { renderChartLegend, renderSvgChart, type ChartSpec } from '../../../src/report/svg-chart.js';
import { curveMarkEpochs, curveMarks } from './curve-marks.js';
import type { RunJudge } from './protocol.js';

/** The chart of a run so far (`report` once it has ended); null before the first epoch. */
export function lossChartSpec(
  history: readonly EpochRecord[],
  judge: RunJudge,
  lossLabel: string,
  report: TrainingReport | null,
  testLosses: readonly (number | null)[] = [],
): ChartSpec | null {
  if (history.length === 0) return null;
  const series = [
    { label: lossLabel, color: COLORS.batchMean, dashed: true, values: history.map((record) => record.trainLoss) },
    { label: CLEAN_LOSS_LABEL, color: COLORS.clean, values: history.map((record) => record.cleanTrainLoss) },
    { label: VALIDATION_LOSS_LABEL, color: COLORS.validation, values: history.map((record) => record.valLoss) },
    ...(testLosses.some((loss) => loss !== null)
      ? [{ label: TEST_LOSS_LABEL, color: COLORS.test, values: history.map((_, index) => testLosses[index] ?? null) }]
      : []),
  ];
  const values = finite(series.flatMap((entry) => entry.values));
  if (values.length === 0) return null;
  const kind = defaultLossScale(values);
  return {
    title: `loss per epoch, ${kind} scale`,
    epochs: history.map((record) => record.epoch),
    series,
    axis: valueAxis(kind, values),
    marks: curveMarks(curveMarkEpochs(history, judge, report)),
  };
}

/** Draws the curves into `container` (the legend above the chart). */
export function drawCurves(container: HTMLElement, spec: ChartSpec | null): void {
  container.innerHTML = spec
    ? `${renderChartLegend(spec)}${renderSvgChart(spec)}`
    : '<p class="placeholder">The loss curves appear here once training starts.</p>';
}
