/** Messages between the parallel trainer (main thread, replica 0) and its worker replicas. */
import type { IrModel } from '../../ir/schema.js';

/**
 * What a worker replica builds its model from: the IR model (plain data a worker can be sent),
 * and the fixed output layer of a standardised target, as the main thread built it.
 */
export interface ReplicaModel {
  model: IrModel;
  targetScaling?: { mean: number; std: number };
}

/** A module the workers import to get the loss and metric functions (functions cannot be sent). */
export interface PartsSpec {
  /** Module URL or absolute path. It may also register custom layers (it is imported before the model is built). */
  module: string;
  /** Export called as `fn(arg)`; returns `{ loss, metrics? }` (metrics by the same names as on the main thread). */
  exportName: string;
  arg?: unknown;
}

export interface SharedArray {
  buffer: SharedArrayBuffer;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export type ToWorker =
  | {
      kind: 'init';
      index: number;
      replicas: number;
      ctl: SharedArrayBuffer;
      grads: SharedArrayBuffer;
      weights: SharedArrayBuffer;
      /** The IR model the worker builds (`buildModel`) before loading the shared weights. */
      model: ReplicaModel;
      /** This replica's own seed (its dropout and noise masks): `replicaSeed(run seed, index)`. */
      replicaSeed: number;
      optimizer: { className: string; config: unknown; state: { name: string; shape: number[]; values: Float32Array }[] };
      parts: PartsSpec;
      metricNames: string[];
      forward: 'model' | 'fused';
      backend: string;
      /** The replica's conv kernels: relaxed-SIMD build where the engine has it (true), or plain (`useConvFusedMultiplyAdd`). */
      fusedMultiplyAdd: boolean;
    }
  | { kind: 'data'; id: number; x: SharedArray; y: SharedArray }
  | {
      kind: 'epoch';
      epoch: number;
      dataId: number;
      batchSize: number;
      shuffle: boolean;
      seed: number;
      stepBase: number;
      learningRate: number | null;
    }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready'; index: number }
  | { kind: 'epochDone'; index: number; stats: Float32Array; batches: number }
  | { kind: 'error'; index: number; message: string };
