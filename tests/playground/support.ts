/** An editor state with the playground's analysis, and a stand-in for the view that lint actions dispatch to. */
import { EditorState, type TransactionSpec } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { analysisExtension } from '../../playground/src/editor/analysis-state.js';

/** A spec with one unknown layer (`dence`, NN2001, fix "replace with `dense`") on line 8. */
export const MISSPELLED = `data d {
  source: synthetic.moons()
  split: { train: 0.8, validation: 0.2 }
}

model m {
  input(shape: [2])
  dence(16, activation: relu)
  dense(2, activation: softmax)
}

train m on d {
  loss: sparse_categorical_crossentropy
  optimizer: adam()
  epochs: 5
}
`;

/** A fresh state holding `text`, analysed. */
export function stateOf(text: string): EditorState {
  return EditorState.create({ doc: text, extensions: [analysisExtension()] });
}

/** What actions need of a view: its state, and a dispatch that moves it on. */
export function fakeView(state: EditorState): { view: EditorView; current: () => EditorState } {
  let current = state;
  const view = {
    get state() {
      return current;
    },
    dispatch(spec: TransactionSpec) {
      current = current.update(spec).state;
    },
  } as unknown as EditorView;
  return { view, current: () => current };
}
