/** A count and its noun, singular for exactly one: `1 epoch`, `3 epochs`, `2 classes`. */
export function countNoun(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
