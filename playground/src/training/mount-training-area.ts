import type { SpecHost } from '../host.js';

/**
 * Builds the training area (start, pause, stop; live curves; decision boundary; summary; study
 * view) and runs training in a Web Worker (./worker.ts) on the spec the host holds.
 * (Contract stub: the training helper fills it in.)
 */
export function mountTrainingArea(area: HTMLElement, host: SpecHost): void {
  void area;
  void host;
  throw new Error('not built yet');
}
