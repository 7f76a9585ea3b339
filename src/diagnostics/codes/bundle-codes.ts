import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN5000-NN5099: reading a trained-model bundle (`nnspec.json` and its TF.js files). */
export const BUNDLE_FAMILY = defineCodes(
  { family: 'bundle', first: 5000, last: 5099 },
  {
    notABundle: {
      code: 'NN5001',
      title: 'not a model bundle',
      severity: 'error',
      explanation: `\`nnspec predict\`, \`nnspec evaluate\` and \`nnspec export\` read a trained model from the folder \`nnspec train --save DIR\` wrote: \`nnspec.json\`, \`model.json\` and \`weights.bin\`. The folder given does not exist, or one of those files is missing or cannot be read; the message names it.

\`\`\`
nnspec train specs/iris.nn --save models/iris
nnspec predict models/iris data/new-flowers.csv
\`\`\`

Give the folder \`--save\` wrote. A folder from an nnspec older than the bundle format has no \`nnspec.json\`: train again with \`--save\` to get one.`,
    },
    invalidBundle: {
      code: 'NN5002',
      title: 'invalid model bundle',
      severity: 'error',
      explanation: `The bundle's \`nnspec.json\` (or its \`model.json\`) is not what nnspec wrote: it is not valid JSON, or a field is missing, has the wrong type or is out of range. The message names the field, e.g. \`preprocessing.normalization.mean\`. nnspec writes these files whole and checks them when it reads them, so the file was edited by hand, truncated or damaged.

\`\`\`
nnspec predict models/iris rows.csv
error[NN5002]: models/iris/nnspec.json: manifest.seed: expected a whole number >= 0
\`\`\`

Restore the file (from a copy, or by training again with \`--save\`). The format is documented field by field in docs/bundle.md.`,
    },
    futureBundle: {
      code: 'NN5003',
      title: 'bundle from a newer nnspec',
      severity: 'error',
      explanation: `The bundle's \`nnspec.json\` has a format version this nnspec does not know: a newer nnspec wrote it (\`manifest.nnspecVersion\` says which). Reading it as an older format could apply the wrong preprocessing silently, so it is refused.

Upgrade nnspec to the version that wrote the bundle (or newer), or train the spec again with this version.`,
    },
    damagedWeights: {
      code: 'NN5004',
      title: 'bundle weights do not match',
      severity: 'error',
      explanation: `The bundle's weights file is not the one its \`nnspec.json\` records: its size or SHA-256 differs from \`manifest.files\`, or \`model.json\`'s weights do not fit the model the bundle's IR describes (a layer missing or of another shape). The files of two bundles were mixed, or one was damaged in a copy.

Copy the whole folder again, or train again with \`--save\`.`,
    },
  },
);

/** Bundle codes by name. */
export const BUNDLE_CODE = BUNDLE_FAMILY.codes;
/** Every bundle code with its explanation. */
export const BUNDLE_CODES: readonly DiagnosticCodeInfo[] = BUNDLE_FAMILY.infos;
/** A bundle code. */
export type BundleCode = (typeof BUNDLE_CODE)[keyof typeof BUNDLE_CODE];
