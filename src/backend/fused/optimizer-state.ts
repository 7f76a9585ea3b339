/**
 * The fused step's copies of the TF.js model's state: reading the weights and the optimizer's
 * slots into the step's memory, and writing weights, slots and the step count back, so that the
 * TF.js model and optimizer stay the source of truth between epochs. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepOptimizer } from './chain-plan.js';
import type { Parameter } from './step-layout.js';

// tfjs fields that the public typings do not expose.
interface SlotList {
  originalName: string;
  variable: tf.Variable;
}
interface OptimizerState {
  learningRate: number;
  iterations_: number;
  accumulatedFirstMoment?: SlotList[];
  accumulatedSecondMoment?: SlotList[];
  accumulations?: SlotList[];
}

/** Where the parameters and their copies live: float offsets of the regions (-1: none), and the heap index of an offset. */
export interface StateRegions {
  params: number;
  slot1: number;
  slot2: number;
  index(at: number): number;
}

/** The TF.js optimizer's internals, or undefined for a step that only evaluates. */
function stateOf(optimizer: StepOptimizer): OptimizerState | undefined {
  return optimizer.kind === 'none' ? undefined : (optimizer.optimizer as unknown as OptimizerState);
}

/** The optimizer's step count (0 for a step that only evaluates or an optimizer that never stepped). */
export function optimizerIterations(optimizer: StepOptimizer): number {
  return stateOf(optimizer)?.iterations_ ?? 0;
}

/** Reads the model's weights into the parameter region. */
export function pullWeights(heap: Float32Array, parameters: readonly Parameter[], regions: StateRegions): void {
  for (const parameter of parameters) heap.set(parameter.variable.dataSync() as Float32Array, regions.index(regions.params + parameter.at));
}

/** Reads the optimizer's slots when it has stepped before (a model trained, then trained on). */
export function pullSlots(heap: Float32Array, optimizer: StepOptimizer, parameters: readonly Parameter[], regions: StateRegions): void {
  const state = stateOf(optimizer);
  if (!state) return;
  const slots: [SlotList[] | undefined, number][] = [
    [state.accumulatedFirstMoment ?? state.accumulations, regions.slot1],
    [state.accumulatedSecondMoment, regions.slot2],
  ];
  for (const [list, start] of slots) {
    if (!list || start < 0) continue;
    parameters.forEach((parameter, i) => {
      const slot = list[i];
      if (slot) heap.set(slot.variable.dataSync() as Float32Array, regions.index(start + parameter.at));
    });
  }
}

/** Writes the weights, the optimizer's slots and its step count `iterations` back to TF.js. */
export function pushState(heap: Float32Array, optimizer: StepOptimizer, parameters: readonly Parameter[], regions: StateRegions, iterations: number): void {
  const read = (start: number, parameter: Parameter) =>
    tf.tensor(heap.slice(regions.index(start + parameter.at), regions.index(start + parameter.at) + parameter.size), parameter.variable.shape);
  tf.tidy(() => {
    for (const parameter of parameters) parameter.variable.assign(read(regions.params, parameter));
    const state = stateOf(optimizer);
    if (!state) return;
    const writeSlots = (name: 'accumulatedFirstMoment' | 'accumulatedSecondMoment' | 'accumulations', suffix: string, start: number) => {
      state[name] ??= [];
      const list = state[name]!;
      parameters.forEach((parameter, i) => {
        const value = read(start, parameter);
        if (list[i]) list[i]!.variable.assign(value);
        else list[i] = { originalName: `${parameter.variable.name}/${suffix}`, variable: tf.keep(value.variable(false)) };
      });
    };
    if (optimizer.kind === 'adam') {
      writeSlots('accumulatedFirstMoment', 'm', regions.slot1);
      writeSlots('accumulatedSecondMoment', 'v', regions.slot2);
    } else if (optimizer.kind === 'momentum') {
      writeSlots('accumulations', 'momentum', regions.slot1);
    }
    state.iterations_ = iterations;
  });
}
