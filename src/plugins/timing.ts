/**
 * Performance marks around a plugin's activation, so that the extension's
 * cost to JupyterLab's start-up can be read in the page (issue 15):
 * `performance.getEntriesByName('mltutor:activate:<plugin id>')`.
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

/** Measure names: the synchronous part of `activate`, and until its promise settles. */
export function activationMeasures(id: string): {
  sync: string;
  total: string;
} {
  return {
    sync: `mltutor:activate-sync:${id}`,
    total: `mltutor:activate:${id}`
  };
}

function measure(name: string, start: string): void {
  try {
    performance.measure(name, start);
  } catch {
    // Marks are a diagnostic: never fail an activation for them.
  }
}

/** Wraps the plugin's `activate` (in place) with marks before and after it. */
export function markActivation<T>(plugin: JupyterFrontEndPlugin<T>): void {
  const activate = plugin.activate;
  const names = activationMeasures(plugin.id);
  const start = `mltutor:activate-start:${plugin.id}`;
  plugin.activate = (...args: Parameters<typeof activate>) => {
    performance.mark(start);
    let result: ReturnType<typeof activate>;
    try {
      result = activate(...args);
    } finally {
      measure(names.sync, start);
    }
    if (result instanceof Promise) {
      return result.finally(() => measure(names.total, start));
    }
    measure(names.total, start);
    return result;
  };
}
