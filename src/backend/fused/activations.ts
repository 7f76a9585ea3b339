/**
 * The activations the fused step computes in JavaScript (sigmoid, tanh, softmax) over rows of a
 * float32 buffer, forward and backward, in TF.js's formulas; ReLU and linear run in the SIMD
 * kernels. Results are rounded to float32 where TF.js stores them.
 */
import type { StepActivation } from './chain-plan.js';

/** Applies `activation` in place to `rows x cols` floats at `offset` (linear and relu excluded). */
export function activateRows(heap: Float32Array, offset: number, rows: number, cols: number, activation: StepActivation): void {
  const end = offset + rows * cols;
  switch (activation) {
    case 'sigmoid':
      for (let i = offset; i < end; i++) heap[i] = 1 / (1 + Math.exp(-heap[i]!));
      return;
    case 'tanh':
      for (let i = offset; i < end; i++) heap[i] = Math.tanh(heap[i]!);
      return;
    case 'softmax':
      for (let row = offset; row < end; row += cols) {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, heap[row + c]!);
        let sum = 0;
        for (let c = 0; c < cols; c++) {
          const e = Math.fround(Math.exp(heap[row + c]! - max));
          heap[row + c] = e;
          sum += e;
        }
        const total = Math.fround(sum);
        for (let c = 0; c < cols; c++) heap[row + c] = heap[row + c]! / total;
      }
      return;
    default:
      throw new Error(`nnspec fused step: ${activation} runs in the SIMD kernels`);
  }
}

/**
 * `dy` (at `gradient`) becomes the gradient before `activation`, from the activation's output
 * `y` (at `output`): sigmoid `dy y (1 - y)`, tanh `dy (1 - y^2)`, softmax `y (dy - sum(dy y))`.
 */
export function activationBackwardRows(heap: Float32Array, gradient: number, output: number, rows: number, cols: number, activation: StepActivation): void {
  const count = rows * cols;
  switch (activation) {
    case 'sigmoid':
      for (let i = 0; i < count; i++) {
        const y = heap[output + i]!;
        heap[gradient + i] = heap[gradient + i]! * y * (1 - y);
      }
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) {
        const y = heap[output + i]!;
        heap[gradient + i] = heap[gradient + i]! * (1 - y * y);
      }
      return;
    case 'softmax':
      for (let r = 0; r < count; r += cols) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += heap[gradient + r + c]! * heap[output + r + c]!;
        for (let c = 0; c < cols; c++) heap[gradient + r + c] = heap[output + r + c]! * (heap[gradient + r + c]! - dot);
      }
      return;
    default:
      throw new Error(`nnspec fused step: ${activation} runs in the SIMD kernels`);
  }
}
