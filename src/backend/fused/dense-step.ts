/**
 * The fused training step: forward, loss, backward and the optimizer update of a chain of conv2d,
 * max_pool2d, dense, activation and dropout layers (a {@link ChainPlan}) in one WebAssembly SIMD
 * memory, with no TF.js kernel, tensor or tape in between (the conv and pool layers' calls are in
 * image-steps.ts).
 *
 * Why: on the WASM backend a training step of a small MLP is ~90 TF.js kernels of ~10 µs fixed
 * cost each (dispatch, allocation, tape bookkeeping), and a big MLP's matrix products pay
 * XNNPACK's repacking of fresh operands at every call. Here the weights, gradients and optimizer
 * state stay in place, and a step is a few dozen calls into the kernels of wasm/dense-step.c.
 *
 * What is learned is TF.js's: the same dropout masks (the same seeded Alea stream as
 * `SeededDropout`), the same loss and optimizer formulas (Adam's update is simd-adam.ts's), the
 * same batches. Only the order of float additions inside matrix products differs from XNNPACK's,
 * so losses agree to float precision rather than to the last bit (tests/fused: gradients within
 * 1e-5 of TF.js's own).
 *
 * The TF.js model stays the source of truth between epochs: {@link DenseStep.pull} reads its
 * weights before an epoch and {@link DenseStep.push} writes weights, optimizer slots, the
 * optimizer's step count and the dropout layers' step counters back after it, so evaluation,
 * best-weight snapshots, saving and a later TF.js step all see the state TF.js would have.
 */
import type * as tf from '@tensorflow/tfjs';
import { stepSeed } from '../../util/seeds.js';
import { activateRows, activationBackwardRows } from './activations.js';
import { gaussianNoise, seeded } from './alea.js';
import type { ChainPlan, ChainStep } from './chain-plan.js';
import { convFilterGradient, convForward, convInputGradient, poolArguments } from './image-steps.js';
import { relaxedSimdAvailable } from '../wasm/relaxed-simd.js';
import { RESERVED_BYTES, createDenseStepKernels, type DenseStepExports, type DenseStepKernels } from './dense-step-kernels.js';
import { type DropoutMaskJob, type KernelThreads, localThreads } from './kernel-threads.js';
import { type Parameter, type Placed, planStepLayout } from './step-layout.js';
import { Products } from './products.js';
import { lossAndGradient, type BatchTargets } from './output-loss.js';
import { optimizerIterations, pullSlots, pullWeights, pushState, type StateRegions } from './optimizer-state.js';

/** A batch's rows in the host data: `row(i)` is the source row of the batch's `i`-th example. */
export interface BatchRows {
  rows: number;
  row(i: number): number;
  /** Set when the rows are consecutive (`row(i)` is `first + i`): they are then copied as one block. */
  first?: number;
}

/**
 * Starts helper threads on a step's shared memory (Node: kernel-threads-node.ts); the step
 * itself stays browser-safe by taking it as a parameter.
 */
export type ThreadStarter = (kernels: DenseStepExports, module: WebAssembly.Module, memory: WebAssembly.Memory, panels: readonly number[]) => KernelThreads;

/** The fused step of one plan, its memory sized for batches of up to `capacity` rows. */
export class DenseStep {
  readonly plan: ChainPlan;
  readonly capacity: number;
  private readonly kernels: DenseStepKernels;
  private readonly threads: KernelThreads;
  /** The matrix products, each by gemm or sparse_gemm (the same bits; see products.ts). */
  readonly products: Products;
  private readonly placed: Placed[];
  private readonly parameters: Parameter[];
  private readonly input: number;
  private readonly gradients: [number, number];
  private readonly firstWeighted: number;
  /** Float offsets of the parameter region, and where its gradient and slot copies start. */
  private readonly paramStart: number;
  private readonly paramFloats: number;
  private readonly gradStart: number;
  private readonly slot1Start: number;
  private readonly slot2Start: number;
  /** Where each step's output ended up in the last forward pass (dropout at inference aliases its input). */
  private readonly outputs: number[] = [];
  private iterations: number;
  /** Float index in {@link heap} of the last forward pass's output rows. */
  lastOutput = 0;

  /**
   * @param model the model the plan was made from (its trainable weights, in order, are the
   *   optimizer's variables)
   * @param threads threads for the matrix products and Adam (more than 1 needs `startThreads`)
   * @param fusedMultiplyAdd false for the plain build of the kernels even where the relaxed-SIMD
   *   one runs (see wasm/dense-step.c)
   */
  constructor(plan: ChainPlan, model: tf.LayersModel, capacity: number, threads = 1, startThreads?: ThreadStarter, fusedMultiplyAdd = true) {
    this.plan = plan;
    this.capacity = capacity;
    this.iterations = optimizerIterations(plan.optimizer);
    const shared = threads > 1 && startThreads !== undefined;
    const layout = planStepLayout(plan, model, capacity, shared ? threads : 1);
    this.parameters = layout.parameters;
    this.paramStart = 0;
    this.paramFloats = layout.paramFloats;
    this.gradStart = layout.gradStart;
    this.slot1Start = layout.slot1Start;
    this.slot2Start = layout.slot2Start;
    this.input = layout.input;
    this.placed = layout.placed;
    this.firstWeighted = layout.firstWeighted;
    this.gradients = layout.gradients;
    const panels = layout.panels.map((at) => this.address(at));
    const sparse = { list: this.address(layout.sparse.list), starts: this.address(layout.sparse.starts), ends: this.address(layout.sparse.ends) };
    this.kernels = createDenseStepKernels(layout.floats * 4, shared, fusedMultiplyAdd && relaxedSimdAvailable());
    this.threads = shared
      ? startThreads(this.kernels.exports, this.kernels.module, this.kernels.memory, panels)
      : localThreads(this.kernels.exports, panels[0]!);
    this.products = new Products(this.threads, sparse, 3 * plan.steps.length);
    pullSlots(this.kernels.heap, plan.optimizer, this.parameters, this.regions);
    this.pull();
  }

  /** Byte address of float index `at` (the kernels take byte addresses). */
  private address(at: number): number {
    return RESERVED_BYTES + at * 4;
  }

  /** Float index into the heap view of float index `at` of the layout. */
  private index(at: number): number {
    return RESERVED_BYTES / 4 + at;
  }

  /** Where the parameters and their optimizer slots live, for optimizer-state.ts. */
  private get regions(): StateRegions {
    return { params: this.paramStart, slot1: this.slot1Start, slot2: this.slot2Start, index: (at) => this.index(at) };
  }

  /** Reads the model's current weights (the runner may have restored or replaced them). */
  pull(): void {
    pullWeights(this.kernels.heap, this.parameters, this.regions);
  }

  /** Writes weights, optimizer slots and counters back to the TF.js model and optimizer. */
  push(): void {
    pushState(this.kernels.heap, this.plan.optimizer, this.parameters, this.regions, this.iterations);
    for (const placed of this.placed) if (placed.step.kind === 'dropout') (placed.step.layer as unknown as { step: number }).step = placed.draws!;
  }

  /** Copies a batch's input rows (`rowSize` floats each, from `values`) into the input buffer. */
  loadInputs(values: Float32Array | Int32Array, rowSize: number, batch: BatchRows): void {
    const { heap } = this.kernels;
    const base = this.index(this.input);
    if (batch.first !== undefined) {
      // An evaluation's batch: one copy instead of a view and a copy per row.
      heap.set(values.subarray(batch.first * rowSize, (batch.first + batch.rows) * rowSize), base);
      return;
    }
    for (let i = 0; i < batch.rows; i++) {
      const row = batch.row(i);
      heap.set(values.subarray(row * rowSize, row * rowSize + rowSize), base + i * rowSize);
    }
  }

  /** Forward pass over the loaded rows; returns the float index of the output rows in {@link heap}. */
  forward(rows: number, training: boolean): number {
    const k = this.kernels.exports;
    const { heap } = this.kernels;
    if (training) this.drawMasks(rows);
    let current = this.input;
    let width = this.plan.inputWidth;
    this.outputs.length = 0;
    for (const [i, placed] of this.placed.entries()) {
      const { step } = placed;
      let output = placed.output;
      if (step.kind === 'dense') {
        const bias = placed.bias ? this.address(this.paramStart + placed.bias.at) : 0;
        this.products.run(
          3 * i,
          this.address(current),
          width,
          1,
          this.address(this.paramStart + placed.kernel!.at),
          bias,
          this.address(output),
          rows,
          width,
          step.units,
        );
        if (step.activation === 'relu') k.relu(this.address(output), rows * step.units);
        else if (step.activation !== 'linear') activateRows(heap, this.index(output), rows, step.units, step.activation);
        width = step.units;
      } else if (step.kind === 'conv') {
        const kernel = this.address(this.paramStart + placed.kernel!.at);
        const bias = placed.bias ? this.address(this.paramStart + placed.bias.at) : 0;
        const input = placed.padded === undefined ? 0 : this.address(placed.padded);
        convForward(
          k,
          this.threads,
          step.shape,
          rows,
          this.address(current),
          { input, kernel, bias, output: this.address(output) },
          step.activation === 'relu',
        );
        if (step.activation === 'sigmoid' || step.activation === 'tanh') activateRows(heap, this.index(output), rows, placed.width, step.activation);
        width = placed.width;
      } else if (step.kind === 'pool') {
        k.max_pool_forward(this.address(current), this.address(output), this.address(placed.maxima!), ...poolArguments(step.shape, rows));
        width = placed.width;
      } else if (step.kind === 'activation') {
        heap.copyWithin(this.index(output), this.index(current), this.index(current) + rows * width);
        if (step.activation === 'relu') k.relu(this.address(output), rows * width);
        else if (step.activation !== 'linear') activateRows(heap, this.index(output), rows, width, step.activation);
      } else if (training && step.rate > 0) {
        // The mask or noise was drawn before the pass (drawMasks).
        heap.copyWithin(this.index(output), this.index(current), this.index(current) + rows * width);
        if (step.noise === 'gaussian_noise') k.add(this.address(output), this.address(placed.mask!), rows * width);
        else k.multiply(this.address(output), this.address(placed.mask!), rows * width);
      } else {
        output = current;
      }
      this.outputs.push(output);
      current = output;
    }
    this.lastOutput = this.index(current);
    return this.lastOutput;
  }

  /**
   * The mask of dropout step `placed` at its current draw count: Alea's state seeded as TF.js's
   * seeded `tf.randomUniform` seeds it (the draws themselves run in wasm/dense-step.c).
   */
  private maskJob(placed: Placed, rows: number): DropoutMaskJob {
    const step = placed.step as Extract<ChainStep, { kind: 'dropout' }>;
    const { s0, s1, s2, c } = seeded(stepSeed(step.seed, placed.draws!).toString());
    return {
      out: this.address(placed.mask!),
      count: rows * placed.width,
      s0,
      s1,
      s2,
      c,
      threshold: Math.fround(step.rate),
      scale: Math.fround(1 / (1 - step.rate)),
    };
  }

  /**
   * Draws every dropout mask and noise of a training step before its forward pass, all at once,
   * so that threads can share the dropout masks out (each is one sequential Alea stream); the
   * same draw counts, and so the same masks, as drawing each in the pass.
   */
  private drawMasks(rows: number): void {
    const { heap } = this.kernels;
    const jobs: DropoutMaskJob[] = [];
    for (const placed of this.placed) {
      const { step } = placed;
      if (step.kind !== 'dropout' || step.rate <= 0) continue;
      placed.draws! += 1;
      if (step.noise === 'dropout') {
        jobs.push(this.maskJob(placed, rows));
        continue;
      }
      const mask = heap.subarray(this.index(placed.mask!), this.index(placed.mask!) + rows * placed.width);
      const seed = stepSeed(step.seed, placed.draws!);
      if (step.noise === 'gaussian_dropout') gaussianNoise(mask, seed, 1, Math.sqrt(step.rate / (1 - step.rate)));
      else gaussianNoise(mask, seed, 0, step.rate);
    }
    this.threads.dropoutMasks(jobs);
  }

  /**
   * One training step on the loaded rows: forward with dropout, the loss's gradient, backward and
   * the optimizer update at `learningRate`. Returns the sum of the examples' losses.
   */
  train(rows: number, targets: BatchTargets, learningRate: number): number {
    const k = this.kernels.exports;
    const { heap } = this.kernels;
    const output = this.forward(rows, true);
    let [gradient, spare] = this.gradients;
    const lossTotal = lossAndGradient(this.plan.loss, heap, output, this.index(gradient), rows, this.plan.outputWidth, targets);
    for (let i = this.placed.length - 1; i >= this.firstWeighted; i--) {
      const placed = this.placed[i]!;
      const { step } = placed;
      const out = this.outputs[i]!;
      const count = rows * placed.width;
      if (step.kind === 'dropout') {
        // Added noise passes the gradient through; a mask or multiplied noise scales it.
        const applied = out !== (i === 0 ? this.input : this.outputs[i - 1]);
        if (applied && step.noise !== 'gaussian_noise') k.multiply(this.address(gradient), this.address(placed.mask!), count);
        continue;
      }
      const input = i === 0 ? this.input : this.outputs[i - 1]!;
      if (step.kind === 'pool') {
        k.max_pool_gradient_at(this.address(placed.maxima!), this.address(gradient), this.address(spare), rows * this.widthBefore(i), count);
        [gradient, spare] = [spare, gradient];
        continue;
      }
      const activation = step.activation;
      if (activation === 'relu') k.relu_backward(this.address(gradient), this.address(out), count);
      else if (activation !== 'linear') activationBackwardRows(heap, this.index(gradient), this.index(out), rows, placed.width, activation);
      if (step.kind === 'activation') continue;
      const grad = (parameter: Parameter) => this.address(this.gradStart + parameter.at);
      if (step.kind === 'conv') {
        const { shape } = step;
        if (placed.bias) k.column_sum(this.address(gradient), grad(placed.bias), rows * shape.outHeight * shape.outWidth, shape.filters);
        const x = this.address(placed.padded ?? input);
        convFilterGradient(this.threads, shape, rows, x, this.address(gradient), grad(placed.kernel!));
        if (i > this.firstWeighted) {
          convInputGradient(k, this.threads, shape, rows, {
            dy: this.address(gradient),
            filter: this.address(this.paramStart + placed.kernel!.at),
            dx: this.address(spare),
            spread: this.address(placed.spread!),
            rotated: this.address(placed.rotated!),
          });
          [gradient, spare] = [spare, gradient];
        }
        continue;
      }
      if (placed.bias) k.column_sum(this.address(gradient), grad(placed.bias), rows, step.units);
      this.products.run(3 * i + 1, this.address(input), 1, step.inputs, this.address(gradient), 0, grad(placed.kernel!), step.inputs, rows, step.units);
      if (i > this.firstWeighted) {
        k.transpose(this.address(this.paramStart + placed.kernel!.at), this.address(placed.transposed!), step.inputs, step.units);
        this.products.run(
          3 * i + 2,
          this.address(gradient),
          step.units,
          1,
          this.address(placed.transposed!),
          0,
          this.address(spare),
          rows,
          step.units,
          step.inputs,
        );
        [gradient, spare] = [spare, gradient];
      }
    }
    this.update(learningRate);
    return lossTotal;
  }

  /**
   * The optimizer's update of every parameter at once (they share one region, each padded to
   * whole groups of four with zeros that stay zero), in float32 as simd-adam.ts computes it.
   */
  private update(learningRate: number): void {
    const k = this.kernels.exports;
    const optimizer = this.plan.optimizer;
    const [x, g, count] = [this.address(this.paramStart), this.address(this.gradStart), this.paramFloats];
    this.iterations += 1;
    if (optimizer.kind === 'none') throw new Error('nnspec fused step: a plan without an optimizer cannot train');
    if (optimizer.kind === 'adam') {
      const { beta1, beta2, epsilon } = optimizer;
      const t = this.iterations;
      this.threads.adam(x, this.address(this.slot1Start), this.address(this.slot2Start), g, count, {
        beta1,
        keep1: 1 - beta1,
        beta2,
        keep2: 1 - beta2,
        rate: learningRate / (1 - beta1 ** t),
        unbias2: 1 / (1 - beta2 ** t),
        epsilon,
      });
    } else if (optimizer.kind === 'momentum') {
      k.momentum(x, this.address(this.slot1Start), g, count, learningRate, optimizer.momentum, optimizer.nesterov ? 1 : 0);
    } else {
      k.sgd(x, g, count, learningRate);
    }
  }

  /** Width of the rows step `i` reads (the previous step's output, or the input). */
  private widthBefore(i: number): number {
    return i === 0 ? this.plan.inputWidth : this.placed[i - 1]!.width;
  }

  /** Whether the step's matrix products use fused multiply-adds (the relaxed-SIMD build on an FMA processor). */
  get fusedMultiplyAdd(): boolean {
    return this.kernels.fusedMultiplyAdd;
  }

  /** Threads the step's products run on. */
  get threadCount(): number {
    return this.threads.count;
  }

  /** Threads the next steps and passes use, from 1 to {@link threadCount}: speed only, never a bit of the result. */
  get activeThreads(): number {
    return this.threads.active;
  }

  set activeThreads(threads: number) {
    this.threads.active = threads;
  }

  /** Ends the helper threads, if any. */
  dispose(): void {
    this.threads.dispose();
  }

  /** The float view of the step's memory (output rows are read from it). */
  get heap(): Float32Array {
    return this.kernels.heap;
  }

  /** Float index of the loss-gradient scratch buffer (evaluation writes an unused gradient there). */
  get scratch(): number {
    return this.index(this.gradients[0]);
  }
}
