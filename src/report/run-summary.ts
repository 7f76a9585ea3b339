/** The end-of-run summary in the terminal: where and why training stopped, and how well it generalizes. */
import picocolors from 'picocolors';
import type { Evaluation, TrainingReport } from './report-schema.js';
import { countNoun, fixed4, mainMetric, partialEpoch, signed4 } from './format-numbers.js';
import { describeTestGap } from './test-gap.js';
import { escapeControlChars } from '../util/terminal-text.js';
import { STOP_REASON_WORDS } from './stop-reasons.js';

function evaluationRow(name: string, evaluation: Evaluation | null, metrics: readonly string[]): string[] {
  return [name, fixed4(evaluation?.loss), ...metrics.map((metric) => fixed4(evaluation?.metrics[metric]))];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   ')}`)
    .join('\n');
}

/** The summary block printed after the last epoch. */
export function renderRunSummary(report: TrainingReport, options: { color: boolean }): string {
  const c = picocolors.createColors(options.color);
  const s = report.summary;
  const lines: string[] = [c.bold('Summary')];
  lines.push(`  stopped     epoch ${s.stopEpoch} of ${report.training.epochs}: ${STOP_REASON_WORDS[s.stopReason]} (${escapeControlChars(s.stopMessage)})`);
  if (s.bestEpoch !== null && s.bestValue !== null) {
    const bestPartial = report.history.find((record) => record.epoch === s.bestEpoch)?.partial;
    const partialNote = bestPartial ? ` (${partialEpoch(bestPartial)})` : '';
    lines.push(
      `  best        epoch ${s.bestEpoch}${partialNote}: ${escapeControlChars(String(s.monitor))} ${fixed4(s.bestValue)}${s.restoredBestWeights ? ', weights restored' : ''}`,
    );
  }
  const testGap = s.test && s.train ? describeTestGap(s.train.loss, s.test.loss) : undefined;
  if (s.overfittingOnset !== null) {
    lines.push(`  overfitting ${c.yellow(`began after epoch ${s.overfittingOnset}`)}: validation loss rose from there while training loss kept falling`);
  } else if (testGap?.size === 'moderate' || testGap?.size === 'large') {
    // No rise of validation loss does not mean no overfitting: the gap can open while both curves fall.
    const how = testGap.size === 'large' ? 'much' : 'noticeably';
    lines.push(
      `  overfitting no sustained rise of validation loss was seen, ${c.yellow(`but the ${testGap.size} test gap below says the model fits its training data ${how} better than new data`)}`,
    );
  } else {
    lines.push('  overfitting no sustained rise of validation loss was seen');
  }
  const metrics = report.training.metrics;
  lines.push('', c.bold('Final model') + c.dim(` (${s.restoredBestWeights ? `best weights, epoch ${s.bestEpoch}` : 'last weights'}, inference mode)`));
  lines.push(
    table([
      ['split', 'loss', ...metrics],
      evaluationRow(`train (${report.data.sizes.train})`, s.train, metrics),
      evaluationRow(`validation (${report.data.sizes.validation})`, s.validation, metrics),
      evaluationRow(`test (${report.data.sizes.test})`, s.test, metrics),
    ]),
  );
  if (s.testMinusTrainGap !== null) {
    lines.push(`  test gap (test - train loss): ${c.bold(signed4(s.testMinusTrainGap))}`);
    if (testGap) lines.push(`  ${testGap.size === 'large' || testGap.size === 'moderate' ? c.yellow(testGap.sentence) : testGap.sentence}`);
  }
  // The headline: the task's metric, or the loss (a regression without `mae`).
  const metric = mainMetric(metrics, report.data.task);
  const headline = metric ? s.test?.metrics[metric] : s.test?.loss;
  if (headline !== undefined) lines.push(`  test ${metric ?? 'loss'}: ${c.bold(c.green(headline.toFixed(4)))}`);
  if (report.data.classNames) {
    // Class names come from data cells: a control character in one must not reach the terminal raw.
    const names = report.data.classNames.map(escapeControlChars);
    lines.push(c.dim(`  classes (${names.length}): ${names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ')}`));
  }
  const partial = report.history.find((record) => record.partial !== undefined)?.partial;
  const ran = `${countNoun(s.epochsRun, 'epoch')}${partial ? ` (the last ${partialEpoch(partial)})` : ''}`;
  // An adaptive run says how it used its threads (the header said only how it would choose).
  const reason = report.training.threadChoice?.reason;
  const use = reason?.startsWith('auto, adaptive') ? ` (${reason})` : '';
  lines.push(c.dim(`  ${ran} in ${s.seconds.toFixed(1)} s on ${report.training.backend}, ${countNoun(report.training.threads, 'thread')}${use}`));
  return lines.join('\n');
}
