/**
 * The data root's diagnostics, shared by training (`load-data.ts`) and `check --data`
 * (`probe.ts`). Where the decision is made is Node's (`data-root-node.ts`); this file only says
 * it. Browser-safe.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrData } from '../../ir/schema.js';
import { specDiagnostic } from './data-diagnostic.js';

/** One path of a data source: its parameter, the path as the spec wrote it, and as resolved for reading. */
export interface SourcePath {
  param: string;
  written: string;
  file: string;
}

/**
 * Decides whether a source may read its paths: the diagnostics that stop it (NN4504, NN4505), or
 * none. `dataRootDiagnostics` in `data-root-node.ts` is the Node one.
 */
export type DataPathCheck = (data: IrData, paths: readonly SourcePath[]) => Diagnostic[];

/**
 * NN4504 for a data path that resolves outside the data root, at the path in the spec. It names
 * the path only as the spec wrote it and never the file: the message is the same whether the
 * file exists or not, so a spec cannot use it to probe the host's files.
 */
export function outsideDataRootDiagnostic(data: IrData, param: string, written: string, specText: string | undefined): Diagnostic {
  return specDiagnostic(
    DATA_CODE.outsideDataRoot,
    { data, specText },
    `data path \`${written}\` of \`${data.name}\` is outside the data root; it was not read`,
    {
      label: 'outside the data root',
      help: 'this run only reads data files inside its data root (`--data-root`, API `dataRoot`), after following `..` and symbolic links; put the file there, or use a built-in source',
    },
    data.sourceParamSpans?.[param],
  );
}

/** NN4505 for a data root that is not an existing folder: nothing can be read under it. */
export function badDataRootDiagnostic(data: IrData, root: string, why: string, specText: string | undefined): Diagnostic {
  return specDiagnostic(DATA_CODE.badDataRoot, { data, specText }, `the data root \`${root}\` ${why}, so no data file can be read`, {
    help: 'give `dataRoot` (`--data-root`) an existing folder',
  });
}
