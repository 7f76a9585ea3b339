/** What {@link trainSpec} varies. */
export interface TrainSpecOptions {
  /** The data block's name (default `points`). */
  data?: string;
  /** The model's input width (default 2). */
  inputs?: number;
  /** Softmax units (default 2). */
  classes?: number;
  /** Lines added to the data block, e.g. a `split`. */
  dataLines?: string[];
  /** Lines added to the train block, e.g. `batch_size: 8`. */
  trainLines?: string[];
  /** Epochs (default 1). */
  epochs?: number;
}

/**
 * A small classification spec: data block `data` from `source` (a source call as written in a
 * spec, e.g. `csv(path: "a.csv", label: "kind")`), a one-layer softmax model `net`, trained with
 * Adam. The source's line is line 2, so its text starts at column 11.
 */
export function trainSpec(source: string, options: TrainSpecOptions = {}): string {
  const { data = 'points', inputs = 2, classes = 2, dataLines = [], trainLines = [], epochs = 1 } = options;
  return [
    `data ${data} {`,
    `  source: ${source}`,
    ...dataLines.map((line) => `  ${line}`),
    '}',
    '',
    'model net {',
    `  input(shape: [${inputs}])`,
    `  dense(${classes}, activation: softmax)`,
    '}',
    '',
    `train net on ${data} {`,
    '  loss: categorical_crossentropy',
    '  optimizer: adam()',
    ...trainLines.map((line) => `  ${line}`),
    `  epochs: ${epochs}`,
    '}',
    '',
  ].join('\n');
}

/** {@link trainSpec} reading the CSV `path` with label column `kind`. */
export function csvTrainSpec(path: string, options: TrainSpecOptions = {}): string {
  return trainSpec(`csv(path: ${JSON.stringify(path)}, label: "kind")`, options);
}
