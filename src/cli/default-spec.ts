import path from 'node:path';
import { findPackageRoot } from '../train/data/package-root-node.js';

/** The spec `nnspec train` runs without arguments: the bundled digits spec. */
export function defaultSpecPath(): string {
  const root = findPackageRoot();
  // The package root is always found from inside the installed package; not finding it is a bug.
  if (root === undefined) throw new Error('nnspec: cannot find the package root to locate specs/digits.nn');
  return path.join(root, 'specs', 'digits.nn');
}
