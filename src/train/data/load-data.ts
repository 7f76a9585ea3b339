/**
 * The Node entry of the data layer: resolves an `IrData` (files read relative to the spec's
 * folder), then splits, limits and normalises it with {@link prepareData}.
 */
import type { StageResult } from '../../diagnostics/diagnostic.js';
import type { IrData } from '../../ir/schema.js';
import type { PreparedData } from './dataset.js';

/** Options of {@link loadData}. */
export interface LoadDataOptions {
  /** The folder of the spec file: relative `path`, `images` and `labels` resolve against it. */
  baseDir: string;
  /** The run's seed: synthetic data (unless the source sets its own `seed`) and the split derive from it. */
  seed: number;
  /** The spec's text, to place diagnostics about the data block at its line and column (`data.sourceSpan`). */
  specText?: string;
}

/**
 * Loads, splits, limits and normalises a data block. On any error the value is `undefined`
 * and the diagnostics say why; warnings may accompany a value.
 */
export async function loadData(data: IrData, options: LoadDataOptions): Promise<StageResult<PreparedData | undefined>> {
  void data;
  void options;
  return { value: undefined, diagnostics: [] };
}
