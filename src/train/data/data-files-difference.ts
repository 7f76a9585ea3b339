/**
 * Whether the data files read now are the ones recorded earlier (a study's manifest, a bundle's):
 * the same files, by data block and path, with the same size and SHA-256. Browser-safe.
 */
import type { DataFileFact } from '../../report/report-schema.js';

/**
 * The first difference between the files recorded `when` (e.g. "when the study began") and the
 * files read now, in words; undefined when they agree.
 */
export function dataFilesDifference(before: readonly DataFileFact[], now: readonly DataFileFact[], when: string): string | undefined {
  const key = (file: DataFileFact) => `${file.data}\u0000${file.path}`;
  const old = new Map(before.map((file) => [key(file), file]));
  for (const file of now) {
    const previous = old.get(key(file));
    if (!previous) return `\`${file.path}\` (data \`${file.data}\`) was not read ${when}`;
    if (previous.sha256 !== file.sha256 || previous.bytes !== file.bytes)
      return `\`${file.path}\` (data \`${file.data}\`) changed: ${previous.bytes} bytes, SHA-256 ${previous.sha256.slice(0, 12)}... then; ${file.bytes} bytes, SHA-256 ${file.sha256.slice(0, 12)}... now`;
    old.delete(key(file));
  }
  const gone = [...old.values()][0];
  return gone ? `\`${gone.path}\` (data \`${gone.data}\`) was read ${when} and is not now` : undefined;
}
