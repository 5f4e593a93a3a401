/**
 * What the tests reach in the page through `window`: JupyterLab's application
 * (which the lab's page exposes, as Galata's tests rely on) and the markers of
 * the injection test: its payloads' (set if any of them ever ran) and its
 * canaries'.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';

declare global {
  // The browser's own name, merged into.
  // eslint-disable-next-line @typescript-eslint/naming-convention
  interface Window {
    jupyterapp: JupyterFrontEnd;
    __pwned?: string;
    /** Which of the injection test's own handlers (its canaries) have run. */
    __fired?: string[];
  }
}

export {};
