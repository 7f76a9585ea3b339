/**
 * Builds the typed AST (./ast.ts) from the CST. After error recovery a CST node may miss
 * children or contain tokens inserted by the parser (`isInsertedInRecovery`); those become
 * `undefined` fields, never invented names or values.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Range } from '../diagnostics/diagnostic.js';
import type { SourceText } from '../diagnostics/source-text.js';
import type {
  Argument,
  CallValue,
  DataDeclaration,
  Declaration,
  Identifier,
  LayerNode,
  ModelDeclaration,
  ModelItem,
  BlockDeclaration,
  BlockParam,
  FromNode,
  NameValue,
  NumberValue,
  ParamDeclaration,
  Property,
  RepeatNode,
  StudyDeclaration,
  TrainDeclaration,
  Value,
} from './ast.js';
import { decodeString } from './strings.js';

/** Reports a problem found while building (invalid escapes, missing commas, numbers too large to represent). */
export type AstProblem = (kind: 'bad-escape' | 'missing-comma' | 'number-out-of-range', range: Range, detail: string) => void;

function isToken(element: CstElement | undefined): element is IToken {
  return element !== undefined && 'image' in element;
}

function realToken(element: CstElement | undefined): IToken | undefined {
  return isToken(element) && !element.isInsertedInRecovery && Number.isFinite(element.startOffset) ? element : undefined;
}

/** Converts one CST into the AST, with every range mapped through `source`. */
export class AstBuilder {
  /** How many number literals were out of range so far: a list holding one is left unread. */
  private outOfRange = 0;

  constructor(
    private readonly source: SourceText,
    private readonly report: AstProblem,
  ) {}

  private tokenRange(token: IToken): Range {
    return this.source.rangeOf(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  /** The span of a node: from its first to its last real token. */
  private nodeRange(node: CstNode): Range {
    const location = node.location;
    // Chevrotain tracks node spans; after recovery they can be NaN or include inserted tokens.
    if (location && Number.isFinite(location.startOffset) && Number.isFinite(location.endOffset) && !node.recoveredNode) {
      return this.source.rangeOf(location.startOffset, (location.endOffset as number) + 1);
    }
    const tokens = this.tokensOf(node);
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (!first || !last) {
      const offset = node.location?.startOffset;
      const at = Number.isFinite(offset) ? (offset as number) : 0;
      return this.source.rangeOf(at, at);
    }
    return this.source.rangeOf(first.startOffset, (last.endOffset ?? last.startOffset) + 1);
  }

  private tokensOf(node: CstNode): IToken[] {
    const out: IToken[] = [];
    const walk = (current: CstNode): void => {
      for (const children of Object.values(current.children)) {
        for (const child of children) {
          if (isToken(child)) {
            if (realToken(child)) out.push(child);
          } else walk(child);
        }
      }
    };
    walk(node);
    return out.sort((a, b) => a.startOffset - b.startOffset);
  }

  private child(node: CstNode, name: string): CstNode | undefined {
    const found = node.children[name]?.[0];
    return found && !isToken(found) ? found : undefined;
  }

  private children(node: CstNode, name: string): CstNode[] {
    return (node.children[name] ?? []).filter((child): child is CstNode => !isToken(child));
  }

  private token(node: CstNode, name: string, index = 0): IToken | undefined {
    return realToken(node.children[name]?.[index]);
  }

  private identifier(token: IToken | undefined): Identifier | undefined {
    return token ? { kind: 'identifier', name: token.image, range: this.tokenRange(token) } : undefined;
  }

  /** The declarations of a `specFile` node. */
  declarations(root: CstNode): Declaration[] {
    const out: Declaration[] = [];
    for (const declaration of this.children(root, 'declaration')) {
      const data = this.child(declaration, 'dataDeclaration');
      const model = this.child(declaration, 'modelDeclaration');
      const block = this.child(declaration, 'blockDeclaration');
      const train = this.child(declaration, 'trainDeclaration');
      const param = this.child(declaration, 'paramDeclaration');
      const study = this.child(declaration, 'studyDeclaration');
      if (data) out.push(this.dataDeclaration(data));
      else if (model) out.push(this.modelDeclaration(model));
      else if (block) out.push(this.blockDeclaration(block));
      else if (train) out.push(this.trainDeclaration(train));
      else if (param) out.push(this.paramDeclaration(param));
      else if (study) out.push(this.studyDeclaration(study));
    }
    return out;
  }

  private keywordRange(node: CstNode, keyword: string): Range {
    const token = this.token(node, keyword);
    return token ? this.tokenRange(token) : this.nodeRange(node);
  }

  private dataDeclaration(node: CstNode): DataDeclaration {
    const block = this.child(node, 'propertyBlock');
    return {
      kind: 'data',
      name: this.identifier(this.token(node, 'name')),
      properties: block ? this.properties(block) : [],
      keywordRange: this.keywordRange(node, 'Data'),
      range: this.nodeRange(node),
    };
  }

  private modelDeclaration(node: CstNode): ModelDeclaration {
    const body = this.child(node, 'modelBody');
    return {
      kind: 'model',
      name: this.identifier(this.token(node, 'name')),
      items: body ? this.modelItems(body) : [],
      keywordRange: this.keywordRange(node, 'Model'),
      range: this.nodeRange(node),
    };
  }

  private blockDeclaration(node: CstNode): BlockDeclaration {
    const body = this.child(node, 'modelBody');
    const paramList = this.child(node, 'blockParams');
    const params: BlockParam[] = [];
    for (const paramNode of paramList ? this.children(paramList, 'blockParam') : []) {
      const name = this.identifier(this.token(paramNode, 'name'));
      if (!name) continue;
      const valueNode = this.child(paramNode, 'value');
      const param: BlockParam = { kind: 'block-param', name, range: this.nodeRange(paramNode) };
      const value = valueNode ? this.value(valueNode) : undefined;
      if (value) param.default = value;
      params.push(param);
    }
    const name = this.identifier(this.token(node, 'name'));
    const keywordRange = this.keywordRange(node, 'Block');
    const after = name?.range.end ?? keywordRange.end;
    return {
      kind: 'block',
      name,
      params,
      paramsRange: paramList ? this.nodeRange(paramList) : { start: after, end: after },
      items: body ? this.modelItems(body) : [],
      keywordRange,
      range: this.nodeRange(node),
    };
  }

  private trainDeclaration(node: CstNode): TrainDeclaration {
    const block = this.child(node, 'propertyBlock');
    return {
      kind: 'train',
      model: this.identifier(this.token(node, 'model')),
      data: this.identifier(this.token(node, 'data')),
      properties: block ? this.properties(block) : [],
      keywordRange: this.keywordRange(node, 'Train'),
      range: this.nodeRange(node),
    };
  }

  private paramDeclaration(node: CstNode): ParamDeclaration {
    const valueNode = this.child(node, 'value');
    return {
      kind: 'param',
      name: this.identifier(this.token(node, 'name')),
      value: valueNode ? this.value(valueNode) : undefined,
      keywordRange: this.keywordRange(node, 'Param'),
      range: this.nodeRange(node),
    };
  }

  private studyDeclaration(node: CstNode): StudyDeclaration {
    const block = this.child(node, 'propertyBlock');
    return {
      kind: 'study',
      name: this.identifier(this.token(node, 'name')),
      properties: block ? this.properties(block) : [],
      keywordRange: this.keywordRange(node, 'Study'),
      range: this.nodeRange(node),
    };
  }

  private modelItems(body: CstNode): ModelItem[] {
    const items: ModelItem[] = [];
    for (const item of this.children(body, 'modelItem')) {
      const repeat = this.child(item, 'repeatBlock');
      const layer = this.child(item, 'layer');
      const from = this.child(item, 'fromItem');
      if (repeat) items.push(this.repeat(repeat));
      else if (from) items.push(this.fromItem(from));
      else if (layer) {
        const built = this.layer(layer);
        if (built) items.push(built);
      }
    }
    return items;
  }

  private repeat(node: CstNode): RepeatNode {
    const countToken = this.token(node, 'count');
    const body = this.child(node, 'modelBody');
    return {
      kind: 'repeat',
      count: countToken ? this.number(countToken) : undefined,
      body: body ? this.modelItems(body) : [],
      keywordRange: this.keywordRange(node, 'Repeat'),
      range: this.nodeRange(node),
    };
  }

  private fromItem(node: CstNode): FromNode {
    const source = this.identifier(this.token(node, 'source'));
    const item: FromNode = { kind: 'from', keywordRange: this.keywordRange(node, 'From'), range: this.nodeRange(node) };
    if (source) item.source = source;
    return item;
  }

  private layer(node: CstNode): LayerNode | undefined {
    const name = this.identifier(this.token(node, 'name'));
    if (!name) return undefined;
    const list = this.child(node, 'argumentList');
    const layer: LayerNode = {
      kind: 'layer',
      name,
      args: list ? this.arguments(list) : [],
      argsRange: list ? this.nodeRange(list) : this.source.rangeOf(name.range.end.offset, name.range.end.offset),
      range: this.nodeRange(node),
    };
    const binding = this.identifier(this.token(node, 'binding'));
    if (binding) layer.binding = binding;
    return layer;
  }

  private properties(block: CstNode): Property[] {
    const properties: Property[] = [];
    for (const node of this.children(block, 'property')) {
      const key = this.identifier(this.token(node, 'key'));
      if (!key) continue;
      const valueNode = this.child(node, 'value');
      properties.push({ kind: 'property', key, value: valueNode ? this.value(valueNode) : undefined, range: this.nodeRange(node) });
    }
    this.requireCommasOnOneLine(block, 'property', 'entries');
    return properties;
  }

  private arguments(list: CstNode): Argument[] {
    const args: Argument[] = [];
    for (const node of this.children(list, 'argument')) {
      const valueNode = this.child(node, 'value');
      args.push({
        kind: 'argument',
        name: this.identifier(this.token(node, 'key')),
        value: valueNode ? this.value(valueNode) : undefined,
        range: this.nodeRange(node),
      });
    }
    return args;
  }

  /**
   * Commas between properties are optional across line breaks only: two on one line need one.
   * The grammar accepts both, so the rule is enforced here, with the gap as the range.
   */
  private requireCommasOnOneLine(container: CstNode, itemName: string, what: string): void {
    const items = this.children(container, itemName);
    const commas = (container.children.Comma ?? []).filter(isToken).map((comma) => comma.startOffset);
    for (let index = 1; index < items.length; index++) {
      const previous = this.nodeRange(items[index - 1]!);
      const next = this.nodeRange(items[index]!);
      if (previous.end.offset >= next.start.offset) continue;
      const hasComma = commas.some((offset) => offset >= previous.end.offset && offset < next.start.offset);
      if (!hasComma && previous.end.line === next.start.line) {
        this.report('missing-comma', this.source.rangeOf(previous.end.offset, previous.end.offset), what);
      }
    }
  }

  /**
   * A number literal, or `undefined` (reported) when it is too large to be a finite double
   * (`1e309`): Infinity would pass range checks meant for real numbers and fail only in TF.js.
   */
  private number(token: IToken): NumberValue | undefined {
    const value = Number(token.image);
    if (!Number.isFinite(value)) {
      this.outOfRange += 1;
      this.report('number-out-of-range', this.tokenRange(token), token.image);
      return undefined;
    }
    return { kind: 'number', value, raw: token.image, range: this.tokenRange(token) };
  }

  /** A `value` node (which always has exactly one alternative filled in). */
  value(node: CstNode): Value | undefined {
    const numberToken = this.token(node, 'NumberLiteral');
    if (numberToken) return this.number(numberToken);
    const stringToken = this.token(node, 'StringLiteral') ?? this.token(node, 'UnterminatedString');
    if (stringToken) return this.string(stringToken);
    const trueToken = this.token(node, 'True') ?? this.token(node, 'False');
    if (trueToken) return { kind: 'boolean', value: trueToken.image === 'true', range: this.tokenRange(trueToken) };
    const list = this.child(node, 'list');
    if (list) {
      const outOfRangeBefore = this.outOfRange;
      const items = this.children(list, 'value')
        .map((item) => this.value(item))
        .filter((item): item is Value => item !== undefined);
      // Without the reported number the list would look shorter than written: leave it unread instead.
      if (this.outOfRange > outOfRangeBefore) return undefined;
      return { kind: 'list', items, range: this.nodeRange(list) };
    }
    const object = this.child(node, 'object');
    if (object) {
      const block = this.child(object, 'propertyBlock');
      return { kind: 'object', entries: block ? this.properties(block) : [], range: this.nodeRange(object) };
    }
    const nameOrCall = this.child(node, 'nameOrCall');
    return nameOrCall ? this.nameOrCall(nameOrCall) : undefined;
  }

  private string(token: IToken): Value {
    const range = this.tokenRange(token);
    const terminated = token.tokenType.name === 'StringLiteral';
    const body = token.image.slice(1, terminated ? -1 : undefined);
    const decoded = decodeString(body);
    for (const problem of decoded.problems) {
      const start = token.startOffset + 1 + problem.offset;
      this.report('bad-escape', this.source.rangeOf(start, start + problem.length), problem.text);
    }
    return { kind: 'string', value: decoded.value, raw: token.image, range };
  }

  private nameOrCall(node: CstNode): NameValue | CallValue | undefined {
    const segments = (node.children.segment ?? []).map(realToken).filter((token): token is IToken => token !== undefined);
    if (segments.length === 0) return undefined;
    const path = segments.map((token) => this.identifier(token)!);
    const first = path[0]!;
    const last = path[path.length - 1]!;
    const name: NameValue = {
      kind: 'name',
      path,
      name: path.map((segment) => segment.name).join('.'),
      range: { start: first.range.start, end: last.range.end },
    };
    const list = this.child(node, 'argumentList');
    if (!list) return name;
    return { kind: 'call', callee: name, args: this.arguments(list), argsRange: this.nodeRange(list), range: this.nodeRange(node) };
  }
}
