import { describe, it } from 'vitest';
import { ACTIVATIONS } from '../../src/catalogue/index.js';
import { checkAgainstTfjs, modelOf } from './onnx-harness.js';

describe('every activation exports with TF.js formulas', () => {
  it.each(ACTIVATIONS)('activation(%s), and dense with it', async (activation) => {
    // A wide spread so relu6's cap, hard_sigmoid's clip and softplus's tail are reached.
    await checkAgainstTfjs(modelOf(`activation(${activation})`, [12]), { x: spreadInputs(5 * 12), what: `activation(${activation})` });
    await checkAgainstTfjs(modelOf(`dense(7, activation: ${activation})`, [6]), { randomize: true, what: `dense ${activation}` });
  });
});

describe('recurrent layers with every activation: ONNX operators or unrolled', () => {
  const kinds = ['simple_rnn', 'lstm', 'gru'] as const;
  const cases = kinds.flatMap((kind) => ACTIVATIONS.map((activation) => [kind, activation] as const));
  it.each(cases)('%s with activation %s', async (kind, activation) => {
    const gate = kind === 'simple_rnn' ? '' : `, recurrent_activation: ${activation === 'tanh' ? 'hard_sigmoid' : activation}`;
    for (const sequences of [false, true]) {
      const call = `${kind}(3, activation: ${activation}${gate}, return_sequences: ${sequences})`;
      await checkAgainstTfjs(modelOf(call, [4, 3]), { randomize: true, what: call });
    }
  });
});

/** Values from -8 to 8. */
function spreadInputs(count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, index) => -8 + (16 * index) / (count - 1));
}
