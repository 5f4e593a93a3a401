/**
 * Helpers that drive JupyterLab through its application object, waiting on
 * states (kernel idle, outputs present) rather than on time.
 */
import { Page } from '@playwright/test';

/** Creates a notebook on the Python kernel and waits until its kernel is idle. */
export async function newNotebook(page: Page): Promise<string> {
  const path = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const panel = await app.commands.execute('notebook:create-new', { kernelName: 'python3' });
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
      return kernel?.connectionStatus === 'connected' && kernel?.status === 'idle';
    },
    undefined,
    { timeout: 60_000 }
  );
}

/** Replaces the source of the active cell. */
export async function setActiveCellSource(page: Page, source: string): Promise<void> {
  await page.evaluate(text => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCell.model.sharedModel.setSource(text);
  }, source);
}

/** Number of code cells of the current notebook that have run. */
function executedCells(page: Page): Promise<number> {
  return page.evaluate(() => {
    const app = (window as any).jupyterapp;
    return app.shell.currentWidget.content.widgets.filter(
      (cell: any) => cell.model.type === 'code' && cell.model.executionCount !== null
    ).length;
  });
}

/** Runs the active cell the way a learner does (Shift+Enter) and waits for its reply. */
export async function runActiveCell(page: Page): Promise<void> {
  const before = await executedCells(page);
  await page.locator('.jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor').click();
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(
    count => {
      const app = (window as any).jupyterapp;
      return (
        app.shell.currentWidget.content.widgets.filter(
          (cell: any) => cell.model.type === 'code' && cell.model.executionCount !== null
        ).length > count
      );
    },
    before,
    { timeout: 60_000 }
  );
  await waitForKernelIdle(page);
}
