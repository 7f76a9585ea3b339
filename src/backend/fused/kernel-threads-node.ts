/**
 * Helper threads for the fused step (Node): each is a worker_thread running the kernels of
 * wasm/dense-step.c on the step's shared memory, waiting on a small control block for a band of
 * work. Bands are handed over and collected with Atomics: the helper spins briefly for the next
 * band (a step hands it several within microseconds), then sleeps until woken.
 */
import { Worker } from 'node:worker_threads';
import {
  type KernelThreads,
  SPARSE_BLOCK_ROWS,
  SPARSE_ENTRY_BYTES,
  convImageBands,
  convRowBands,
  drawMask,
  gemmBands,
  listingBands,
} from './kernel-threads.js';
import type { DenseStepExports } from './dense-step-kernels.js';

// Control block of one helper, in int32 slots (floats share the buffer through a second view).
const POSTED = 0;
const DONE = 1;
const OP = 2;
const READY = 3;
const ARGS = 4;
const SLOTS = 32;
/** Where a helper leaves sparse_rows's and sparse_gemm's answers (after their arguments). */
const RESULT = 31;
const [STOP, GEMM, ADAM, SPARSE_GEMM, SPARSE_ROWS, DROPOUT_MASK, CONV_FORWARD, CONV_FILTER_GRADIENT] = [0, 1, 2, 3, 4, 5, 6, 7];
/** A dropout mask's Alea state, as doubles from this slot on (two int32 slots each: slots 6 to 13). */
const MASK_STATE = 6;

/**
 * Adam's updates of fewer floats than this stay on one thread: one costs about 0.85 ns a float,
 * and handing half of it to a helper costs microseconds (a 4,675-weight MLP's steps took 3x as
 * long on 2 threads as on one when its Adam was split).
 */
const MIN_SPLIT_ADAM = 32_768;

/** Polls of a control word before sleeping on it (a few microseconds). */
const SPINS = 2000;
/** How long an idle helper polls for its next band before it sleeps (between a step's bands, between steps). */
const IDLE_SPIN_MS = 2;

/** The helper's whole program (an eval'd worker: it needs no file on disk, built or not). */
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, panel } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
const f = new Float32Array(control);
const d = new Float64Array(control);
Atomics.store(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
let seen = 0;
for (;;) {
  // Poll for about ${IDLE_SPIN_MS} ms before sleeping: a step hands out its next band well within that,
  // and waking a sleeping thread costs tens of microseconds every time.
  const until = performance.now() + ${IDLE_SPIN_MS};
  let spins = 0;
  while (Atomics.load(ctl, ${POSTED}) === seen) {
    if ((++spins & 255) === 0 && performance.now() > until) Atomics.wait(ctl, ${POSTED}, seen);
  }
  seen = Atomics.load(ctl, ${POSTED});
  const op = ctl[${OP}];
  if (op === ${STOP}) break;
  const a = ${ARGS};
  if (op === ${GEMM}) kernels.gemm(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9], 0, panel);
  else if (op === ${SPARSE_ROWS}) ctl[${RESULT}] = kernels.sparse_rows(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7]);
  else if (op === ${SPARSE_GEMM}) ctl[${RESULT}] = kernels.sparse_gemm(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[a + 8], ctl[a + 9], panel);
  else if (op === ${DROPOUT_MASK}) kernels.dropout_mask(ctl[a], ctl[a + 1], d[${MASK_STATE / 2}], d[${MASK_STATE / 2 + 1}], d[${MASK_STATE / 2 + 2}], d[${MASK_STATE / 2 + 3}], f[14], f[15]);
  else if (op === ${CONV_FORWARD}) kernels.conv_forward(...ctl.subarray(a, a + 22));
  else if (op === ${CONV_FILTER_GRADIENT}) kernels.conv_filter_gradient_rows(...ctl.subarray(a, a + 18));
  else if (op === ${ADAM}) kernels.adam(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], f[a + 5], f[a + 6], f[a + 7], f[a + 8], f[a + 9], f[a + 10], f[a + 11]);
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE}, 1);
}
`;

interface Helper {
  worker: Worker;
  ctl: Int32Array;
  floats: Float32Array;
  doubles: Float64Array;
  posted: number;
}

/** A helper stopped answering: only a crash of its thread can cause it (a bug). */
const ANSWER_TIMEOUT_MS = 60_000;

/**
 * The fused step's kernels over `panels.length` threads (this one and a helper per further
 * panel), on a shared memory that `module` (the shared-memory build) is instantiated on; each
 * thread packs its products' panels into its own scratch, `panels[i]`.
 */
export function nodeThreads(kernels: DenseStepExports, module: WebAssembly.Module, memory: WebAssembly.Memory, panels: readonly number[]): KernelThreads {
  const count = panels.length;
  const helpers: Helper[] = [];
  for (let i = 1; i < count; i++) {
    const control = new SharedArrayBuffer(SLOTS * 4);
    const worker = new Worker(HELPER, { eval: true, workerData: { module, memory, control, panel: panels[i] } });
    // Idle helpers must not keep the process alive; dispose() ends them.
    worker.unref();
    helpers.push({ worker, ctl: new Int32Array(control), floats: new Float32Array(control), doubles: new Float64Array(control), posted: 0 });
  }
  // Wait until every helper runs (a new thread takes tens of milliseconds to start): otherwise the
  // first steps, which --threads auto times, would wait for it inside a product.
  for (const helper of helpers) {
    const started = Date.now();
    while (Atomics.load(helper.ctl, READY) !== 1) {
      Atomics.wait(helper.ctl, READY, 0, 10);
      if (Date.now() - started > ANSWER_TIMEOUT_MS) throw new Error('nnspec fused step: a kernel thread did not start');
    }
  }

  const post = (helper: Helper, op: number, ints: number[], floats: number[] = []) => {
    helper.ctl[OP] = op;
    ints.forEach((value, i) => {
      helper.ctl[ARGS + i] = value;
    });
    floats.forEach((value, i) => {
      helper.floats[ARGS + ints.length + i] = value;
    });
    helper.posted += 1;
    Atomics.store(helper.ctl, POSTED, helper.posted);
    Atomics.notify(helper.ctl, POSTED, 1);
  };

  // Spin briefly (a band takes microseconds to milliseconds), then sleep until the helper's
  // notify: on a loaded machine a spinning waiter would take the core the helper needs.
  const collect = (used: Helper[]) => {
    for (const helper of used) {
      let spins = 0;
      const started = Date.now();
      for (;;) {
        const done = Atomics.load(helper.ctl, DONE);
        if (done === helper.posted) break;
        if (++spins > SPINS) {
          Atomics.wait(helper.ctl, DONE, done, 1);
          if (Date.now() - started > ANSWER_TIMEOUT_MS) throw new Error('nnspec fused step: a kernel thread stopped answering');
        }
      }
    }
  };

  /**
   * Runs one kernel over bands: band i > 0 is posted to helper i - 1 as `op` with `argsOf(band)`,
   * band 0 runs here meanwhile (`local`); returns each band's answer, band 0's first (a helper
   * leaves its in the RESULT slot).
   */
  const inBands = <Band>(op: number, bands: readonly Band[], argsOf: (band: Band) => number[], local: (args: number[]) => number): number[] => {
    const used: Helper[] = [];
    for (let i = bands.length - 1; i > 0; i--) {
      post(helpers[i - 1]!, op, argsOf(bands[i]!));
      used.push(helpers[i - 1]!);
    }
    const here = local(argsOf(bands[0]!));
    collect(used);
    return [here, ...used.reverse().map((helper) => helper.ctl[RESULT]!)];
  };

  // Threads the next calls use (KernelThreads.active); the others' helpers idle, then sleep.
  let active = count;
  return {
    count,
    get active() {
      return active;
    },
    set active(threads: number) {
      if (!Number.isInteger(threads) || threads < 1 || threads > count) throw new Error(`nnspec fused step: ${threads} active threads of ${count}`);
      active = threads;
    },
    gemm(a, ars, aps, b, bias, c, m, k, n) {
      inBands(
        GEMM,
        gemmBands(m, k, n, active),
        ({ rows, from, to }) =>
          rows
            ? [a + from * ars * 4, ars, aps, b, bias, c + from * n * 4, to - from, k, n, n]
            : [a, ars, aps, b + from * 4, bias === 0 ? 0 : bias + from * 4, c + from * 4, m, k, to - from, n],
        (g) => {
          kernels.gemm(g[0]!, g[1]!, g[2]!, g[3]!, g[4]!, g[5]!, g[6]!, g[7]!, g[8]!, g[9]!, 0, panels[0]!);
          return 0;
        },
      );
    },
    sparseRows(a, ars, aps, m, k, list, starts, ends) {
      const blocks = Math.ceil(k / SPARSE_BLOCK_ROWS);
      // Each band lists into its own part of the list: rows from `from` on, from entry from k on.
      const entries = inBands(
        SPARSE_ROWS,
        listingBands(m, k, active),
        ({ from, to }) => [
          a + from * ars * 4,
          ars,
          aps,
          to - from,
          k,
          list + from * k * SPARSE_ENTRY_BYTES,
          starts + from * blocks * 4,
          ends + from * blocks * 4,
        ],
        (r) => kernels.sparse_rows(r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!, r[6]!, r[7]!),
      );
      return entries.reduce((sum, value) => sum + value, 0);
    },
    sparseGemm(starts, ends, m, k, b, bias, c, n) {
      const blocks = Math.ceil(k / SPARSE_BLOCK_ROWS);
      const answers = inBands(
        SPARSE_GEMM,
        gemmBands(m, k, n, active),
        ({ rows, from, to }) =>
          rows
            ? [starts + from * blocks * 4, ends + from * blocks * 4, to - from, k, b, n, bias, c + from * n * 4, n, n]
            : [starts, ends, m, k, b + from * 4, n, bias === 0 ? 0 : bias + from * 4, c + from * 4, n, to - from],
        (g) => kernels.sparse_gemm(g[0]!, g[1]!, g[2]!, g[3]!, g[4]!, g[5]!, g[6]!, g[7]!, g[8]!, g[9]!, panels[0]!),
      );
      // A band whose B holds an infinity or a NaN answers 1.
      return answers.every((answer) => answer === 0);
    },
    convForward(args) {
      const [x, , image, , , oh, ow, , , , , , , , cout, , , y] = args;
      inBands(
        CONV_FORWARD,
        convImageBands(args, active),
        ([from, to]) => {
          const band = [...args];
          band[0] = x + from * image * 4;
          band[1] = to - from;
          band[17] = y + from * oh * ow * cout * 4;
          return band;
        },
        (band) => {
          kernels.conv_forward(...band);
          return 0;
        },
      );
    },
    convFilterGradient(args) {
      inBands(
        CONV_FILTER_GRADIENT,
        convRowBands(args, active),
        ([from, to]) => [...args, from, to],
        (band) => {
          kernels.conv_filter_gradient_rows(...band);
          return 0;
        },
      );
    },
    dropoutMasks(jobs) {
      // The largest masks to the helpers, one each; the rest here while they draw.
      const order = [...jobs].sort((p, q) => q.count - p.count);
      const used: Helper[] = [];
      for (const [i, helper] of helpers.slice(0, active - 1).entries()) {
        const job = order[i];
        if (!job || order.length - i < 2) break;
        const { s0, s1, s2, c: carry } = job;
        helper.doubles.set([s0, s1, s2, carry], MASK_STATE / 2);
        helper.floats[14] = job.threshold;
        helper.floats[15] = job.scale;
        post(helper, DROPOUT_MASK, [job.out, job.count]);
        used.push(helper);
      }
      for (const job of order.slice(used.length)) drawMask(kernels, job);
      collect(used);
    },
    adam(x, m, v, g, size, c) {
      const share = active > 1 && size >= MIN_SPLIT_ADAM ? Math.floor(size / active / 4) * 4 : size;
      const used: Helper[] = [];
      let from = share;
      for (let i = 1; i < active && from < size; i++) {
        const length = i === active - 1 ? size - from : share;
        post(
          helpers[i - 1]!,
          ADAM,
          [x + from * 4, m + from * 4, v + from * 4, g + from * 4, length],
          [c.beta1, c.keep1, c.beta2, c.keep2, c.rate, c.unbias2, c.epsilon],
        );
        used.push(helpers[i - 1]!);
        from += length;
      }
      kernels.adam(x, m, v, g, Math.min(share, size), c.beta1, c.keep1, c.beta2, c.keep2, c.rate, c.unbias2, c.epsilon);
      collect(used);
    },
    dispose() {
      for (const helper of helpers) {
        post(helper, STOP, []);
        void helper.worker.terminate();
      }
      helpers.length = 0;
    },
  };
}
