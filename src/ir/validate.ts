/**
 * Validates an IR document read from outside (a file, another tool): the schema, and the
 * version, with messages that name the path inside the document.
 */
import type { Diagnostic, Range, StageResult } from '../diagnostics/diagnostic.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import { IR_VERSION, irDocumentSchema } from './schema.js';
import type { IrDocument } from './schema.js';
import { MAX_MODEL_LAYERS } from '../catalogue/limits.js';
import { stoppingRuleProblems } from './stopping-rule-ir.js';

const START: Range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const MAX_REPORTED = 10;

function problem(code: string, message: string, help?: string): Diagnostic {
  const diagnostic: Diagnostic = { code, severity: 'error', message, range: START };
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

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
}

function describeIssue(issue: IssueLike): string {
  const where = formatIrPath(issue.path);
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') return `${where}: expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
  return `${where}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

/**
 * Checks that `json` is an IR document this version reads. Returns the typed document, or
 * `undefined` with one diagnostic per problem (up to ten), each naming its path.
 */
export function validateIr(json: unknown): StageResult<IrDocument | undefined> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { value: undefined, diagnostics: [problem(TRAINING_CODE.invalidIr, 'an IR document must be a JSON object')] };
  }
  const record = json as Record<string, unknown>;
  if (record.format !== 'nnspec-ir') {
    return {
      value: undefined,
      diagnostics: [problem(TRAINING_CODE.invalidIr, 'format: expected "nnspec-ir"; this is not an nnspec IR document', 'compile the spec again with `nnspec compile`')],
    };
  }
  if (record.version !== IR_VERSION) {
    const version = record.version;
    const relation = typeof version === 'number' ? (version > IR_VERSION ? 'newer than' : 'older than') : 'not';
    const message =
      typeof version === 'number'
        ? `version: IR version ${version} is ${relation} the version this nnspec reads (${IR_VERSION})`
        : `version: expected a number (this nnspec reads IR version ${IR_VERSION})`;
    const help = typeof version === 'number' && version > IR_VERSION ? 'use the nnspec that wrote this document, or a newer one' : 'compile the spec again with this nnspec (`nnspec compile`)';
    return { value: undefined, diagnostics: [problem(TRAINING_CODE.irVersion, message, help)] };
  }
  const parsed = irDocumentSchema.safeParse(json);
  if (parsed.success) {
    // A document not written by the checker may be deeper than TF.js can build (its stack overflows).
    const layers = parsed.data.model.nodes.length;
    if (layers > MAX_MODEL_LAYERS) {
      const count = (n: number): string => n.toLocaleString('en-US');
      return {
        value: undefined,
        diagnostics: [problem(TRAINING_CODE.invalidIr, `model.nodes: ${count(layers)} layers, more than the ${count(MAX_MODEL_LAYERS)} TF.js can build`, `use at most ${count(MAX_MODEL_LAYERS)} layers (NN3015)`)],
      };
    }
    const ruleProblems = parsed.data.training?.earlyStopping ? stoppingRuleProblems(parsed.data.training.earlyStopping) : [];
    if (ruleProblems.length > 0) {
      return { value: undefined, diagnostics: ruleProblems.slice(0, MAX_REPORTED).map((found) => problem(TRAINING_CODE.invalidIr, `${found.path}: ${found.message}`)) };
    }
    return { value: parsed.data, diagnostics: [] };
  }
  const diagnostics = parsed.error.issues.slice(0, MAX_REPORTED).map((issue) => problem(TRAINING_CODE.invalidIr, describeIssue(issue as IssueLike)));
  return { value: undefined, diagnostics };
}
