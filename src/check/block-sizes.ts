/**
 * The size of each block use once expanded, so that measuring a model (src/check/unroll.ts)
 * counts blocks as it counts repeats, before anything is expanded.
 */
import type { CheckContext } from './context.js';
import type { BlockTable } from './blocks.js';
import { measure, type Size, type UseSize } from './unroll.js';

/** A {@link UseSize} for `blocks`: each block's body measured once (a recursive one counts as one step). */
export function blockSizes(ctx: CheckContext, blocks: BlockTable): UseSize {
  const sizes = new Map<string, Size>();
  const useSize: UseSize = (node) => {
    const block = blocks.get(node.name.name);
    if (!block) return undefined;
    const known = sizes.get(block.name);
    if (known) return known;
    // Set before measuring, so a cycle the recursion check missed still ends.
    sizes.set(block.name, { layers: 0, work: 1 });
    if (block.recursive) return sizes.get(block.name);
    const size = measure(ctx, block.declaration.items, 0, {}, useSize);
    sizes.set(block.name, size);
    return size;
  };
  return useSize;
}
