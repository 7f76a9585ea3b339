/**
 * Converts a diagnostic-code file written the old way (an `X_CODE = { name: 'NNxxxx', ... } as const`
 * map plus an `X_CODES: readonly DiagnosticCodeInfo[] = [ ... ]` list repeating every number) into one
 * `defineCodes` declaration (see src/diagnostics/codes/define-codes.ts), in place:
 *
 *   npx tsx scripts/convert-code-family.ts src/diagnostics/codes/graph-codes.ts graph 3100 3199
 *
 * It puts each entry's name in front of it, deletes the map, and exports `X_FAMILY`, `X_CODE` and
 * `X_CODES` derived from the declaration, so no call site changes. The entries' text is kept as it
 * is. Then add `X_FAMILY` to `CODE_FAMILIES` in src/diagnostics/codes/index.ts, run
 * `npm run generate` (docs/errors must not change) and the tests in tests/diagnostics/.
 * It stops, changing nothing, when the file does not have that shape. A helper that builds entries
 * (`function unknownName(code: string, ...): DiagnosticCodeInfo`) must then be typed
 * `<C extends CodeNumber>(code: C, ...): CodeEntry<C>` so the map keeps each code's literal;
 * tsc points at it otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The converted text of an old-style code file, given its name map (code to name) as loaded. */
export function convertCodeFamily(text: string, range: { family: string; first: number; last: number }, names: ReadonlyMap<string, string>): string {
  const map = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n)?export const (\w+)_CODE = \{\n[\s\S]*?\n\} as const;\n\n?/.exec(text);
  if (!map) throw new Error('no `export const X_CODE = { ... } as const;` name map');
  const prefix = map[2]!;
  let out = text.slice(0, map.index) + text.slice(map.index + map[0].length);
  const list = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n)?export const ${prefix}_CODES: readonly DiagnosticCodeInfo\\[\\] = \\[\\n`).exec(out);
  if (!list) throw new Error(`no \`export const ${prefix}_CODES: readonly DiagnosticCodeInfo[] = [\` list`);
  const start = list.index + list[0].length;
  const end = out.lastIndexOf('\n];');
  if (end < start) throw new Error(`the ${prefix}_CODES list does not end with \`];\` on a line of its own`);
  let body = out.slice(start, end + 1).replace(/^ {2}\},\s*\{$/gm, '  },\n  {');
  const named = new Set<string>();
  const nameOf = (code: string): string => {
    const name = names.get(code);
    if (name === undefined) throw new Error(`${code} has an explanation but no name in ${prefix}_CODE`);
    named.add(code);
    return name;
  };
  // An entry is an object literal or a helper call at two spaces, its code first.
  body = body.replace(/^ {2}\{\n {4}code: '(NN\d{4})',/gm, (_all, code: string) => `  ${nameOf(code)}: {\n    code: '${code}',`);
  body = body.replace(/^ {2}(\w+)\((\s*)'(NN\d{4})'/gm, (_all, helper: string, space: string, code: string) => `  ${nameOf(code)}: ${helper}(${space}'${code}'`);
  const missing = [...names.keys()].filter((code) => !named.has(code));
  if (missing.length > 0) throw new Error(`no entry found for ${missing.join(', ')} (convert those by hand)`);
  const family = `${prefix}_FAMILY`;
  let head = out.slice(0, list.index);
  let tail = out.slice(end + 4);
  // A `type XCode = (typeof X_CODE)[...]` must follow the map it reads, which now comes last.
  const typePattern = new RegExp(`\\n*(/\\*\\*[^\\n]*\\*/\\n)?export type \\w+ = \\(typeof ${prefix}_CODE\\)[^\\n]*\\n`);
  const type = typePattern.exec(head) ?? typePattern.exec(tail);
  if (type) {
    head = head.replace(type[0], '\n\n');
    tail = tail.replace(type[0], '\n');
  }
  out =
    head.replace(/\n{3,}/g, '\n\n') +
    (list[1] ?? '') +
    `export const ${family} = defineCodes({ family: '${range.family}', first: ${range.first}, last: ${range.last} }, {\n` +
    body +
    '});\n' +
    tail.trimEnd();
  out = out.trimEnd() + `\n\n${map[1] ?? ''}export const ${prefix}_CODE = ${family}.codes;\n`;
  if (type) out += `\n${type[0].replace(/^\n+/, '')}`;
  out += `\n/** Every ${range.family} code's info, for docs/errors and \`nnspec explain\`. */\nexport const ${prefix}_CODES: readonly DiagnosticCodeInfo[] = ${family}.infos;\n`;
  const anchor = "import type { DiagnosticCodeInfo } from './code-info.js';\n";
  if (!out.includes(anchor)) throw new Error(`no \`${anchor.trim()}\` import`);
  return out.replace(anchor, `${anchor}import { defineCodes } from './define-codes.js';\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, familyName, first, last] = process.argv.slice(2);
  if (!file || !familyName || !first || !last) {
    console.error('usage: npx tsx scripts/convert-code-family.ts FILE FAMILY FIRST LAST   (e.g. ... graph-codes.ts graph 3100 3199)');
    process.exit(2);
  }
  const module = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  const mapName = Object.keys(module).find((name) => name.endsWith('_CODE'));
  if (!mapName) throw new Error(`${file} exports no X_CODE name map`);
  const names = new Map(Object.entries(module[mapName] as Record<string, string>).map(([name, code]) => [code, name]));
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, convertCodeFamily(text, { family: familyName, first: Number(first), last: Number(last) }, names));
  console.log(`converted ${file}: ${names.size} codes. Add ${mapName.replace(/_CODE$/, '_FAMILY')} to CODE_FAMILIES in src/diagnostics/codes/index.ts, then npm run generate.`);
}
