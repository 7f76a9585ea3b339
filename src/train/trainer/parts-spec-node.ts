/**
 * Where worker threads find ./training-parts: the module's file, whether nnspec runs from its
 * sources (tsx, vitest: the `.ts` file) or from the tsup build (`dist/training-parts.js`, an entry
 * of its own so workers can import it). Node-only.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IrDocument } from '../../ir/schema.js';
import { metricSetupOf } from '../../backend/metrics.js';
import type { PartsSpec } from './protocol.js';
import { findPackageRoot } from '../data/package-root-node.js';
import type { TrainingPartsArg } from './training-parts.js';

function moduleUrl(sourceName: string, distName: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, `${sourceName}.ts`);
  if (existsSync(source)) return pathToFileURL(source).href;
  const root = findPackageRoot();
  const built = root ? path.join(root, 'dist', `${distName}.js`) : path.join(here, `${distName}.js`);
  return pathToFileURL(built).href;
}

/**
 * The parts spec the parallel trainer passes to its workers for this document's loss and metrics;
 * `gradientScale` is the loss's gradient factor for a standardised target (1 without).
 */
export function trainingPartsSpec(document: IrDocument, gradientScale = 1): PartsSpec {
  const training = document.training;
  if (!training) throw new Error('nnspec trainer: trainingPartsSpec needs a document with training');
  return {
    module: moduleUrl('training-parts', 'training-parts'),
    exportName: 'makeTrainingParts',
    arg: { loss: training.loss, metrics: training.metrics, metricSetup: metricSetupOf(document), gradientScale } satisfies TrainingPartsArg,
  };
}
