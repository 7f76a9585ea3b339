/**
 * The share button and the URL: the button puts the spec and seed in the fragment (and on its own
 * `data-link`) and copies the link; loading a link, or navigating to another fragment, restores them.
 */
import { decodeShareFragment, encodeShareFragment, type SharedRun } from './share-link.js';

/** What sharing reads and restoring writes. */
export interface ShareTarget {
  current(): SharedRun;
  restore(run: SharedRun): void;
  tell(message: string): void;
}

/** The link to this page carrying `run` in its fragment. */
export function shareLink(run: SharedRun, href: string): string {
  return href.replace(/#.*$/, '') + encodeShareFragment(run);
}

/**
 * Wires the button, restores the run the page was opened with (true when the URL carried one),
 * and restores again on every `hashchange` that carries a different one.
 */
export function wireSharing(button: HTMLButtonElement, target: ShareTarget): boolean {
  button.addEventListener('click', () => {
    const link = shareLink(target.current(), location.href);
    button.dataset.link = link;
    const fragment = link.slice(link.indexOf('#'));
    // The same fragment again fires no hashchange; a new one restores what is already shown (a no-op).
    if (location.hash !== fragment) location.hash = fragment;
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(link).then(
        () => target.tell('link copied'),
        () => target.tell('link in the address bar'),
      );
    } else target.tell('link in the address bar');
  });
  const restoreFromHash = (): boolean => {
    const run = decodeShareFragment(location.hash);
    if (run) target.restore(run);
    return run !== undefined;
  };
  window.addEventListener('hashchange', restoreFromHash);
  return restoreFromHash();
}
