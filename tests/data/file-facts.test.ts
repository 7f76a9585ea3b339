import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/train/data/load-data.js';
import { documentOf } from '../runner/helpers.js';

// IDX files (read side by side) are checked in idx.test.ts, CSV and bundled files in runner/config.test.ts.
describe('the data files a load read, for the report', () => {
  it('lists nothing for synthetic data', async () => {
    const spec = `data s { source: synthetic.moons(samples: 40), split: { train: 0.5, validation: 0.5 } }
model m {
  input(shape: [2])
  dense(2, activation: softmax)
}
train m on s { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }
`;
    const loaded = await loadData(documentOf(spec).training!.data, { baseDir: '.', seed: 1 });
    expect(loaded.value!.files).toEqual([]);
  });
});
