/**
 * Validates an IR document read from outside (a file, another tool, a library caller): the
 * version, the schema with every parameter typed by the catalogue, and the graph, with messages
 * that name the path inside the document.
 */
import { DOCUMENT_START, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import { IR_VERSION } from './schema.js';
import type { IrDocument } from './schema.js';
import { MAX_MODEL_LAYERS } from '../catalogue/limits.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { CatalogueView } from '../catalogue/types.js';
import { defaultIrDocumentSchema, irDocumentSchemaFor } from './document-schema.js';
import { graphProblems } from './graph-checks.js';

const MAX_REPORTED = 10;

function problem(code: string, message: string, help?: string): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: 'error', message, range: DOCUMENT_START };
  if (help) diagnostic.help = help;
  return diagnostic;
}

/** `model.nodes[2].params.units` from a zod issue path. */
export function formatIrPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(document)' : out;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: '`true` or `false`',
  array: 'a list',
  object: 'an object',
  null: '`null`',
  int: 'a whole number',
};

/** The fields of a zod issue that {@link describeIssue} reads. */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  input?: unknown;
  keys?: string[];
}

/**
 * One zod issue of a JSON document nnspec wrote (an IR, a bundle's `nnspec.json`) as
 * `path: what is wrong`, in words (`expected a whole number`). `missingHint` follows a missing
 * field, saying why it should be there.
 */
export function describeIssue(issue: IssueLike, missingHint = 'lowering writes every field and parameter; compile the spec again'): string {
  // An unknown key is reported at the key itself (`...params.foo`), not at the object holding it.
  const path = issue.code === 'unrecognized_keys' && issue.keys?.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
  const where = formatIrPath(path);
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: missing (${missingHint})`;
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string' && !issue.message.startsWith('expected'))
    return `${where}: expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
  return `${where}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

/** What changed since each older IR version, for the message that refuses it. */
const VERSION_CHANGES: Record<number, string> = {
  1: 'version 2 made `training.earlyStopping.rule` required and added `training.splitSeed`; version 3 made the model a graph: `model.layers` became `model.nodes` (each with its `inputs`), with `model.output`, and every `params` is checked against the catalogue',
  2: 'version 3 made the model a graph: `model.layers` became `model.nodes` (each with its `inputs` and `inputShapes`), with `model.output` naming the output node, and every `params` is checked against the catalogue',
};

/** Options of {@link validateIr}. */
export interface ValidateIrOptions {
  /** The catalogue the parameters are checked against; the default catalogue when left out. */
  catalogue?: CatalogueView;
}

/**
 * Checks that `json` is an IR document this version reads. Returns the typed document, or
 * `undefined` with one diagnostic per problem (up to ten), each naming its path.
 */
export function validateIr(json: unknown, options: ValidateIrOptions = {}): StageResult<IrDocument | undefined> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { value: undefined, diagnostics: [problem(TRAINING_CODE.invalidIr, 'an IR document must be a JSON object')] };
  }
  const record = json as Record<string, unknown>;
  if (record.format !== 'nnspec-ir') {
    return {
      value: undefined,
      diagnostics: [
        problem(TRAINING_CODE.invalidIr, 'format: expected "nnspec-ir"; this is not an nnspec IR document', 'compile the spec again with `nnspec compile`'),
      ],
    };
  }
  if (record.version !== IR_VERSION) {
    const version = record.version;
    const relation = typeof version === 'number' ? (version > IR_VERSION ? 'newer than' : 'older than') : 'not';
    const changes = typeof version === 'number' ? VERSION_CHANGES[version] : undefined;
    const message =
      typeof version === 'number'
        ? `version: IR version ${version} is ${relation} the version this nnspec reads (${IR_VERSION})${changes ? `: ${changes}` : ''}`
        : `version: expected a number (this nnspec reads IR version ${IR_VERSION})`;
    const help =
      typeof version === 'number' && version > IR_VERSION
        ? 'use the nnspec that wrote this document, or a newer one'
        : 'compile the spec again with this nnspec (`nnspec compile`)';
    return { value: undefined, diagnostics: [problem(TRAINING_CODE.irVersion, message, help)] };
  }
  const catalogue = options.catalogue ?? defaultCatalogueView();
  const schema = options.catalogue ? irDocumentSchemaFor(options.catalogue) : defaultIrDocumentSchema();
  const parsed = schema.safeParse(json, { reportInput: true });
  if (parsed.success) {
    // A document not written by the checker may be deeper than TF.js can build (its stack overflows).
    const layers = parsed.data.model.nodes.length;
    if (layers > MAX_MODEL_LAYERS) {
      const count = (n: number): string => n.toLocaleString('en-US');
      return {
        value: undefined,
        diagnostics: [
          problem(
            TRAINING_CODE.invalidIr,
            `model.nodes: ${count(layers)} layers, more than the ${count(MAX_MODEL_LAYERS)} TF.js can build`,
            `use at most ${count(MAX_MODEL_LAYERS)} layers (NN3015)`,
          ),
        ],
      };
    }
    const graph = graphProblems(parsed.data.model, catalogue);
    if (graph.length > 0) {
      return {
        value: undefined,
        diagnostics: graph.slice(0, MAX_REPORTED).map((found) => problem(TRAINING_CODE.invalidIr, `${found.path}: ${found.message}`)),
      };
    }
    return { value: parsed.data, diagnostics: [] };
  }
  const diagnostics = parsed.error.issues.slice(0, MAX_REPORTED).map((issue) => problem(TRAINING_CODE.invalidIr, describeIssue(issue as IssueLike)));
  return { value: undefined, diagnostics };
}
