/** The toolbar's controls: examples, seed, share, format, and a link to the docs (on this origin). */
import { EXAMPLES } from './examples.js';

/** The toolbar's elements, for the editor area to wire up. */
export interface ToolbarElements {
  examples: HTMLSelectElement;
  seed: HTMLInputElement;
  share: HTMLButtonElement;
  format: HTMLButtonElement;
  status: HTMLElement;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.className = 'nn-toolbar-field';
  const name = document.createElement('span');
  name.textContent = text;
  label.append(name, control);
  return label;
}

function button(text: string, testid: string, title: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.dataset.testid = testid;
  element.title = title;
  return element;
}

/** Fills the toolbar and returns its controls. */
export function buildToolbar(toolbar: HTMLElement): ToolbarElements {
  const title = document.createElement('span');
  title.className = 'nn-title';
  title.textContent = 'nnspec playground';

  const examples = document.createElement('select');
  examples.dataset.testid = 'examples';
  for (const example of EXAMPLES) {
    const option = document.createElement('option');
    option.value = example.id;
    option.textContent = example.title;
    examples.append(option);
  }

  const seed = document.createElement('input');
  seed.type = 'number';
  seed.step = '1';
  seed.placeholder = 'spec’s';
  seed.dataset.testid = 'seed';
  seed.className = 'nn-seed';
  seed.title = 'the run seed (split, initial weights, dropout, shuffling); empty: the spec’s own `seed:`';

  const share = button('Share', 'share', 'put the spec and seed in the link and copy it');
  const format = button('Format', 'format', 'format the spec (Shift-Alt-F)');
  const status = document.createElement('span');
  status.className = 'nn-toolbar-status';
  status.setAttribute('role', 'status');

  const docs = document.createElement('a');
  docs.href = 'docs/playground.md';
  docs.textContent = 'Docs';
  docs.className = 'nn-docs-link';

  toolbar.replaceChildren(title, labelled('Example', examples), labelled('Seed', seed), format, share, status, docs);
  return { examples, seed, share, format, status };
}
