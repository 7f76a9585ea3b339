/**
 * The playground's entry: the editor area owns the spec text and the seed; the training area reads
 * them through the {@link SpecHost}. Both call the same nnspec functions as the CLI.
 */
import { mountEditorArea } from './editor/mount-editor-area.js';
import { registerServiceWorker } from './offline/register-service-worker.js';
import { mountTrainingArea } from './training/mount-training-area.js';

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found;
}

const host = mountEditorArea(element('toolbar'), element('editor-area'));
mountTrainingArea(element('training-area'), host);
// After mounting: the page is usable at once; the service worker only makes the next load work offline.
registerServiceWorker();
