import { describe, expect, it } from 'vitest';
import { lookupLayer, trainingOnlyEffects } from '../../src/catalogue/index.js';

describe('what layers do only while training', () => {
  it('marks dropout and noise layers, and the parameters that switch them on', () => {
    expect(lookupLayer('dropout')!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['rate'] });
    expect(lookupLayer('spatial_dropout1d')!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['rate'] });
    expect(lookupLayer('gaussian_dropout')!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['rate'] });
    expect(lookupLayer('alpha_dropout')!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['rate'] });
    expect(lookupLayer('gaussian_noise')!.trainingOnly).toEqual({ effect: 'noise', whenPositive: ['stddev'] });
    for (const name of ['simple_rnn', 'lstm', 'gru'])
      expect(lookupLayer(name)!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['dropout', 'recurrent_dropout'] });
    expect(lookupLayer('dense')!.trainingOnly).toBeUndefined();
    expect(lookupLayer('batch_norm')!.trainingOnly).toBeUndefined();
  });

  it('counts a layer only when a rate is above 0', () => {
    expect(trainingOnlyEffects([{ type: 'dropout', params: { rate: 0.5 } }])).toEqual(['dropout']);
    expect(trainingOnlyEffects([{ type: 'dropout', params: { rate: 0 } }])).toEqual([]);
    expect(trainingOnlyEffects([{ type: 'gaussian_noise', params: { stddev: 0 } }])).toEqual([]);
    expect(trainingOnlyEffects([{ type: 'lstm', params: { dropout: 0, recurrent_dropout: 0.25 } }])).toEqual(['dropout']);
    expect(trainingOnlyEffects([{ type: 'gru', params: { dropout: 0, recurrent_dropout: 0 } }])).toEqual([]);
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
