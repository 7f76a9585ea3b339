/**
 * A small in-memory ONNX graph under construction: nodes in order, constant tensors
 * (initializers) and fresh value names. The layer emitters append to it; {@link OnnxGraph.encode}
 * turns it into an ONNX `ModelProto` with `onnx-proto`. Pure data, browser-safe.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** An attribute value: ONNX's int, float, string, ints, floats or strings (ints are whole numbers). */
export type OnnxAttribute =
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { strings: readonly string[] }
  | { int: number }
  | { float: number }
  | { string: string };

/** One graph node, as the emitters describe it. */
interface NodeRecord {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
  name: string;
}

/** One constant tensor. */
interface InitializerRecord {
  name: string;
  dims: number[];
  type: 'float' | 'int64';
  values: Float32Array | readonly number[];
}

/** What {@link OnnxGraph.encode} needs besides the nodes. */
export interface EncodeOptions {
  /** `producer_version` (nnspec's version). */
  producerVersion: string;
  /** The model's name (the IR model's). */
  graphName: string;
  /** The input value's name and its shape (a string is a symbolic axis, `null` an unnamed one). */
  input: { name: string; shape: readonly (number | string | null)[] };
  /** The output value's name and its shape. */
  output: { name: string; shape: readonly (number | string | null)[] };
  /** The opset of the default domain. */
  opset: number;
  /** ONNX's IR version. */
  irVersion: number;
  /** The model's `metadata_props`. */
  metadata: Readonly<Record<string, string>>;
}

/** A graph under construction; see the module's comment. */
export class OnnxGraph {
  private readonly nodes: NodeRecord[] = [];
  private readonly initializers: InitializerRecord[] = [];
  private readonly used = new Set<string>();

  /** A value name not used before, from `base` (an IR node's name plus what the value is). */
  fresh(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.\-/]/g, '_');
    let name = clean;
    for (let index = 1; this.used.has(name); index++) name = `${clean}_${index}`;
    this.used.add(name);
    return name;
  }

  /** Reserves an exact name (the graph's input and output), which must be free. */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`nnspec onnx: the value name '${name}' is taken`);
    this.used.add(name);
    return name;
  }

  /** Appends a node with one output named from `base` and returns that output's name. */
  op(opType: string, inputs: readonly string[], base: string, attributes: Record<string, OnnxAttribute> = {}): string {
    return this.opMulti(opType, inputs, [base], attributes)[0]!;
  }

  /**
   * Appends a node with several outputs (`''` in `bases` leaves that output out, as ONNX allows
   * for optional outputs) and returns their names.
   */
  opMulti(opType: string, inputs: readonly string[], bases: readonly string[], attributes: Record<string, OnnxAttribute> = {}): string[] {
    const outputs = bases.map((base) => (base === '' ? '' : this.fresh(base)));
    this.nodes.push({ opType, inputs: [...inputs], outputs, attributes, name: this.fresh(`${bases.find((b) => b !== '') ?? opType}_${opType}`) });
    return outputs;
  }

  /** Appends a node that writes an already reserved name (the graph's output). */
  opInto(opType: string, inputs: readonly string[], output: string, attributes: Record<string, OnnxAttribute> = {}): void {
    this.nodes.push({ opType, inputs: [...inputs], outputs: [output], attributes, name: this.fresh(`${output}_${opType}`) });
  }

  /** A float32 constant of shape `dims` (row-major `values`). */
  floats(base: string, dims: readonly number[], values: Float32Array | readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new Error(`nnspec onnx: ${base} has ${values.length} values for shape [${dims.join(', ')}]`);
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [...dims], type: 'float', values: values instanceof Float32Array ? values : Float32Array.from(values) });
    return name;
  }

  /** A float32 scalar constant. */
  scalar(base: string, value: number): string {
    return this.floats(base, [], [value]);
  }

  /** A one-dimensional int64 constant (shapes, axes, indices). */
  int64s(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], type: 'int64', values: [...values] });
    return name;
  }

  /** A scalar int64 constant (a Gather index that drops the axis). */
  int64Scalar(base: string, value: number): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [], type: 'int64', values: [value] });
    return name;
  }

  /** The model as ONNX protobuf bytes. */
  encode(options: EncodeOptions): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: options.irVersion,
      producerName: 'nnspec',
      producerVersion: options.producerVersion,
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: options.opset })],
      metadataProps: Object.entries(options.metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
      graph: onnx.GraphProto.create({
        name: options.graphName,
        node: this.nodes.map((node) =>
          onnx.NodeProto.create({
            name: node.name,
            opType: node.opType,
            input: node.inputs,
            output: node.outputs,
            attribute: Object.entries(node.attributes).map(([name, value]) => attributeProto(name, value)),
          }),
        ),
        initializer: this.initializers.map(tensorProto),
        input: [valueInfo(options.input.name, options.input.shape)],
        output: [valueInfo(options.output.name, options.output.shape)],
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attributeProto(name: string, value: OnnxAttribute): onnxProto.onnx.AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('ints' in value) return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value.ints] });
  if ('floats' in value) return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...value.floats] });
  if ('strings' in value)
    return onnx.AttributeProto.create({ name, type: AttributeType.STRINGS, strings: value.strings.map((text) => new TextEncoder().encode(text)) });
  if ('int' in value) return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value.int });
  if ('float' in value) return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
  return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) });
}

function tensorProto(record: InitializerRecord): onnxProto.onnx.TensorProto {
  const { DataType } = onnx.TensorProto;
  if (record.type === 'int64') {
    return onnx.TensorProto.create({ name: record.name, dims: record.dims, dataType: DataType.INT64, int64Data: [...record.values] });
  }
  // raw_data is little-endian by the format's definition, whatever the host's order.
  const bytes = new Uint8Array(record.values.length * 4);
  const view = new DataView(bytes.buffer);
  record.values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return onnx.TensorProto.create({ name: record.name, dims: record.dims, dataType: DataType.FLOAT, rawData: bytes });
}

function valueInfo(name: string, shape: readonly (number | string | null)[]): onnxProto.onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((size) =>
            typeof size === 'number'
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: size })
              : onnx.TensorShapeProto.Dimension.create(size === null ? {} : { dimParam: size }),
          ),
        }),
      }),
    }),
  });
}
