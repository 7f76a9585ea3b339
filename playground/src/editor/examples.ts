/**
 * The example specs the toolbar offers, imported as text: `spirals` is specs/spirals.nn verbatim;
 * the moons pair shows overfitting and what dropout does to it; `dropout-study` is
 * specs/dropout-study.nn, a study on the bundled digits.
 */
import spirals from '../../../specs/spirals.nn';
import dropoutStudy from '../../../specs/dropout-study.nn';
import moonsOverfit from '../../examples/moons-overfit.nn';
import moonsDropout from '../../examples/moons-dropout.nn';

/** One example: its id (the select's option value), its title, its text. */
export interface Example {
  id: string;
  title: string;
  text: string;
}

/** The examples, in the order the toolbar lists them; the first is shown when the URL carries no spec. */
export const EXAMPLES: readonly Example[] = [
  { id: 'spirals', title: 'Spirals (3 classes)', text: spirals },
  { id: 'moons-overfit', title: 'Moons: overfitting', text: moonsOverfit },
  { id: 'moons-dropout', title: 'Moons: with dropout', text: moonsDropout },
  { id: 'dropout-study', title: 'Dropout study (digits)', text: dropoutStudy },
];

/** The example with this id, or undefined. */
export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((example) => example.id === id);
}
