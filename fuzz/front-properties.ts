/**
 * Runs one front-end input through parse, check, lower and format (the public API of
 * src/index.ts) and checks the properties: no exception, ranges inside the document, format
 * idempotent and meaning-preserving, a program check accepts lowers without error, terminal
 * output free of raw control characters. Returns the first failure, or undefined.
 */
import { check, format, hasErrors, lower, parse, type Diagnostic } from '../src/index.js';
import type { FrontInput } from './front-generators.js';
import { checkRanges, checkRendering, thrown, type PropertyFailure } from './properties.js';

/** Runs `run`, turning an exception into a failure of `stage`. */
function guarded<T>(stage: string, run: () => T): { value: T } | { failure: PropertyFailure } {
  try {
    return { value: run() };
  } catch (error) {
    return { failure: thrown(stage, error) };
  }
}

/** What parse, check and lower make of a text. */
interface Compiled {
  parsed: Diagnostic[];
  checked: ReturnType<typeof check>;
  lowered: ReturnType<typeof lower>;
}

function compile(text: string): { value: Compiled } | { failure: PropertyFailure } {
  const parsed = guarded('parse', () => parse(text));
  if ('failure' in parsed) return parsed;
  const checked = guarded('check', () => check(parsed.value.value));
  if ('failure' in checked) return checked;
  const lowered = guarded('lower', () => lower(checked.value.value));
  if ('failure' in lowered) return lowered;
  return { value: { parsed: parsed.value.diagnostics, checked: checked.value, lowered: lowered.value } };
}

/** Drops what depends on where things are written: ranges, spans and source offsets. */
export function withoutPlaces(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPlaces);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (/(range|ranges|span|spans)$/i.test(key)) continue;
    if (key === 'source' && item !== null && typeof item === 'object' && 'start' in item && typeof (item as { start: unknown }).start === 'number') continue;
    out[key] = withoutPlaces(item);
  }
  return out;
}

/** The diagnostics without their places, as comparable text. */
function diagnosticKeys(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.message}`).sort();
}

function firstDifference(a: string, b: string): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return `differ at ${at}: ${JSON.stringify(a.slice(Math.max(0, at - 60), at + 60))} vs ${JSON.stringify(b.slice(Math.max(0, at - 60), at + 60))}`;
}

/** Checks every front-end property of one input; the first failure found, or undefined. */
export function checkFrontInput(input: FrontInput): PropertyFailure | undefined {
  const { text } = input;
  const compiled = compile(text);
  if ('failure' in compiled) return compiled.failure;
  const { parsed, checked, lowered } = compiled.value;

  for (const [stage, diagnostics] of [
    ['parse', parsed],
    ['check', checked.diagnostics],
    ['lower', lowered.diagnostics],
  ] as const) {
    const failure = checkRanges(stage, diagnostics, text);
    if (failure !== undefined) return failure;
  }
  const all = [...parsed, ...checked.diagnostics, ...lowered.diagnostics];
  if (!hasErrors(parsed) && !hasErrors(checked.diagnostics) && hasErrors(lowered.diagnostics)) {
    const first = lowered.diagnostics.find((diagnostic) => diagnostic.severity === 'error')!;
    return { property: 'lower-accepts-checked', stage: 'lower', message: `check found no error, lower reports ${first.code}: ${first.message.slice(0, 300)}` };
  }
  const rendering = checkRendering(all, text);
  if (rendering !== undefined) return rendering;

  const options = input.formatOptions ?? {};
  const once = guarded('format', () => format(text, options));
  if ('failure' in once) return once.failure;
  const formatRanges = checkRanges('format', once.value.diagnostics, text);
  if (formatRanges !== undefined) return formatRanges;
  if (hasErrors(once.value.diagnostics) || once.value.value === text) return undefined;

  const formatted = once.value.value;
  const twice = guarded('format', () => format(formatted, options));
  if ('failure' in twice) return twice.failure;
  if (twice.value.value !== formatted || hasErrors(twice.value.diagnostics)) {
    return {
      property: 'format-idempotent',
      stage: 'format',
      message: hasErrors(twice.value.diagnostics)
        ? `formatted text has errors: ${twice.value.diagnostics[0]!.code} ${twice.value.diagnostics[0]!.message}`
        : firstDifference(formatted, twice.value.value),
    };
  }
  const after = compile(formatted);
  if ('failure' in after) return { ...after.failure, message: `on the formatted text: ${after.failure.message}` };
  const pairs: [string, unknown, unknown][] = [
    [
      'check',
      { program: withoutPlaces(checked.value), diagnostics: diagnosticKeys(checked.diagnostics) },
      { program: withoutPlaces(after.value.checked.value), diagnostics: diagnosticKeys(after.value.checked.diagnostics) },
    ],
    [
      'lower',
      { ir: withoutPlaces(lowered.value), diagnostics: diagnosticKeys(lowered.diagnostics) },
      { ir: withoutPlaces(after.value.lowered.value), diagnostics: diagnosticKeys(after.value.lowered.diagnostics) },
    ],
  ];
  for (const [stage, before, afterFormat] of pairs) {
    const a = JSON.stringify(before);
    const b = JSON.stringify(afterFormat);
    if (a !== b) return { property: 'format-preserves', stage, message: firstDifference(a, b) };
  }
  return undefined;
}
