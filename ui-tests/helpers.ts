/**
 * Helpers that drive JupyterLab through its application object, waiting on
 * states (kernel idle, outputs present) rather than on time.
 */
import { Page } from '@playwright/test';

/** Creates a notebook on the Python kernel and waits until its kernel is idle. */
export async function newNotebook(page: Page): Promise<string> {
  const path = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const panel = await app.commands.execute('notebook:create-new', {
      kernelName: 'python3'
    });
    await panel.context.ready;
    await panel.sessionContext.ready;
    return panel.context.path as string;
  });
  await waitForKernelIdle(page);
  return path;
}

/** Waits until the current notebook's kernel is connected and idle. */
export async function waitForKernelIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const app = (window as any).jupyterapp;
      const widget = app.shell.currentWidget;
      const kernel = widget?.sessionContext?.session?.kernel;
      return (
        kernel?.connectionStatus === 'connected' && kernel?.status === 'idle'
      );
    },
    undefined,
    { timeout: 60_000 }
  );
}

/** Replaces the source of the active cell. */
export async function setActiveCellSource(
  page: Page,
  source: string
): Promise<void> {
  await page.evaluate(text => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCell.model.sharedModel.setSource(
      text
    );
  }, source);
}

/** The active cell's index and execution count. */
function activeExecution(
  page: Page
): Promise<{ index: number; count: number | null }> {
  return page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    return {
      index: notebook.activeCellIndex,
      count: notebook.activeCell.model.executionCount
    };
  });
}

/** Runs the active cell the way a learner does (Shift+Enter) and waits for its reply. */
export async function runActiveCell(page: Page): Promise<void> {
  const before = await activeExecution(page);
  await page
    .locator('.jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor')
    .click();
  await page.keyboard.press('Shift+Enter');
  // The kernel's execution count only grows: a new reply has a larger one.
  await page.waitForFunction(
    ({ index, count }) => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      const now = notebook.widgets[index].model.executionCount;
      return now !== null && (count === null || now > count);
    },
    before,
    { timeout: 60_000 }
  );
  await waitForKernelIdle(page);
}

/** Index of the first cell carrying the tag `mltutor:<name>` in the current notebook. */
export async function cellIndexByTag(
  page: Page,
  name: string
): Promise<number> {
  return page.evaluate(tag => {
    const app = (window as any).jupyterapp;
    return app.shell.currentWidget.content.widgets.findIndex((cell: any) =>
      ((cell.model.getMetadata('tags') as string[] | undefined) ?? []).includes(
        tag
      )
    );
  }, `mltutor:${name}`);
}

/** Makes cell `index` of the current notebook the active one. */
export async function activateCell(page: Page, index: number): Promise<void> {
  await page.evaluate(i => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = i;
  }, index);
}

/** Runs cell `index` as a learner does: select it, Shift+Enter, wait for the kernel. */
export async function runCell(
  page: Page,
  index: number,
  source?: string
): Promise<void> {
  await activateCell(page, index);
  if (source !== undefined) {
    await setActiveCellSource(page, source);
  }
  await runActiveCell(page);
}

/** Runs the cells before `index` (setup and earlier answers), one by one. */
export async function runCellsBefore(page: Page, index: number): Promise<void> {
  const types: string[] = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    return app.shell.currentWidget.content.widgets.map(
      (cell: any) => cell.model.type
    );
  });
  for (let i = 0; i < index; i++) {
    if (types[i] === 'code') {
      await runCell(page, i);
    }
  }
}

/** Reads a file of the lab's root through the Contents API. */
export async function readContents(
  page: Page,
  lab: { url: string; token: string },
  path: string
): Promise<{ status: number; content: any }> {
  const response = await page.request.get(
    `${lab.url}/api/contents/${path}?content=1&token=${lab.token}`
  );
  return {
    status: response.status(),
    content: response.ok() ? (await response.json()).content : null
  };
}
