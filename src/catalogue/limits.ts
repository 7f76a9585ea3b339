/**
 * Limits of the target engine that the checker enforces and the IR validator repeats for IR
 * documents written by hand. They live here, beside the catalogue, so that `check/` and `ir/`
 * read one constant and neither imports the other.
 */

/**
 * The most layers a model may have after unrolling, `input` included. TF.js builds a model's graph
 * with one nested call per layer (`Container`'s `buildMapOfGraph`), which overflows Node's
 * default stack at about 4,400 layers in both `nnspec compile` and `nnspec train` (measured by
 * bisection with Node 20); the limit keeps a third of that in reserve for other engines and
 * deeper callers. docs/language.md states it.
 */
export const MAX_MODEL_LAYERS = 3_000;
