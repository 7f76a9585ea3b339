/**
 * Embedding nnspec: check a spec held in a string, show its diagnostics and model summary,
 * format it, lower it to IR and train it, using only the package's public entry points.
 *
 *   npx tsx examples/api/check-and-train.ts
 */
import { checkSource, format, hasErrors, lower, renderDiagnostics, renderSummary, summarizeModel } from 'nnspec';
import { initBackend, renderRunSummary, runTraining } from 'nnspec/train';

const SPEC = `data blobs {
  source: synthetic.blobs(samples: 600, classes: 3, features: 4, seed: 1)
  normalize: standard
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model classifier {
  input(shape: [4])
  dense(32, activation: relu)
  dropout(0.2)
  dense(3, activation: softmax)
}
train classifier on blobs {
  loss: categorical_crossentropy, metrics: [accuracy]
  optimizer: adam(learning_rate: 0.01), epochs: 40, batch_size: 32
  early_stopping: { monitor: val_loss, patience: 5, restore_best_weights: true }
  seed: 3
}
`;

/** Runs the example and returns what it printed. */
export async function main(print: (line: string) => void = console.log): Promise<number | undefined> {
  const checked = checkSource(SPEC);
  if (checked.diagnostics.length > 0) print(renderDiagnostics(checked.diagnostics, SPEC, { fileName: 'inline.nn', color: false }));
  if (hasErrors(checked.diagnostics)) return undefined;

  for (const model of checked.value.models) print(renderSummary(summarizeModel(model, checked.value.data[0] ?? null)));
  print(format(SPEC).value);

  const [document] = lower(checked.value).value;
  await initBackend('wasm');
  const run = await runTraining(document!, { baseDir: '.', onEpoch: (record) => print(`epoch ${record.epoch}: val_loss ${record.valLoss?.toFixed(4)}`) });
  if (!run.value) return undefined;
  print(renderRunSummary(run.value.report, { color: false }));
  run.value.model.dispose();
  return run.value.report.summary.test?.metrics.accuracy;
}

if (process.argv[1]?.endsWith('check-and-train.ts')) {
  const accuracy = await main();
  console.log(`test accuracy: ${accuracy}`);
}
