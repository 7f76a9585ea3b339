/**
 * The `.nn` grammar as a Chevrotain CstParser, with error recovery on. Built once at module
 * load (grammar analysis is the expensive part) and reused by every parse.
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import {
  ALL_TOKENS,
  AnyName,
  Block,
  Colon,
  Comma,
  Data,
  Dot,
  Equals,
  False,
  From,
  Identifier,
  LBrace,
  LBracket,
  LParen,
  Model,
  NumberLiteral,
  On,
  Param,
  RBrace,
  RBracket,
  Repeat,
  RParen,
  StringLiteral,
  Study,
  Train,
  True,
  UnterminatedString,
} from './tokens.js';
import { nnErrorMessages } from './messages.js';

/** The grammar; rule names are the CST node names the AST builder reads. */
export class NnParser extends CstParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: true, errorMessageProvider: nnErrorMessages, maxLookahead: 3, nodeLocationTracking: 'onlyOffset' });
    this.performSelfAnalysis();
  }

  /** `specFile := declaration*` */
  public specFile = this.RULE('specFile', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  private declaration = this.RULE('declaration', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataDeclaration) },
      { ALT: () => this.SUBRULE(this.modelDeclaration) },
      { ALT: () => this.SUBRULE(this.blockDeclaration) },
      { ALT: () => this.SUBRULE(this.trainDeclaration) },
      { ALT: () => this.SUBRULE(this.paramDeclaration) },
      { ALT: () => this.SUBRULE(this.studyDeclaration) },
    ]);
  });

  /** `param NAME = value` */
  private paramDeclaration = this.RULE('paramDeclaration', () => {
    this.CONSUME(Param);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Equals);
    this.SUBRULE(this.value);
  });

  /** `study NAME { property* }` */
  private studyDeclaration = this.RULE('studyDeclaration', () => {
    this.CONSUME(Study);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.propertyBlock);
  });

  /** `data NAME { property* }` */
  private dataDeclaration = this.RULE('dataDeclaration', () => {
    this.CONSUME(Data);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.propertyBlock);
  });

  /** `model NAME { item* }` */
  private modelDeclaration = this.RULE('modelDeclaration', () => {
    this.CONSUME(Model);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.modelBody);
  });

  /** `block NAME(param, ...) { item* }` */
  private blockDeclaration = this.RULE('blockDeclaration', () => {
    this.CONSUME(Block);
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.blockParams);
    this.SUBRULE(this.modelBody);
  });

  /** `( (param (, param)* ,?)? )` */
  private blockParams = this.RULE('blockParams', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.blockParam);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== RParen,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.blockParam);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RParen);
  });

  /** `NAME` or `NAME = value` (a default). */
  private blockParam = this.RULE('blockParam', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.value);
    });
  });

  /** `train MODEL on DATA { property* }` */
  private trainDeclaration = this.RULE('trainDeclaration', () => {
    this.CONSUME(Train);
    this.CONSUME(Identifier, { LABEL: 'model' });
    this.CONSUME(On);
    this.CONSUME2(Identifier, { LABEL: 'data' });
    this.SUBRULE(this.propertyBlock);
  });

  /** `{ item* }` of a model or a repeat block. */
  private modelBody = this.RULE('modelBody', () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.modelItem));
    this.CONSUME(RBrace);
  });

  private modelItem = this.RULE('modelItem', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.repeatBlock) }, { ALT: () => this.SUBRULE(this.fromItem) }, { ALT: () => this.SUBRULE(this.layer) }]);
  });

  /** `from NAME` */
  private fromItem = this.RULE('fromItem', () => {
    this.CONSUME(From);
    this.CONSUME(Identifier, { LABEL: 'source' });
  });

  /** `repeat N { item* }` */
  private repeatBlock = this.RULE('repeatBlock', () => {
    this.CONSUME(Repeat);
    this.CONSUME(NumberLiteral, { LABEL: 'count' });
    this.SUBRULE(this.modelBody);
  });

  /** `NAME(args)` or `OUT = NAME(args)`: a layer call or block use, its output named or not. */
  private layer = this.RULE('layer', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === Equals,
      DEF: () => {
        this.CONSUME(Identifier, { LABEL: 'binding' });
        this.CONSUME(Equals);
      },
    });
    this.CONSUME2(Identifier, { LABEL: 'name' });
    this.SUBRULE(this.argumentList);
  });

  /** `{ (key: value ,?)* }` of data/train declarations and object values. */
  private propertyBlock = this.RULE('propertyBlock', () => {
    this.CONSUME(LBrace);
    this.MANY(() => {
      this.SUBRULE(this.property);
      this.OPTION(() => this.CONSUME(Comma));
    });
    this.CONSUME(RBrace);
  });

  /** `key: value` */
  private property = this.RULE('property', () => {
    this.CONSUME(AnyName, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.value);
  });

  /** `( (arg (, arg)* ,?)? )`: commas are required between arguments. */
  private argumentList = this.RULE('argumentList', () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== RParen,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.argument);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RParen);
  });

  /** `key: value` or a positional `value`. */
  private argument = this.RULE('argument', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === Colon,
      DEF: () => {
        this.CONSUME(AnyName, { LABEL: 'key' });
        this.CONSUME(Colon);
      },
    });
    this.SUBRULE(this.value);
  });

  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(UnterminatedString) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
    ]);
  });

  /** `[ (value (, value)* ,?)? ]`: commas are required between items. */
  private list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== RBracket,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.value);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RBracket);
  });

  private object = this.RULE('object', () => {
    this.SUBRULE(this.propertyBlock);
  });

  /** `a`, `a.b`, `a(args)`, `a.b(args)` */
  private nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(Identifier, { LABEL: 'segment' });
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME2(Identifier, { LABEL: 'segment' });
    });
    this.OPTION(() => this.SUBRULE(this.argumentList));
  });
}

/** The one parser instance (Chevrotain parsers are reusable: set `input`, call a rule). */
export const nnParser = new NnParser();

/** Runs the parser on tokens and returns the CST root and chevrotain's errors. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: typeof nnParser.errors } {
  nnParser.input = tokens;
  const cst = nnParser.specFile();
  return { cst, errors: nnParser.errors };
}
