/** Messages between the parallel trainer (main thread, replica 0) and its worker replicas. */

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
      modelTopology: unknown;
      optimizer: { className: string; config: unknown; state: { name: string; shape: number[]; values: Float32Array }[] };
      parts: PartsSpec;
      metricNames: string[];
      forward: 'model' | 'fused';
      backend: string;
      setupModule?: string;
      seed: number;
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
