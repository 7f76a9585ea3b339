/**
 * Whether a bundle holds the model a spec declares, for `export --to pytorch --weights BUNDLE`:
 * the same nodes (names, types, every parameter, inputs, shapes). Browser-safe.
 */
import type { IrModel, IrNode, IrValue } from '../ir/schema.js';

function describeValue(value: IrValue | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function nodeDifference(bundle: IrNode, spec: IrNode): string | null {
  if (bundle.type !== spec.type) return `\`${bundle.name}\` is a \`${bundle.type}\` layer; the spec's is a \`${spec.type}\``;
  for (const name of new Set([...Object.keys(bundle.params), ...Object.keys(spec.params)])) {
    const a = bundle.params[name];
    const b = spec.params[name];
    if (JSON.stringify(a) !== JSON.stringify(b)) return `\`${bundle.name}\` has \`${name}\` ${describeValue(a)}; the spec's has ${describeValue(b)}`;
  }
  if (JSON.stringify(bundle.inputs) !== JSON.stringify(spec.inputs)) {
    return `\`${bundle.name}\` reads ${bundle.inputs.join(', ') || 'nothing'}; the spec's reads ${spec.inputs.join(', ') || 'nothing'}`;
  }
  if (JSON.stringify(bundle.outputShape) !== JSON.stringify(spec.outputShape)) {
    return `\`${bundle.name}\` gives [${bundle.outputShape.join(', ')}]; the spec's gives [${spec.outputShape.join(', ')}]`;
  }
  return null;
}

/** The first difference between the bundle's model and the spec's, as a phrase, or `null` when they are the same model. */
export function modelDifference(bundle: IrModel, spec: IrModel): string | null {
  if (bundle.name !== spec.name) return `holds model \`${bundle.name}\`, the spec trains \`${spec.name}\``;
  const specNodes = new Map(spec.nodes.map((node) => [node.name, node]));
  for (const node of bundle.nodes) {
    const other = specNodes.get(node.name);
    if (other === undefined) return `has a layer \`${node.name}\` that the spec's model \`${spec.name}\` lacks`;
    const difference = nodeDifference(node, other);
    if (difference !== null) return `holds model \`${bundle.name}\`, whose ${difference}`;
  }
  const bundleNames = new Set(bundle.nodes.map((node) => node.name));
  const extra = spec.nodes.find((node) => !bundleNames.has(node.name));
  if (extra !== undefined) return `lacks the layer \`${extra.name}\` of the spec's model \`${spec.name}\``;
  if (bundle.output !== spec.output) return `outputs \`${bundle.output}\`; the spec's model outputs \`${spec.output}\``;
  return null;
}
