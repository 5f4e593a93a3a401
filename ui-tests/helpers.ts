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
  // Cleared first: after a kernel restart the counts start again from 1.
  await page.evaluate(index => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    notebook.widgets[index].model.executionCount = null;
  }, before.index);
  await page
    .locator('.jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor')
    .click();
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(
    index => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      return notebook.widgets[index].model.executionCount !== null;
    },
    before.index,
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

/** A lab as the helpers need it. */
interface ILabAddress {
  url: string;
  token: string;
}

/**
 * Points the exercise folder (notebooks and progress) at `folder`, so a test
 * starts from nothing whatever ran before it; reload the page afterwards.
 * `null` restores the default.
 */
export async function setExerciseFolder(
  page: Page,
  lab: ILabAddress,
  folder: string | null
): Promise<void> {
  const put = () =>
    page.request.put(
      `${lab.url}/lab/api/settings/jupyterlab-mltutor:notebook?token=${lab.token}`,
      {
        data: {
          raw: JSON.stringify(folder === null ? {} : { exerciseFolder: folder })
        }
      }
    );
  // A lab just started may not list the extension's schemas yet.
  let response = await put();
  for (let tries = 0; !response.ok() && tries < 20; tries++) {
    await new Promise(resolve => setTimeout(resolve, 500));
    response = await put();
  }
  if (!response.ok()) {
    throw new Error(`settings not saved: HTTP ${response.status()}`);
  }
}

/** Opens an exercise with the Open command and waits for its notebook's kernel. */
export async function openExerciseByCommand(
  page: Page,
  exercise: { pack?: string; id: string }
): Promise<string> {
  const path = await page.evaluate(
    async ({ pack, id }) => {
      const app = (window as any).jupyterapp;
      const widget = await app.commands.execute('mltutor:open-exercise', {
        pack,
        exercise: id
      });
      await widget.context.ready;
      await widget.sessionContext.ready;
      return widget.context.path as string;
    },
    { pack: exercise.pack ?? 'ml-interview', id: exercise.id }
  );
  await waitForKernelIdle(page);
  // The exercise controller attaches feedback once the catalog answered.
  await page.waitForFunction(
    () =>
      !!(window as any).jupyterapp.shell.currentWidget?.node.querySelector(
        '.jp-MLTutor-Feedback'
      )
  );
  return path;
}

/** Sets the source of cell `index` of the current notebook without running it. */
export async function setCellSource(
  page: Page,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    ({ i, text }) => {
      const notebook = (window as any).jupyterapp.shell.currentWidget.content;
      notebook.widgets[i].model.sharedModel.setSource(text);
    },
    { i: index, text: source }
  );
}

/**
 * Evaluates Python expressions in the current notebook's kernel with a silent
 * request: no execution count, no history, nothing the learner would see.
 */
export async function peekKernel(
  page: Page,
  expressions: Record<string, string>
): Promise<Record<string, string>> {
  return page.evaluate(async exprs => {
    const kernel = (window as any).jupyterapp.shell.currentWidget.sessionContext
      .session.kernel;
    const future = kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: exprs
    });
    const reply = await future.done;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(
      reply.content.user_expressions as Record<string, any>
    )) {
      out[key] =
        value.status === 'ok'
          ? String(value.data['text/plain'])
          : `${value.ename}: ${value.evalue}`;
    }
    return out;
  }, expressions);
}

/** Restarts the current notebook's kernel (no dialog) and waits until it is idle. */
export async function restartKernel(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    await panel.sessionContext.session.kernel.restart();
  });
  await waitForKernelIdle(page);
}

/** Whether the current document has unsaved changes. */
export function isDirty(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.context.model.dirty
  );
}

/** Saves the current document. */
export async function saveCurrent(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.context.save()
  );
}

/** Ids of the kernels the server runs. */
export async function kernelIds(
  page: Page,
  lab: ILabAddress
): Promise<string[]> {
  const response = await page.request.get(
    `${lab.url}/api/kernels?token=${lab.token}`
  );
  return ((await response.json()) as Array<{ id: string }>).map(k => k.id);
}
