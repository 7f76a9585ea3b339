import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lowerStudy } from '../../src/lower/index.js';
import { studyTrials, trialDocument, type StudyPlan } from '../../src/ir/study-plan.js';
import { buildModel, initBackend } from '../../src/backend/index.js';
import { blobsStudySpec } from '../support/blobs-study.js';

const spec = blobsStudySpec({ grid: '[0, 0.3, 0.5]', seeds: '[1, 2]', samples: 60, units: 8, seed: 9 });

function initialWeights(plan: StudyPlan, setting: number, seed: number): number[][] {
  const document = trialDocument(plan, { setting, seed });
  const model = buildModel(document.model, { seed: document.training!.seed });
  const weights = model.getWeights().map((weight) => Array.from(weight.dataSync()));
  model.dispose();
  return weights;
}

describe('paired seeds', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('the same seed gives the same initial weights in every setting, another seed other weights', () => {
    const plan = lowerStudy(checkSource(spec).value).value!;
    const first = initialWeights(plan, 0, 1);
    expect(first.length).toBe(4);
    expect(initialWeights(plan, 1, 1)).toEqual(first);
    expect(initialWeights(plan, 2, 1)).toEqual(first);
    expect(initialWeights(plan, 0, 2)).not.toEqual(first);
  });

  it("every trial keeps the train block's seed for the data split and takes its own for the rest", () => {
    const plan = lowerStudy(checkSource(spec).value).value!;
    const trainings = studyTrials(plan).map((trial) => trialDocument(plan, trial).training!);
    expect(trainings.map((training) => [training.seed, training.splitSeed])).toEqual([
      [1, 9],
      [1, 9],
      [1, 9],
      [2, 9],
      [2, 9],
      [2, 9],
    ]);
  });
});
