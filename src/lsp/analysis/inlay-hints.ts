/** Inlay hints: the output shape after every layer, the parameter count after a model's name. */
import type { Position } from '../../diagnostics/diagnostic.js';
import { formatCount } from '../../check/index.js';
import type { Shape } from '../../check/index.js';
import { shapeText } from './hover-graph.js';
import type { DocumentAnalysis } from './document.js';

/** One hint: text shown at a position. */
export interface InlayHintInfo {
  position: Position;
  label: string;
  kind: 'type' | 'parameter';
}

/** Hints for the whole document, or only those whose position lies in [start, end]. */
export function inlayHints(analysis: DocumentAnalysis, start = 0, end = Number.POSITIVE_INFINITY): InlayHintInfo[] {
  const hints: InlayHintInfo[] = [];
  const inside = (position: Position): boolean => position.offset >= start && position.offset <= end;
  for (const model of analysis.program.models) {
    const total = model.trainableParams + model.nonTrainableParams;
    if (model.complete && inside(model.nameRange.end)) hints.push({ position: model.nameRange.end, label: `: ${formatCount(total)} params`, kind: 'type' });
    // A layer inside `repeat` appears once per unrolled copy: one hint per call site, with every distinct shape.
    const byCall = new Map<number, Shape[]>();
    const endOf = new Map<number, Position>();
    for (const layer of model.layers) {
      // Outside the range asked for (an editor's view of a long spec): skipped before any work.
      if (layer.type === 'input' || !layer.outputShape || !inside(layer.range.end)) continue;
      const key = layer.range.start.offset;
      byCall.set(key, [...(byCall.get(key) ?? []), layer.outputShape]);
      endOf.set(key, layer.range.end);
    }
    for (const [key, shapes] of byCall) {
      const position = endOf.get(key)!;
      const distinct = [...new Set(shapes.map(shapeText))];
      hints.push({ position, label: ` -> ${distinct.join(' / ')}`, kind: 'type' });
    }
  }
  return hints.sort((a, b) => a.position.offset - b.position.offset);
}
