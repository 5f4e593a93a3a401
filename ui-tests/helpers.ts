/**
 * Helpers that drive JupyterLab through its application object, waiting on
 * states (kernel idle, outputs present) rather than on time.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { KernelMessage } from '@jupyterlab/services';
import type { JSONObject } from '@lumino/coreutils';
import * as path from 'path';
import { Page } from '@playwright/test';
import type { IProgressFile } from '../src/progress/types';

/** What a user expression of an execute request evaluates to. */
interface IExpressionResult {
  status: 'ok' | 'error';
  data: { 'text/plain': string };
  ename: string;
  evalue: string;
}

/** Creates a notebook on the Python kernel and waits until its kernel is idle. */
export async function newNotebook(page: Page): Promise<string> {
  const path = await page.evaluate(async () => {
    const panel: NotebookPanel = await window.jupyterapp.commands.execute(
      'notebook:create-new',
      { kernelName: 'python3' }
    );
    await panel.context.ready;
    await panel.sessionContext.ready;
    return panel.context.path;
  });
  await waitForKernelIdle(page);
  return path;
}

/** Waits until the current notebook's kernel is connected and idle. */
export async function waitForKernelIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const widget = window.jupyterapp.shell
        .currentWidget as NotebookPanel | null;
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
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    panel.content.activeCell!.model.sharedModel.setSource(text);
  }, source);
}

/** The active cell's index and execution count. */
function activeExecution(
  page: Page
): Promise<{ index: number; count: number | null }> {
  return page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    const cell = panel.content.activeCell!.model as ICodeCellModel;
    return { index: panel.content.activeCellIndex, count: cell.executionCount };
  });
}

/** Runs the active cell the way a learner does (Shift+Enter) and waits for its reply. */
export async function runActiveCell(page: Page): Promise<void> {
  const before = await activeExecution(page);
  // Cleared first: after a kernel restart the counts start again from 1.
  await page.evaluate(index => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    (panel.content.widgets[index].model as ICodeCellModel).executionCount =
      null;
  }, before.index);
  await page
    .locator('.jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor')
    .click();
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(
    index => {
      const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
      const cell = panel.content.widgets[index].model as ICodeCellModel;
      return cell.executionCount !== null;
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
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    return panel.content.widgets.findIndex(cell =>
      ((cell.model.getMetadata('tags') as string[] | undefined) ?? []).includes(
        tag
      )
    );
  }, `mltutor:${name}`);
}

/** Makes cell `index` of the current notebook the active one. */
export async function activateCell(page: Page, index: number): Promise<void> {
  await page.evaluate(i => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    panel.content.activeCellIndex = i;
  }, index);
}

/**
 * Runs cell `index` with the Run command and returns once the kernel has
 * started executing it (its execute_input), not when it ends: to act on a
 * cell that is running (interrupt it, queue a check behind it).
 */
export async function startCell(page: Page, index: number): Promise<void> {
  await page.evaluate(async i => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget as NotebookPanel;
    const kernel = panel.sessionContext.session!.kernel!;
    const code = panel.content.widgets[i].model.sharedModel.getSource();
    const started = new Promise<void>(resolve => {
      const listen = (_: unknown, message: KernelMessage.IIOPubMessage) => {
        if (
          message.header.msg_type === 'execute_input' &&
          (message as KernelMessage.IExecuteInputMsg).content.code === code
        ) {
          kernel.iopubMessage.disconnect(listen);
          resolve();
        }
      };
      kernel.iopubMessage.connect(listen);
    });
    panel.content.activeCellIndex = i;
    void app.commands.execute('notebook:run-cell');
    await started;
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
  const types = await page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    return panel.content.widgets.map(cell => cell.model.type);
  });
  for (let i = 0; i < index; i++) {
    if (types[i] === 'code') {
      await runCell(page, i);
    }
  }
}

/** A lab as the helpers need it. */
interface ILabAddress {
  url: string;
  token: string;
}

/** What the Contents API holds at `path` of the lab's root, or null if nothing. */
async function contentsAt(
  page: Page,
  lab: ILabAddress,
  path: string
): Promise<unknown> {
  const response = await page.request.get(
    `${lab.url}/api/contents/${path}?content=1&token=${lab.token}`
  );
  return response.ok() ? (await response.json()).content : null;
}

/** The notebook saved at `path`, or null if there is none. */
export async function readNotebook(
  page: Page,
  lab: ILabAddress,
  path: string
): Promise<INotebookContent | null> {
  return (await contentsAt(page, lab, path)) as INotebookContent | null;
}

/** Names of the files in `folder` (none if it does not exist). */
export async function fileNames(
  page: Page,
  lab: ILabAddress,
  folder: string
): Promise<string[]> {
  const files = (await contentsAt(page, lab, folder)) as Array<{
    name: string;
  }> | null;
  return (files ?? []).map(file => file.name);
}

/** The progress file of an exercise folder, or null if it was not written. */
export async function readProgress(
  page: Page,
  lab: ILabAddress,
  exerciseFolder: string
): Promise<IProgressFile | null> {
  const text = (await contentsAt(
    page,
    lab,
    `${exerciseFolder}/progress.json`
  )) as string | null;
  return text === null ? null : (JSON.parse(text) as IProgressFile);
}

/** Opens an exercise with the Open command and waits for its notebook's kernel. */
export async function openExerciseByCommand(
  page: Page,
  exercise: { pack?: string; id: string }
): Promise<string> {
  const path = await page.evaluate(
    async ({ pack, id }) => {
      const widget: NotebookPanel = await window.jupyterapp.commands.execute(
        'mltutor:open-exercise',
        { pack, exercise: id }
      );
      await widget.context.ready;
      await widget.sessionContext.ready;
      return widget.context.path;
    },
    { pack: exercise.pack ?? 'ml-interview', id: exercise.id }
  );
  await waitForKernelIdle(page);
  // The exercise controller attaches feedback once the catalog answered.
  await page.waitForFunction(
    () =>
      !!window.jupyterapp.shell.currentWidget?.node.querySelector(
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
      const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
      panel.content.widgets[i].model.sharedModel.setSource(text);
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
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    const future = panel.sessionContext.session!.kernel!.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: exprs
    });
    const reply = await future.done;
    if (reply.content.status !== 'ok') {
      throw new Error(`the kernel answered ${reply.content.status}`);
    }
    const out: Record<string, string> = {};
    const results = reply.content.user_expressions as JSONObject;
    for (const [key, json] of Object.entries(results)) {
      const value = json as unknown as IExpressionResult;
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
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    await panel.sessionContext.session!.kernel!.restart();
  });
  await waitForKernelIdle(page);
}

/** Whether the current document has unsaved changes. */
export function isDirty(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      (window.jupyterapp.shell.currentWidget as NotebookPanel).context.model
        .dirty
  );
}

/** Saves the current document. */
export async function saveCurrent(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window.jupyterapp.shell.currentWidget as NotebookPanel).context.save()
  );
}

/**
 * Ids of the kernels the server runs. Asked again after a 500: the server
 * cannot list its kernels while one is starting (see fixtures.ts).
 */
export async function kernelIds(
  page: Page,
  lab: ILabAddress
): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const response = await page.request.get(
      `${lab.url}/api/kernels?token=${lab.token}`
    );
    if (response.ok() || tries === 20) {
      const kernels = (await response.json()) as Array<{ id: string }>;
      return kernels.map(kernel => kernel.id);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * Where a test saves screenshot `name`: build/screenshots, or docs/images when
 * MLTUTOR_UPDATE_SCREENSHOTS=1 (so a test run never changes the checkout).
 */
export function screenshotPath(name: string): string {
  const root = path.resolve(__dirname, '..');
  return process.env.MLTUTOR_UPDATE_SCREENSHOTS
    ? path.join(root, 'docs', 'images', name)
    : path.join(root, 'build', 'screenshots', name);
}
