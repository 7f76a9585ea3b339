import picocolors from 'picocolors';
import type { CliIo } from './io.js';
import type { EpochRecord, TrainingReport } from '../report/report-schema.js';
import type { RunStart } from '../train/runner/index.js';
import { renderEpochLine, renderLossChart, renderRunSummary, type EpochLineOptions } from '../report/index.js';
import { countNoun, mainMetric } from '../report/format-numbers.js';
import { trainingOnlyEffects } from '../catalogue/layers.js';
import { escapeControlChars } from '../util/terminal-text.js';

/** What the runner reports inside an epoch. */
export interface BatchTick {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

/** The backend facts printed in the run's header line. */
export interface BackendFacts {
  name: string;
  simd?: boolean;
  threads?: boolean | number;
}

const BAR_WIDTH = 24;

/**
 * Prints a training run as it happens: a header, one line per epoch (and on a terminal a
 * progress bar inside the epoch, redrawn in place on stderr), then the summary and the chart.
 * Progress goes to stderr so that stdout holds only the report itself.
 */
export class TrainProgressPrinter {
  private readonly colors: ReturnType<typeof picocolors.createColors>;
  private barShown = false;
  private metric: string | undefined;
  private epochWidth = 3;
  private trainingOnly: EpochLineOptions['trainingOnly'] = [];

  constructor(
    private readonly io: CliIo,
    private readonly options: { color: boolean; quiet: boolean },
  ) {
    this.colors = picocolors.createColors(options.color);
  }

  /**
   * The header: what is trained, on what, and how: the effective epoch count and seed (after
   * `--epochs` and `--seed`), and the thread count the run settled on, with why for `auto`.
   */
  start(run: RunStart, specName: string, backend: BackendFacts): void {
    const { document } = run;
    const training = document.training;
    this.metric = mainMetric(training.metrics, training.data.task);
    this.epochWidth = String(training.epochs).length;
    this.trainingOnly = trainingOnlyEffects(document.model.nodes);
    const params = document.model.trainableParams + document.model.nonTrainableParams;
    const threads = countNoun(run.threads, 'thread') + (run.threadsReason ? ` (${run.threadsReason})` : '');
    const engine = [
      backend.name,
      backend.simd ? 'SIMD' : undefined,
      run.step === 'fused' ? (run.fusedMultiplyAdd ? 'fused step (FMA)' : 'fused step') : undefined,
      threads,
    ]
      .filter(Boolean)
      .join(', ');
    if (this.options.quiet) return;
    this.io.stdout(
      `${this.colors.bold(`Training ${escapeControlChars(document.model.name)}`)} (${params.toLocaleString('en-US')} params) on ${escapeControlChars(training.data.name)} from ${escapeControlChars(specName)}\n` +
        `${this.colors.dim(`backend ${engine}; ${training.optimizer.type}, batch ${training.batchSize}, up to ${countNoun(training.epochs, 'epoch')}, seed ${training.seed}`)}\n`,
    );
  }

  /** Redraws the progress bar inside an epoch (terminal only). */
  batch(tick: BatchTick): void {
    if (this.options.quiet || !this.io.isTty) return;
    const done = Math.round((tick.batch / Math.max(1, tick.batches)) * BAR_WIDTH);
    const bar = '#'.repeat(done) + '.'.repeat(BAR_WIDTH - done);
    this.io.stderr(`\r  epoch ${tick.epoch} [${bar}] ${tick.batch}/${tick.batches} loss ${tick.loss.toFixed(4)}`);
    this.barShown = true;
  }

  /** One line per finished epoch. */
  epoch(record: EpochRecord): void {
    if (this.options.quiet) return;
    this.clearBar();
    this.io.stdout(
      `${renderEpochLine(record, { color: this.options.color, metric: this.metric, epochWidth: this.epochWidth, trainingOnly: this.trainingOnly })}\n`,
    );
  }

  /** A remark between epoch lines (e.g. after Ctrl-C). */
  note(message: string): void {
    this.clearBar();
    this.io.stderr(`${this.colors.yellow(escapeControlChars(message))}\n`);
  }

  /** The summary, the final evaluation and the loss chart. */
  finish(report: TrainingReport): void {
    this.clearBar();
    this.io.stdout(`\n${renderRunSummary(report, { color: this.options.color })}\n`);
    if (!this.options.quiet && report.history.length >= 2) this.io.stdout(`\n${renderLossChart(report, { width: 60, height: 12 })}\n`);
  }

  private clearBar(): void {
    if (!this.barShown) return;
    this.io.stderr('\r\u001b[2K');
    this.barShown = false;
  }
}
