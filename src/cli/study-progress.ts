import picocolors from 'picocolors';
import type { CliIo } from './io.js';
import type { StudyPlan, StudyTrial } from '../ir/study-plan.js';
import type { TrialResult } from '../train/study/trial-result.js';
import { fixed4, mainMetric } from '../report/format-numbers.js';
import { escapeControlChars } from '../util/terminal-text.js';

const BAR_WIDTH = 24;

/** Seconds in words: `42 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * Prints a study as it runs, on stderr (stdout holds only the report): a header, one line per
 * finished trial and, on a terminal, an overall bar with the trials done and an estimate of
 * the time left, redrawn in place under the lines.
 */
export class StudyProgressPrinter {
  private readonly colors: ReturnType<typeof picocolors.createColors>;
  private barShown = false;
  private started = 0;
  /** Trials run in this process (resumed ones cost no time, so they do not enter the estimate). */
  private ranHere = 0;
  private done = 0;
  private total = 0;
  private running = 0;

  constructor(
    private readonly io: CliIo,
    private readonly plan: StudyPlan,
    private readonly options: { color: boolean; quiet: boolean; now?: () => number },
  ) {
    this.colors = picocolors.createColors(options.color);
  }

  private now(): number {
    return this.options.now?.() ?? performance.now();
  }

  /** The header: the study, its size and how many trials run at once. */
  start(specName: string, jobs: number, resumed: number): void {
    this.started = this.now();
    this.total = this.plan.settings.length * this.plan.seeds.length;
    if (this.options.quiet) return;
    const size = `${this.plan.settings.length} setting${this.plan.settings.length === 1 ? '' : 's'} x ${this.plan.seeds.length} seed${this.plan.seeds.length === 1 ? '' : 's'} = ${this.total} trials`;
    const resumedText = resumed > 0 ? `, ${resumed} already done` : '';
    this.io.stderr(
      `${this.colors.bold(`study ${escapeControlChars(this.plan.name)}`)} (${escapeControlChars(specName)}): ${size}${resumedText}; ${jobs} at a time\n`,
    );
  }

  trialStarted(_trial: StudyTrial): void {
    this.running += 1;
    this.drawBar();
  }

  /** One line for a finished trial: its setting and seed, how it ended, its figures. */
  trialEnded(trial: StudyTrial, result: TrialResult, progress: { done: number; total: number }, fromDisk = false): void {
    this.done = progress.done;
    this.total = progress.total;
    if (!fromDisk) {
      this.running = Math.max(0, this.running - 1);
      this.ranHere += 1;
    }
    if (this.options.quiet) return;
    this.clearBar();
    this.io.stderr(`${this.trialLine(trial, result, progress)}\n`);
    this.drawBar();
  }

  private trialLine(trial: StudyTrial, result: TrialResult, progress: { done: number; total: number }): string {
    const setting = this.plan.settings[trial.setting];
    const width = String(progress.total).length;
    const head = `[${String(progress.done).padStart(width)}/${progress.total}] ${escapeControlChars(setting?.label ?? `setting ${trial.setting}`)}, seed ${trial.seed}`;
    const report = result.report;
    const status =
      result.status === 'completed'
        ? this.colors.green('done')
        : result.status === 'pruned'
          ? this.colors.yellow(`pruned at epoch ${result.prunedAtEpoch}`)
          : this.colors.red(result.status);
    if (!report) return `${head}: ${status}${result.message ? ` (${escapeControlChars(result.message)})` : ''}`;
    const summary = report.summary;
    const metric = mainMetric(report.training.metrics, report.data.task);
    const metricValue = metric !== undefined ? summary.test?.metrics[metric] : undefined;
    const figures = [
      `best epoch ${summary.bestEpoch ?? '-'} of ${summary.epochsRun}`,
      `val ${fixed4(summary.validation?.loss)}`,
      `test-train gap ${fixed4(summary.testMinusTrainGap)}`,
      ...(metric !== undefined && metricValue !== undefined ? [`test ${metric} ${fixed4(metricValue)}`] : []),
      `${summary.seconds.toFixed(1)} s`,
    ];
    return `${head}: ${status}; ${figures.join(', ')}`;
  }

  private drawBar(): void {
    if (!this.io.isTty || this.options.quiet || this.total === 0) return;
    const filled = Math.round((this.done / this.total) * BAR_WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    const elapsed = (this.now() - this.started) / 1000;
    const left = this.total - this.done;
    const eta = this.ranHere > 0 && left > 0 ? `, about ${formatDuration((elapsed / this.ranHere) * left)} left` : '';
    this.io.stderr(`\r\u001b[2K  [${bar}] ${this.done}/${this.total} trials, ${this.running} running, ${formatDuration(elapsed)}${eta}`);
    this.barShown = true;
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.io.stderr('\r\u001b[2K');
    this.barShown = false;
  }

  /** A note between the lines (Ctrl-C). */
  note(text: string): void {
    this.clearBar();
    this.io.stderr(`${text}\n`);
    this.drawBar();
  }

  /** Ends the progress display before the report is printed. */
  finish(): void {
    this.clearBar();
  }
}
