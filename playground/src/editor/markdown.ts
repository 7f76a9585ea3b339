/**
 * The small markdown the analysis writes (hover, completion docs): paragraphs, `- ` lists,
 * fenced code, `**bold**` and `` `code` ``. Parsed to data, then built as DOM nodes with
 * `textContent` only: a spec's names reach the page as text, never as HTML.
 */

/** A run of inline text; a `break` ends a line inside a paragraph (its text is empty). */
export interface Inline {
  kind: 'text' | 'strong' | 'code' | 'break';
  text: string;
}

/** A block of the hover. */
export type Block = { kind: 'paragraph'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'code'; text: string };

/** Splits a line into text, `**strong**` and `` `code` `` runs (unclosed markers stay text). */
export function parseInline(line: string): Inline[] {
  const inlines: Inline[] = [];
  const pattern = /\*\*([^*]+)\*\*|`([^`]+)`/g;
  let last = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    if (match.index > last) inlines.push({ kind: 'text', text: line.slice(last, match.index) });
    inlines.push(match[1] !== undefined ? { kind: 'strong', text: match[1] } : { kind: 'code', text: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < line.length) inlines.push({ kind: 'text', text: line.slice(last) });
  return inlines;
}

/**
 * The blocks of a markdown text: blank lines end paragraphs; the lines of a paragraph keep their
 * breaks (the analysis writes one fact a line: the doc, the shapes, the parameter count).
 */
export function parseMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0)
      blocks.push({
        kind: 'paragraph',
        inlines: paragraph.flatMap((line, index) => [...(index > 0 ? [{ kind: 'break' as const, text: '' }] : []), ...parseInline(line)]),
      });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith('```')) {
      flush();
      const code: string[] = [];
      for (index += 1; index < lines.length && !lines[index]!.startsWith('```'); index++) code.push(lines[index]!);
      blocks.push({ kind: 'code', text: code.join('\n') });
    } else if (/^\s*- /.test(line)) {
      flush();
      const item = parseInline(line.replace(/^\s*- /, ''));
      const previous = blocks[blocks.length - 1];
      if (previous?.kind === 'list') previous.items.push(item);
      else blocks.push({ kind: 'list', items: [item] });
    } else if (line.trim() === '') flush();
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

function inlineNodes(parent: HTMLElement, inlines: readonly Inline[]): void {
  for (const inline of inlines) {
    if (inline.kind === 'text') parent.append(document.createTextNode(inline.text));
    else if (inline.kind === 'break') parent.append(document.createElement('br'));
    else {
      const element = document.createElement(inline.kind === 'strong' ? 'strong' : 'code');
      element.textContent = inline.text;
      parent.append(element);
    }
  }
}

/** The markdown as DOM nodes in a `div` of class `className` (text nodes only: no HTML is parsed). */
export function renderMarkdown(markdown: string, className: string): HTMLElement {
  const root = document.createElement('div');
  root.className = className;
  for (const block of parseMarkdown(markdown)) {
    if (block.kind === 'code') {
      const pre = document.createElement('pre');
      pre.textContent = block.text;
      root.append(pre);
    } else if (block.kind === 'list') {
      const list = document.createElement('ul');
      for (const item of block.items) {
        const entry = document.createElement('li');
        inlineNodes(entry, item);
        list.append(entry);
      }
      root.append(list);
    } else {
      const paragraph = document.createElement('p');
      inlineNodes(paragraph, block.inlines);
      root.append(paragraph);
    }
  }
  return root;
}
