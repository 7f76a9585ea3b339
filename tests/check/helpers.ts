import { check } from '../../src/check/check.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseClean } from './parse-clean.js';

/** Checks a spec text (parsed by the test parser). */
export function checkText(text: string) {
  return check(parseClean(text));
}

/** `code line:column-line:column message` for compact exact assertions. */
export function brief(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${diagnostic.code} ${start.line}:${start.column}-${end.line}:${end.column} ${diagnostic.message}`;
}

/** Every diagnostic of a spec, briefly. */
export function diagnosticsOf(text: string): string[] {
  return checkText(text).diagnostics.map(brief);
}

/** A data + train pair around a model body, so model tests are quiet about unused declarations. */
export function withTraining(modelBody: string, options: { source?: string; loss?: string; extra?: string } = {}): string {
  return `data d {
  source: ${options.source ?? 'builtin.iris'}
  split: { train: 0.8, validation: 0.2 }
}
model m {
${modelBody}
}
train m on d {
  loss: ${options.loss ?? 'categorical_crossentropy'}
  optimizer: adam
  epochs: 5${options.extra ? `\n${options.extra}` : ''}
}
`;
}
