/**
 * Hover text for the innermost thing under the cursor: a model's or data set's summary; a param
 * or study (./hover-study.ts); a catalogue name, option key or parameter (./hover-catalogue.ts);
 * else the layer around it, with its doc, shapes and parameter count.
 */
import type { Range } from '../../diagnostics/diagnostic.js';
import type { ModelItem, RepeatNode } from '../../syntax/ast.js';
import { defaultCatalogueView } from '../../catalogue/catalogue.js';
import { formatCount, formatShape, renderSummary, summarizeModel } from '../../check/index.js';
import type { DocumentAnalysis } from './document.js';
import { asGraphSymbol, symbolAt } from './document.js';
import { graphHover, mergeInputsText } from './hover-graph.js';
import { signature } from './signature.js';
import { catalogueHoverAt } from './hover-catalogue.js';
import { paramHover, studyHover } from './hover-study.js';

/** Markdown for the hover at `offset`, with the span it describes. */
export interface HoverInfo {
  markdown: string;
  range: Range;
}

function within(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** The `repeat` block whose keyword covers `offset`, searching nested blocks too. */
function repeatAt(items: readonly ModelItem[], offset: number): RepeatNode | undefined {
  for (const item of items) {
    if (item.kind !== 'repeat' || !within(item.range, offset)) continue;
    return within(item.keywordRange, offset) ? item : repeatAt(item.body, offset);
  }
  return undefined;
}

/** What to show when hovering at `offset`, if anything. */
export function hoverAt(analysis: DocumentAnalysis, offset: number): HoverInfo | undefined {
  const catalogue = defaultCatalogueView();
  const named = symbolAt(analysis, offset);
  if (named) {
    const { symbol, identifier } = named;
    const graphSymbol = asGraphSymbol(symbol);
    if (graphSymbol) return { markdown: graphHover(analysis, graphSymbol, identifier), range: identifier.range };
    if (symbol.kind === 'param') return { markdown: paramHover(analysis, symbol, catalogue), range: identifier.range };
    if (symbol.kind === 'study') return { markdown: studyHover(analysis, symbol, catalogue), range: identifier.range };
    if (symbol.kind === 'model') {
      const model = analysis.program.models.find((candidate) => candidate.name === symbol.name);
      if (!model) return { markdown: `model \`${symbol.name}\` (not declared)`, range: identifier.range };
      const train = analysis.program.trains.find((candidate) => candidate.model === model.name);
      const data = train ? analysis.program.data.find((candidate) => candidate.name === train.data) : undefined;
      return {
        markdown: `**model ${model.name}**\n\n\`\`\`\n${renderSummary(summarizeModel(model, data ?? null), { ascii: true })}\n\`\`\``,
        range: identifier.range,
      };
    }
    const data = analysis.program.data.find((candidate) => candidate.name === symbol.name);
    if (!data) return { markdown: `data \`${symbol.name}\` (not declared)`, range: identifier.range };
    const facts = [
      `source: \`${data.source.type}\``,
      data.featureShape ? `features: ${formatShape(data.featureShape)}` : 'features: known once the file is read',
      data.task === 'regression' ? 'task: regression' : data.classes !== null ? `classes: ${data.classes}` : undefined,
      `split: train ${data.split.train}, validation ${data.split.validation}, test ${data.split.test}`,
      data.limit !== null ? `limit: ${data.limit} training examples` : undefined,
    ].filter(Boolean);
    return { markdown: `**data ${data.name}**\n\n${facts.map((fact) => `- ${fact}`).join('\n')}`, range: identifier.range };
  }
  const described = catalogueHoverAt(analysis.tokens(), offset, catalogue);
  if (described) return described;
  const repeat = repeatAt(
    analysis.spec.declarations.flatMap((declaration) => (declaration.kind === 'model' ? declaration.items : [])),
    offset,
  );
  if (repeat) {
    const times = repeat.count ? `${repeat.count.value} times` : 'N times';
    return {
      markdown: `**repeat** ${repeat.count?.raw ?? 'N'} { layers }\n\nthe layers inside, ${times} over; the checker unrolls them, so every copy is a layer with its own weights and shape`,
      range: repeat.keywordRange,
    };
  }
  for (const model of analysis.program.models) {
    const layers = model.layers.filter((layer) => within(layer.range, offset));
    const layer = layers[0];
    if (!layer) continue;
    const entry = catalogue.layer(layer.type);
    const params = layer.trainableParams + layer.nonTrainableParams;
    const lines = [
      `**${layer.type}** \`${layer.name}\`${layers.length > 1 ? ` (repeated ${layers.length}x)` : ''}`,
      entry?.doc ?? '',
      '',
      `input ${formatShape(layer.inputShape ?? null)} -> output ${formatShape(layer.outputShape ?? null)}`,
      ...(mergeInputsText(model, layer) ? [mergeInputsText(model, layer)!] : []),
      `${formatCount(params)} parameters${layer.nonTrainableParams > 0 ? ` (${formatCount(layer.nonTrainableParams)} non-trainable)` : ''}`,
      entry ? `\n\`${signature(entry)}\`` : '',
    ];
    return { markdown: lines.join('\n').trim(), range: layer.range };
  }
  return undefined;
}
