/**
 * The one canonical layout of a `.nn` spec, printed from the AST with the comments put back
 * where they were: a comment on its own line stays on its own line before the same item, a
 * comment after an item stays at the end of that item's line.
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { Argument, Comment, Declaration, ModelItem, Property, SpecFile, Value } from '../syntax/ast.js';

/** Layout options. */
export interface PrintOptions {
  /** Spaces per indentation level (default 2). */
  indent: number;
  /** Lines longer than this are broken one entry per line (default 100). */
  maxWidth: number;
}

/** Something printed on its own line with comments around it: a layer, a property, an entry. */
interface Ranged {
  range: Range;
}

export class SpecPrinter {
  private lines: string[] = [];
  private commentIndex = 0;

  constructor(
    private readonly spec: SpecFile,
    private readonly options: PrintOptions,
  ) {}

  /** The whole document, ending with one newline (or empty for a document without content). */
  print(): string {
    let previous: Declaration | undefined;
    for (const declaration of this.spec.declarations) {
      // Consecutive `param` lines stay a group; a blank line between them in the source is kept below.
      if (previous && !(previous.kind === 'param' && declaration.kind === 'param')) this.lines.push('');
      const lastLine = this.leadingComments(declaration.range.start.offset, 0, previous?.range.end.line);
      // A comment block separated from the declaration by an empty line stays separated.
      if (lastLine !== undefined && declaration.range.start.line > lastLine + 1 && this.lines.length > 0 && this.lines[this.lines.length - 1] !== '')
        this.lines.push('');
      this.declaration(declaration);
      previous = declaration;
    }
    const rest = this.spec.comments.slice(this.commentIndex);
    if (rest.length > 0 && this.lines.length > 0) this.lines.push('');
    this.leadingComments(Number.POSITIVE_INFINITY, 0, previous?.range.end.line);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private pad(level: number): string {
    return ' '.repeat(level * this.options.indent);
  }

  /**
   * Own-line comments that start before `offset`, keeping one blank line where the source had
   * one. Returns the last source line printed so far (the previous item's or a comment's).
   */
  private leadingComments(offset: number, level: number, previousEndLine: number | undefined): number | undefined {
    let lastLine = previousEndLine;
    while (this.commentIndex < this.spec.comments.length) {
      const comment = this.spec.comments[this.commentIndex]!;
      if (comment.range.start.offset >= offset) break;
      if (lastLine !== undefined && comment.range.start.line > lastLine + 1 && this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') {
        this.lines.push('');
      }
      for (const [index, line] of commentLines(comment).entries()) this.lines.push(index === 0 ? this.pad(level) + line : line);
      lastLine = comment.range.end.line;
      this.commentIndex += 1;
    }
    return lastLine;
  }

  /** Comments that start on `line` before `before`: appended to the current last line. */
  private trailingComments(line: number, before: number): void {
    while (this.commentIndex < this.spec.comments.length) {
      const comment = this.spec.comments[this.commentIndex]!;
      if (comment.range.start.line !== line || comment.range.start.offset >= before || comment.text.includes('\n')) break;
      this.lines[this.lines.length - 1] += ` ${comment.text}`;
      this.commentIndex += 1;
    }
  }

  private hasCommentWithin(start: number, end: number): boolean {
    const comment = this.spec.comments[this.commentIndex];
    return comment !== undefined && comment.range.start.offset >= start && comment.range.start.offset < end;
  }

  private declaration(declaration: Declaration): void {
    const name = (identifier: { name: string } | undefined): string => identifier?.name ?? '_';
    if (declaration.kind === 'param') {
      const head = `param ${name(declaration.name)} = `;
      this.lines.push(head + (declaration.value ? this.value(declaration.value, 0, head.length) : '_'));
      this.trailingComments(declaration.range.end.line, Number.POSITIVE_INFINITY);
      return;
    }
    const header =
      declaration.kind === 'train'
        ? `train ${name(declaration.model)} on ${name(declaration.data)} {`
        : declaration.kind === 'block'
          ? `block ${name(declaration.name)}(${declaration.params.map((param) => param.name.name + (param.default ? ` = ${this.inlineValue(param.default)}` : '')).join(', ')}) {`
          : `${declaration.kind} ${name(declaration.name)} {`;
    const items: readonly Ranged[] = declaration.kind === 'model' || declaration.kind === 'block' ? declaration.items : declaration.properties;
    this.lines.push(header);
    const firstStart = items[0]?.range.start.offset ?? declaration.range.end.offset - 1;
    this.trailingComments(declaration.keywordRange.start.line, firstStart);
    if (declaration.kind === 'model' || declaration.kind === 'block')
      this.modelItems(declaration.items, 1, declaration.range.end.offset - 1, declaration.keywordRange.start.line);
    else this.properties(declaration.properties, 1, declaration.range.end.offset - 1, declaration.keywordRange.start.line);
    this.lines.push('}');
    this.trailingComments(declaration.range.end.line, Number.POSITIVE_INFINITY);
  }

  /** A sequence of items, one per line, with blank lines (at most one) and comments kept. */
  private sequence<T extends Ranged>(
    items: readonly T[],
    level: number,
    closeOffset: number,
    openLine: number,
    printItem: (item: T, level: number) => void,
  ): void {
    let previousEnd: number | undefined;
    for (const [index, item] of items.entries()) {
      const next = items[index + 1];
      const lastLine = this.leadingComments(item.range.start.offset, level, previousEnd ?? openLine) ?? openLine;
      if (previousEnd !== undefined && item.range.start.line > lastLine + 1 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
      printItem(item, level);
      this.trailingComments(item.range.end.line, next?.range.start.offset ?? closeOffset);
      previousEnd = item.range.end.line;
    }
    this.leadingComments(closeOffset, level, previousEnd ?? openLine);
  }

  private modelItems(items: readonly ModelItem[], level: number, closeOffset: number, openLine: number): void {
    this.sequence(items, level, closeOffset, openLine, (item, at) => {
      if (item.kind === 'layer') {
        const binding = item.binding ? `${item.binding.name} = ` : '';
        this.lines.push(this.pad(at) + binding + this.call(item.name.name, item.args, at, item.argsRange, this.pad(at).length + binding.length));
        return;
      }
      if (item.kind === 'from') {
        this.lines.push(`${this.pad(at)}from ${item.source?.name ?? '_'}`);
        return;
      }
      this.lines.push(`${this.pad(at)}repeat ${item.count?.raw ?? '1'} {`);
      this.modelItems(item.body, at + 1, item.range.end.offset - 1, item.keywordRange.start.line);
      this.lines.push(`${this.pad(at)}}`);
    });
  }

  private properties(properties: readonly Property[], level: number, closeOffset: number, openLine: number): void {
    this.sequence(properties, level, closeOffset, openLine, (property, at) => {
      const prefix = `${property.key.name}: `;
      const value = property.value ? this.value(property.value, at, this.pad(at).length + prefix.length) : '_';
      this.lines.push(this.pad(at) + prefix + value);
    });
  }

  /**
   * A value as text. Inline when it fits on the line and holds no comment; otherwise lists,
   * objects and calls are broken one entry per line (the returned text then spans lines).
   */
  private value(value: Value, level: number, column: number): string {
    switch (value.kind) {
      case 'number':
      case 'string':
        return value.raw;
      case 'boolean':
        return value.value ? 'true' : 'false';
      case 'name':
        return value.name;
      case 'call':
        return this.call(value.callee.name, value.args, level, value.argsRange, column);
      case 'list': {
        const inline = `[${value.items.map((item) => this.inlineValue(item)).join(', ')}]`;
        if (this.fits(inline, column, value.range.start.offset, value.range.end.offset)) return inline;
        return this.broken(
          '[',
          ']',
          value.items.map((item) => ({ range: item.range, print: (at: number) => this.value(item, at, this.pad(at).length) })),
          level,
          value.range,
        );
      }
      case 'object': {
        const inline = value.entries.length === 0 ? '{}' : `{ ${value.entries.map((entry) => this.inlineProperty(entry)).join(', ')} }`;
        if (this.fits(inline, column, value.range.start.offset, value.range.end.offset)) return inline;
        return this.broken(
          '{',
          '}',
          value.entries.map((entry) => ({
            range: entry.range,
            print: (at: number) => `${entry.key.name}: ${entry.value ? this.value(entry.value, at, this.pad(at).length + entry.key.name.length + 2) : '_'}`,
          })),
          level,
          value.range,
        );
      }
    }
  }

  private call(name: string, args: readonly Argument[], level: number, argsRange: Range, column = this.pad(level).length): string {
    const inline = `${name}(${args.map((arg) => this.inlineArgument(arg)).join(', ')})`;
    if (this.fits(inline, column, argsRange.start.offset, argsRange.end.offset)) return inline;
    const entries = args.map((arg) => ({
      range: arg.range,
      print: (at: number) =>
        (arg.name ? `${arg.name.name}: ` : '') + (arg.value ? this.value(arg.value, at, this.pad(at).length + (arg.name ? arg.name.name.length + 2 : 0)) : '_'),
    }));
    return name + this.broken('(', ')', entries, level, argsRange);
  }

  private fits(inline: string, column: number, start: number, end: number): boolean {
    return column + inline.length <= this.options.maxWidth && !inline.includes('\n') && !this.hasCommentWithin(start, end);
  }

  /** Entries one per line between `open` and `close`, each followed by a comma. */
  private broken(open: string, close: string, entries: readonly (Ranged & { print: (level: number) => string })[], level: number, span: Range): string {
    const outer = this.lines;
    const inner: string[] = [];
    // Print into a scratch buffer so comments and blank lines inside are handled by `sequence`.
    this.lines = inner;
    this.sequence(entries, level + 1, span.end.offset - 1, span.start.line, (entry, at) => {
      inner.push(`${this.pad(at)}${entry.print(at)},`);
    });
    this.lines = outer;
    return `${open}\n${inner.join('\n')}\n${this.pad(level)}${close}`;
  }

  private inlineValue(value: Value): string {
    return this.value(value, 0, Number.NEGATIVE_INFINITY);
  }

  private inlineProperty(property: Property): string {
    return `${property.key.name}: ${property.value ? this.inlineValue(property.value) : '_'}`;
  }

  private inlineArgument(arg: Argument): string {
    return (arg.name ? `${arg.name.name}: ` : '') + (arg.value ? this.inlineValue(arg.value) : '_');
  }
}

/** A block comment spanning lines keeps its inner lines as written. */
function commentLines(comment: Comment): string[] {
  return comment.text.split('\n').map((line) => line.replace(/\s+$/, ''));
}
