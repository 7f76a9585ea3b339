/**
 * The shape of the params of every request and notification the server handles, checked before
 * any handler runs: a handler then never meets a missing `textDocument` or a `position.line` of
 * `-1`. Only what the server (or vscode-languageserver under it) reads is checked, as the
 * protocol types it; other members pass, so a newer client's extra fields are no problem.
 */
import { z } from 'zod';

/** LSP's `uinteger`: 0 to 2^31 - 1. */
const UINTEGER_MAX = 2_147_483_647;
const UINTEGER = `must be an integer from 0 to ${UINTEGER_MAX}`;
const uinteger = z.number({ error: UINTEGER }).int({ error: UINTEGER }).min(0, { error: UINTEGER }).max(UINTEGER_MAX, { error: UINTEGER });
const integer = z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' });
const string = z.string({ error: 'must be a string' });
const boolean = z.boolean({ error: 'must be true or false' });
const object = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => z.looseObject(shape, { error: 'must be an object' });
const array = <Item extends z.ZodType>(item: Item) => z.array(item, { error: 'must be an array' });
const id = z.union([integer, string], { error: 'must be an integer or a string' });

const uri = string.min(1, { error: 'must be a URI, not an empty string' });
const position = object({ line: uinteger, character: uinteger });
const range = object({ start: position, end: position }).refine(
  ({ start, end }) => start.line < end.line || (start.line === end.line && start.character <= end.character),
  { error: 'ends before it starts (`end` is before `start`)' },
);
const textDocument = object({ uri });
const atPosition = { textDocument, position };
const saveReason = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'must be 1, 2 or 3 (a TextDocumentSaveReason)' });

/** What the server reads of a diagnostic sent back in `textDocument/codeAction`. */
const diagnostic = object({ range, message: string });

// `{ text }` replaces the whole document, `{ range, text }` a part of it.
const contentChange = object({ range: range.optional(), rangeLength: uinteger.optional(), text: string });

/** nnspec's `data` in a diagnostic it published (see `DiagnosticData` in ../convert.ts), as it may come back. */
export const diagnosticDataSchema = object({ fixes: array(object({ title: string, edits: array(object({ range, newText: string })) })) });

/** Params of requests, by method. */
const REQUESTS: Record<string, z.ZodType> = {
  initialize: object({
    processId: z.union([uinteger, z.null()], { error: `must be null or ${UINTEGER.replace('must be ', '')}` }).optional(),
    capabilities: object({}),
    rootUri: z.union([string, z.null()], { error: 'must be a string or null' }).optional(),
    rootPath: z.union([string, z.null()], { error: 'must be a string or null' }).optional(),
    trace: string.optional(),
    workspaceFolders: z.union([array(object({ uri, name: string })), z.null()], { error: 'must be an array of `{ uri, name }` or null' }).optional(),
  }),
  'textDocument/completion': object(atPosition),
  'textDocument/signatureHelp': object(atPosition),
  'textDocument/hover': object(atPosition),
  'textDocument/definition': object(atPosition),
  'textDocument/references': object({ ...atPosition, context: object({ includeDeclaration: boolean }) }),
  'textDocument/prepareRename': object(atPosition),
  'textDocument/rename': object({ ...atPosition, newName: string }),
  'textDocument/inlayHint': object({ textDocument, range }),
  'textDocument/documentSymbol': object({ textDocument }),
  // `options` (tabSize, insertSpaces...) is not read: there is one style (docs/editor.md), so any value is taken.
  'textDocument/formatting': object({ textDocument }),
  'textDocument/codeAction': object({ textDocument, range, context: object({ diagnostics: array(diagnostic) }) }),
  'textDocument/semanticTokens/full': object({ textDocument }),
  'textDocument/willSaveWaitUntil': object({ textDocument, reason: saveReason }),
};

/** Params of notifications, by method. */
const NOTIFICATIONS: Record<string, z.ZodType> = {
  'textDocument/didOpen': object({ textDocument: object({ uri, languageId: string, version: integer, text: string }) }),
  'textDocument/didChange': object({ textDocument: object({ uri, version: integer }), contentChanges: array(contentChange) }),
  'textDocument/didClose': object({ textDocument }),
  'textDocument/willSave': object({ textDocument, reason: saveReason }),
  'textDocument/didSave': object({ textDocument, text: string.optional() }),
  'workspace/didChangeConfiguration': object({}),
  'workspace/didChangeWorkspaceFolders': object({
    event: object({ added: array(object({ uri, name: string })), removed: array(object({ uri, name: string })) }),
  }),
  '$/cancelRequest': object({ id }),
  '$/setTrace': object({ value: string }),
  'window/workDoneProgress/cancel': object({ token: id }),
};

/** A value as a short quote for a message: JSON, cut at 40 characters. */
export function quote(value: unknown): string {
  const json = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The first problem zod found, as `params.position.line must be ... (got -1)`. */
function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${String(key)}`), 'params');
  if (issue.code === 'invalid_type' && issue.input === undefined) return `\`${field}\` is missing`;
  // A refinement (an inverted range) says what is wrong itself; quoting the whole object adds nothing.
  const got = issue.code === 'custom' ? '' : ` (got ${quote(issue.input)})`;
  return `\`${field}\` ${issue.message}${got}`;
}

function problemOf(schema: z.ZodType | undefined, params: unknown): string | undefined {
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(params, { reportInput: true });
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  return issue === undefined ? undefined : describe(issue);
}

/**
 * What is wrong with the params of a request (`undefined` when they are well formed, or when the
 * method is not one the server checks: the connection answers MethodNotFound for those).
 */
export function requestParamsProblem(method: string, params: unknown): string | undefined {
  return problemOf(REQUESTS[method], params);
}

/** What is wrong with the params of a notification (`undefined` when well formed or not checked). */
export function notificationParamsProblem(method: string, params: unknown): string | undefined {
  return problemOf(NOTIFICATIONS[method], params);
}
