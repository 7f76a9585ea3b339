import { describe, expect, it } from 'vitest';
import { lookupLayer, trainingOnlyEffects } from '../../src/catalogue/index.js';

describe('what layers do only while training', () => {
  it('marks dropout and noise layers by their rates, and no other layer', () => {
    expect(lookupLayer('dropout')!.trainingOnly!({ rate: 0.5 })).toBe('dropout');
    expect(lookupLayer('dropout')!.trainingOnly!({ rate: 0 })).toBeNull();
    expect(lookupLayer('spatial_dropout1d')!.trainingOnly!({ rate: 0.2 })).toBe('dropout');
    expect(lookupLayer('gaussian_dropout')!.trainingOnly!({ rate: 0.1 })).toBe('dropout');
    expect(lookupLayer('alpha_dropout')!.trainingOnly!({ rate: 0.1 })).toBe('dropout');
    expect(lookupLayer('gaussian_noise')!.trainingOnly!({ stddev: 0.1 })).toBe('noise');
    expect(lookupLayer('gaussian_noise')!.trainingOnly!({ stddev: 0 })).toBeNull();
    expect(lookupLayer('lstm')!.trainingOnly!({ dropout: 0, recurrent_dropout: 0.25 })).toBe('dropout');
    expect(lookupLayer('gru')!.trainingOnly!({ dropout: 0, recurrent_dropout: 0 })).toBeNull();
    expect(lookupLayer('dense')!.trainingOnly).toBeUndefined();
    expect(lookupLayer('batch_norm')!.trainingOnly).toBeUndefined();
  });

  it('lists each effect of a model once, dropout before noise', () => {
    expect(trainingOnlyEffects([{ type: 'dense', params: { units: 4 } }])).toEqual([]);
    expect(
      trainingOnlyEffects([
        { type: 'gaussian_noise', params: { stddev: 0.1 } },
        { type: 'dropout', params: { rate: 0.5 } },
        { type: 'dropout', params: { rate: 0.2 } },
      ]),
    ).toEqual(['dropout', 'noise']);
    expect(trainingOnlyEffects([{ type: 'simple_rnn', params: { dropout: 0.1, recurrent_dropout: 0 } }])).toEqual(['dropout']);
  });
});
