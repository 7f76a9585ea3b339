import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Local wasm init for the trainer tests (independent of src/backend/init.ts). */
export async function initWasm(): Promise<void> {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
  await tf.setBackend('wasm');
  await tf.ready();
}

/** A dropout whose mask comes from a seed and a step counter: never Math.random. */
export class SeededDropout extends tf.layers.Layer {
  static className = 'TestSeededDropout';
  private step = 0;
  constructor(private readonly config: { rate: number; seed: number; name?: string }) {
    super(config);
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training) return x;
    return tf.tidy(() => {
      const seed = this.config.seed * 100003 + this.step++;
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.config.rate), 'float32');
      return tf.mul(x, tf.div(keep, 1 - this.config.rate));
    });
  }
  override getConfig() {
    return { ...super.getConfig(), rate: this.config.rate, seed: this.config.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** A seeded MLP: every initializer and dropout seeded. */
export function mlp(sizes: number[], opts: { seed: number; dropout?: number; softmax?: boolean }): tf.Sequential {
  const model = tf.sequential();
  for (let i = 1; i < sizes.length; i++) {
    const last = i === sizes.length - 1;
    model.add(
      tf.layers.dense({
        units: sizes[i],
        inputShape: i === 1 ? [sizes[0]] : undefined,
        activation: last ? (opts.softmax === false ? 'linear' : 'softmax') : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed + i }),
      }),
    );
    if (!last && opts.dropout) model.add(new SeededDropout({ rate: opts.dropout, seed: opts.seed + 50 + i }));
  }
  return model;
}

/** Three seeded gaussian blobs in 2-D, one-hot labels. */
export function blobs(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const xs = new Float32Array(n * 2);
  const ys = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    xs[2 * i] = Math.cos((2 * Math.PI * c) / 3) * 2 + (rnd() - 0.5) * 2;
    xs[2 * i + 1] = Math.sin((2 * Math.PI * c) / 3) * 2 + (rnd() - 0.5) * 2;
    ys[3 * i + c] = 1;
  }
  return { x: tf.tensor2d(xs, [n, 2]), y: tf.tensor2d(ys, [n, 3]) };
}

export const crossEntropy = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.metrics.categoricalCrossentropy(yTrue, yPred);
export const accuracy = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.metrics.categoricalAccuracy(yTrue, yPred);
