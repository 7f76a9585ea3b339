/**
 * The fast path of `parse`: a recursive-descent parser over ./fast-lexer.ts's tokens that builds
 * the AST directly, with no CST in between, for text that has no syntax problem.
 *
 * It follows the grammar of ./parser.ts rule for rule and builds the very nodes ./cst-to-ast.ts
 * builds: the same fields in the same order, the same ranges. At the first thing that grammar
 * would reject, or that the AST builder would report (an unknown escape, a number too large for
 * a double, two properties on one line without a comma), it gives up and `parse` runs the
 * recovering chevrotain parser, which owns every syntax message. So valid text costs one pass
 * of the lexer and one of this parser; text with an error costs what it always did, plus that.
 */
import type {
  BlockDeclaration,
  BlockParam,
  DataDeclaration,
  Declaration,
  FromNode,
  Identifier,
  LayerNode,
  ModelDeclaration,
  ModelItem,
  ParamDeclaration,
  RepeatNode,
  SpecFile,
  StudyDeclaration,
  TrainDeclaration,
  Value,
} from './ast.js';
import {
  BLOCK,
  DATA,
  END_OF_TEXT,
  EQUALS,
  FROM,
  IDENTIFIER,
  LEFT_BRACE,
  LEFT_PAREN,
  lexFast,
  MODEL,
  NUMBER,
  ON,
  PARAM,
  REPEAT,
  RIGHT_BRACE,
  RIGHT_PAREN,
  STUDY,
  TRAIN,
} from './fast-lexer.js';
import { FastValueParser, GIVE_UP } from './fast-value-parser.js';

/**
 * The AST of `text` when it has no syntax problem at all, built as the recovering parser would
 * build it; `undefined` when it has one, or anything this parser does not accept: the caller
 * then runs the recovering parser, which reports it.
 */
export function parseValidSpec(text: string): SpecFile | undefined {
  const tokens = lexFast(text);
  if (tokens === undefined) return undefined;
  try {
    return new ValidSpecParser(tokens).specFile();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** The declarations and model bodies of one parse (values: ./fast-value-parser.ts). */
class ValidSpecParser extends FastValueParser {
  /** `specFile := declaration*`, to the end of the text. */
  specFile(): SpecFile {
    const declarations: Declaration[] = [];
    for (;;) {
      switch (this.kinds[this.at]) {
        case END_OF_TEXT:
          return {
            kind: 'spec',
            declarations,
            comments: this.tokens.comments,
            range: { start: { offset: 0, line: 1, column: 1 }, end: this.tokens.end },
          };
        case DATA:
          declarations.push(this.dataDeclaration());
          break;
        case MODEL:
          declarations.push(this.modelDeclaration());
          break;
        case BLOCK:
          declarations.push(this.blockDeclaration());
          break;
        case TRAIN:
          declarations.push(this.trainDeclaration());
          break;
        case PARAM:
          declarations.push(this.paramDeclaration());
          break;
        case STUDY:
          declarations.push(this.studyDeclaration());
          break;
        default:
          throw GIVE_UP;
      }
    }
  }

  private dataDeclaration(): DataDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'data', name, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private modelDeclaration(): ModelDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const items = this.modelBody();
    return { kind: 'model', name, items, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private blockDeclaration(): BlockDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const paramsStart = this.at;
    const params = this.blockParams();
    const paramsRange = this.rangeFrom(paramsStart);
    const items = this.modelBody();
    return { kind: 'block', name, params, paramsRange, items, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  /** `( (NAME (= value)? (, NAME (= value)?)* ,?)? )` */
  private blockParams(): BlockParam[] {
    this.expect(LEFT_PAREN);
    const params: BlockParam[] = [];
    while (this.kinds[this.at] !== RIGHT_PAREN) {
      const nameIndex = this.expect(IDENTIFIER);
      let value: Value | undefined;
      if (this.kinds[this.at] === EQUALS) {
        this.at += 1;
        value = this.value();
      }
      const param: BlockParam = { kind: 'block-param', name: this.identifier(nameIndex), range: this.rangeFrom(nameIndex) };
      if (value) param.default = value;
      params.push(param);
      if (!this.separator(RIGHT_PAREN)) break;
    }
    this.at += 1;
    return params;
  }

  private trainDeclaration(): TrainDeclaration {
    const keyword = this.at++;
    const model = this.identifier(this.expect(IDENTIFIER));
    this.expect(ON);
    const data = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'train', model, data, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private paramDeclaration(): ParamDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    this.expect(EQUALS);
    const value = this.value();
    return { kind: 'param', name, value, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private studyDeclaration(): StudyDeclaration {
    const keyword = this.at++;
    const name = this.identifier(this.expect(IDENTIFIER));
    const properties = this.propertyBlock();
    return { kind: 'study', name, properties, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  /** `{ item* }`: layers, `from NAME` and `repeat N { ... }`, no separators. */
  private modelBody(): ModelItem[] {
    this.expect(LEFT_BRACE);
    const items: ModelItem[] = [];
    for (;;) {
      switch (this.kinds[this.at]) {
        case RIGHT_BRACE:
          this.at += 1;
          return items;
        case IDENTIFIER:
          items.push(this.layer());
          break;
        case REPEAT:
          items.push(this.repeat());
          break;
        case FROM:
          items.push(this.fromItem());
          break;
        default:
          throw GIVE_UP;
      }
    }
  }

  private repeat(): RepeatNode {
    const keyword = this.at++;
    const count = this.number(this.expect(NUMBER));
    const body = this.modelBody();
    return { kind: 'repeat', count, body, keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
  }

  private fromItem(): FromNode {
    const keyword = this.at++;
    const source = this.expect(IDENTIFIER);
    const item: FromNode = { kind: 'from', keywordRange: this.tokenRange(keyword), range: this.rangeFrom(keyword) };
    item.source = this.identifier(source);
    return item;
  }

  /** `NAME(args)` or `OUT = NAME(args)`. */
  private layer(): LayerNode {
    const first = this.at;
    let binding: Identifier | undefined;
    if (this.kinds[first + 1] === EQUALS) {
      binding = this.identifier(first);
      this.at += 2;
    }
    const name = this.identifier(this.expect(IDENTIFIER));
    const argsStart = this.at;
    const args = this.argumentList();
    const layer: LayerNode = { kind: 'layer', name, args, argsRange: this.rangeFrom(argsStart), range: this.rangeFrom(first) };
    if (binding) layer.binding = binding;
    return layer;
  }
}
