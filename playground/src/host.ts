/**
 * What the page's two areas share. The editor area owns the spec text (the single source of
 * truth: sliders and examples edit it, training reads it) and the run seed; the training area
 * only reads them, through this interface.
 */
export interface SpecHost {
  /** The spec text now: the editor's document. */
  getText(): string;
  /** Replaces the text between two offsets, as one undoable edit (a slider moving a number). */
  replace(from: number, to: number, insert: string): void;
  /** Calls `listener` with the new text after every change. Returns the function that unsubscribes. */
  onChange(listener: (text: string) => void): () => void;
  /**
   * The run seed in the page's seed field (kept in the URL): it overrides the spec's `seed:`, as
   * `nnspec train --seed` does. Undefined while the field is empty: the spec's own seed applies.
   */
  getSeed(): number | undefined;
}
