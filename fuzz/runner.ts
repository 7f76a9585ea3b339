/**
 * Runs fuzz cases in a worker thread with a watchdog: a case that does not answer within its
 * timeout is a hang (the worker is terminated and a new one started), a worker whose heap
 * passes `resourceLimits` or whose process memory grows past a bound is a memory failure, a
 * worker that dies otherwise is a crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseReply, CaseRequest } from './protocol.js';
import type { PropertyFailure } from './properties.js';

/** Limits of the watchdog. */
export interface RunnerLimits {
  /** The V8 old-generation heap a worker may use, in MB (`resourceLimits.maxOldGenerationSizeMb`). */
  heapMb: number;
  /**
   * How far the process's resident memory may grow above what it was before the case, in MB:
   * catches what the heap limit does not see (Buffers and typed arrays live outside the V8 heap).
   */
  rssMb: number;
  /** How often resident memory is sampled, in ms. */
  sampleMs: number;
}

export const DEFAULT_RUNNER_LIMITS: RunnerLimits = { heapMb: 512, rssMb: 1024, sampleMs: 20 };

/** What running one case gave. */
export interface CaseOutcome {
  failure?: PropertyFailure;
  /** Time inside the worker (the watchdog's when the case hung or the worker died). */
  elapsedMs: number;
  /** The most the process's resident memory grew above its level before the case, in bytes (sampled). */
  peakRssGrowth: number;
}

type Pending = {
  id: number;
  resolve: (outcome: CaseOutcome) => void;
  timer: NodeJS.Timeout;
  sampler: NodeJS.Timeout;
  started: number;
  baseRss: number;
  peakRss: number;
};

/** One worker and its watchdog. Cases run one at a time. */
export class CaseRunner {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private workerScratch = '';
  private readonly scratch = mkdtempSync(join(tmpdir(), 'nnspec-fuzz-'));
  /** How many workers were started (1 + one per hang, memory failure or crash). */
  workersStarted = 0;

  constructor(private readonly limits: RunnerLimits = DEFAULT_RUNNER_LIMITS) {}

  private start(): Promise<void> {
    this.workersStarted++;
    // Each worker writes in its own folder: a terminated worker's is removed without touching its successor's.
    this.workerScratch = join(this.scratch, `w${this.workersStarted}`);
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { scratch: this.workerScratch },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    // A worker's stray console output would garble the summary; what matters comes back as messages.
    worker.stdout.resume();
    worker.stderr.resume();
    return new Promise<void>((resolve, reject) => {
      const onReady = (message: unknown) => {
        if (message !== 'ready') return;
        worker.off('message', onReady);
        worker.on('message', (reply: CaseReply) => this.answer(reply));
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', (error) => {
        if (this.pending === undefined) reject(error);
        else this.died(worker, error);
      });
      worker.once('exit', (code) => {
        if (this.worker === worker && this.pending !== undefined) this.died(worker, new Error(`worker exited with code ${code}`));
      });
    });
  }

  private answer(reply: CaseReply): void {
    const pending = this.pending;
    if (pending === undefined || pending.id !== reply.id) return;
    this.finish({
      elapsedMs: reply.elapsedMs,
      peakRssGrowth: Math.max(0, pending.peakRss - pending.baseRss),
      ...(reply.failure ? { failure: reply.failure } : {}),
    });
  }

  private finish(outcome: CaseOutcome): void {
    const pending = this.pending!;
    clearTimeout(pending.timer);
    clearInterval(pending.sampler);
    this.pending = undefined;
    pending.resolve(outcome);
  }

  /** Ends the current worker (it hung, ran out of memory or died) and reports `failure` for its case. */
  private kill(failure: PropertyFailure): void {
    const pending = this.pending;
    if (pending === undefined) return;
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    const scratch = this.workerScratch;
    void worker?.terminate().finally(() => rmSync(scratch, { recursive: true, force: true }));
    this.finish({ failure, elapsedMs: performance.now() - pending.started, peakRssGrowth: Math.max(0, pending.peakRss - pending.baseRss) });
  }

  private died(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    const code = (error as NodeJS.ErrnoException).code;
    const outOfMemory = code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap limit/i.test(error.message);
    this.kill(
      outOfMemory
        ? { property: 'memory', stage: 'worker', message: `the worker's heap passed its limit of ${this.limits.heapMb} MB (${error.message})` }
        : {
            property: 'crash',
            stage: 'worker',
            message: `the worker died: ${error.message}`,
            ...(error.stack ? { stack: error.stack.split('\n').slice(0, 8).join('\n') } : {}),
          },
    );
  }

  /** Runs one case; a hang after `timeoutMs` ends the worker (the next case starts a new one). */
  async run(request: Omit<CaseRequest, 'id'>, timeoutMs: number): Promise<CaseOutcome> {
    if (this.ready === undefined) this.ready = this.start();
    await this.ready;
    const id = this.nextId++;
    const baseRss = process.memoryUsage.rss();
    return new Promise<CaseOutcome>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(
        () => this.kill({ property: 'hang', stage: 'worker', message: `no answer within ${timeoutMs} ms; the worker was terminated` }),
        timeoutMs,
      );
      const sampler = setInterval(() => {
        const pending = this.pending;
        if (pending === undefined) return;
        pending.peakRss = Math.max(pending.peakRss, process.memoryUsage.rss());
        const growthMb = (pending.peakRss - pending.baseRss) / 2 ** 20;
        if (growthMb > this.limits.rssMb)
          this.kill({
            property: 'memory',
            stage: 'worker',
            message: `resident memory grew by ${growthMb.toFixed(0)} MB during the case, past the bound of ${this.limits.rssMb} MB; the worker was terminated`,
          });
      }, this.limits.sampleMs);
      this.pending = { id, resolve, timer, sampler, started, baseRss, peakRss: baseRss };
      this.worker!.postMessage({ ...request, id });
    });
  }

  /** Ends the worker and removes its scratch folder. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    await worker?.terminate();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
