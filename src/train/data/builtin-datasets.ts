/**
 * The data sets bundled in the package's `data/` folder (see data/README.md for their origin):
 * which file and label column each one is. Browser-safe: Node reads the files from the package
 * (`builtin-node.ts`), the playground fetches them from its own `data/` folder.
 */

/** The bundled data sets: file in `data/` and label column. */
export const BUILTIN_DATASETS = {
  'builtin.digits': { file: 'digits.csv', label: 'digit' },
  'builtin.iris': { file: 'iris.csv', label: 'species' },
} as const;

/** `builtin.digits` or `builtin.iris`. */
export type BuiltinSourceType = keyof typeof BUILTIN_DATASETS;

/** True for the names of bundled data sets. */
export function isBuiltinSource(type: string): type is BuiltinSourceType {
  return Object.hasOwn(BUILTIN_DATASETS, type);
}
