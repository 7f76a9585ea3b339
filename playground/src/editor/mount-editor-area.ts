import type { SpecHost } from '../host.js';

/**
 * Builds the toolbar (examples, seed, share) and the editor area (CodeMirror, problems panel,
 * sliders) into the page, restores the spec and seed from the URL fragment, and returns the host
 * the training area reads. (Contract stub: the editor helper fills it in.)
 */
export function mountEditorArea(toolbar: HTMLElement, area: HTMLElement): SpecHost {
  void toolbar;
  void area;
  throw new Error('not built yet');
}
