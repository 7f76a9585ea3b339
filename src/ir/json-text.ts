/**
 * IR as JSON text without the data blocks' `sourceSpan` (where the block is written in the spec,
 * which moves with an edit above it): the form a report records and a study hashes and compares.
 */
export function irJsonWithoutSourceSpan(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => (key === 'sourceSpan' ? undefined : inner));
}
