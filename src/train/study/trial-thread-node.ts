/**
 * The study's handle on one worker thread (`study-worker-node.ts`): starts it, sends it data
 * once per data key, runs one trial at a time on it, and turns a worker that died into an
 * error for the trial it was running. Node-only.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../util/worker-node.js';
import type { PreparedData } from '../data/dataset.js';
import type { FromTrialWorker, ToTrialWorker } from './study-protocol.js';

type TrialMessage = Exclude<FromTrialWorker, { kind: 'ready' } | { kind: 'broken' }>;

/** What a trial's run on a thread ended with: the worker's last message, or the thread's death. */
/** A running trial's progress: an epoch's record, or a pruning question. */
export type TrialProgress = Extract<TrialMessage, { kind: 'epoch' } | { kind: 'ask' }>;

export type ThreadOutcome = Extract<TrialMessage, { kind: 'done' } | { kind: 'failed' }> | { kind: 'died'; message: string };

/** One worker thread training trials one after the other. */
export class TrialThread {
  private readonly sentKeys = new Set<string>();
  private listener: ((message: TrialMessage) => void) | undefined;
  private died: ((message: string) => void) | undefined;
  private dead = false;

  private constructor(private readonly worker: Worker) {}

  /** A started worker with its backend ready; rejects with the reason it could not start. */
  static async start(backend: 'wasm' | 'cpu', stop: SharedArrayBuffer): Promise<TrialThread> {
    const worker = startModuleWorker(import.meta.url, 'study-worker-node', 'study-worker');
    const thread = new TrialThread(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromTrialWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'broken') reject(new Error(message.message));
        else thread.listener?.(message);
      });
      const die = (message: string) => {
        thread.dead = true;
        reject(new Error(message));
        thread.died?.(message);
      };
      worker.on('error', (error: Error) => die(`the worker thread crashed: ${error.name}: ${error.message}`));
      worker.on('exit', (code) => die(`the worker thread exited (code ${code})`));
      thread.post({ kind: 'init', backend, stop });
    });
    return thread;
  }

  /** False once the thread has died: the study starts a new one for the next trial. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Sends a message to the worker. */
  post(message: ToTrialWorker): void {
    this.worker.postMessage(message);
  }

  /**
   * Runs one trial: sends its data if this thread has not had it, then the trial, and passes the
   * trial's progress messages to `onMessage` until it ends.
   */
  run(trial: Extract<ToTrialWorker, { kind: 'trial' }>, data: PreparedData, onMessage: (message: TrialProgress) => void): Promise<ThreadOutcome> {
    return new Promise<ThreadOutcome>((resolve) => {
      this.listener = (message) => {
        if (message.kind === 'done' || message.kind === 'failed') {
          this.listener = undefined;
          this.died = undefined;
          resolve(message);
        } else onMessage(message);
      };
      this.died = (message) => {
        this.listener = undefined;
        this.died = undefined;
        resolve({ kind: 'died', message });
      };
      if (this.dead) return this.died('the worker thread had died');
      if (!this.sentKeys.has(trial.dataKey)) {
        this.post({ kind: 'data', key: trial.dataKey, data });
        this.sentKeys.add(trial.dataKey);
      }
      this.post(trial);
    });
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    this.died = undefined;
    this.dead = true;
    await this.worker.terminate();
  }
}
