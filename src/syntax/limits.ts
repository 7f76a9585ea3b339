/**
 * Brackets deeper than this are an error (NN1012): chevrotain's recursive descent overflows the
 * default stack at about 150 levels, and no spec needs more than a handful. The fast path gives
 * up at the same depth, so the recovering parser reports it.
 */
export const MAX_NESTING = 64;
