/**
 * A small dropout study on generated blobs, for tests that run studies: a `rate` param used by
 * one dropout layer, a train block and a study varying the rate.
 */
export function blobsStudySpec(options: { grid?: string; seeds?: string; samples?: number; units?: number; epochs?: number; seed?: number } = {}): string {
  return `param rate = 0.2

data blobs {
  source: synthetic.blobs(samples: ${options.samples ?? 240}, classes: 3, features: 4, noise: 2, seed: 3)
  normalize: standard
  split: { train: 0.5, validation: 0.25, test: 0.25, stratify: true }
}

model net {
  input(shape: [4])
  dense(${options.units ?? 16}, activation: relu)
  dropout(rate)
  dense(3, activation: softmax)
}

train net on blobs {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.01)
  epochs: ${options.epochs ?? 3}
  batch_size: 16
  seed: ${options.seed ?? 11}
}

study dropout {
  grid: { rate: ${options.grid ?? '[0, 0.5]'} }
  seeds: ${options.seeds ?? '2'}
}
`;
}
