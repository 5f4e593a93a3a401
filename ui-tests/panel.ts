/**
 * Driving the exercise panel and the feedback under cells, as a learner does.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Locator, Page } from '@playwright/test';
import { waitForKernelIdle } from './helpers';

/** The exercise panel, opened from the left sidebar if it is not showing. */
export async function openPanel(page: Page): Promise<Locator> {
  const panel = page.locator('#jp-MLTutor-panel');
  if (!(await panel.isVisible())) {
    await page.locator('.jp-SideBar [data-id="jp-MLTutor-panel"]').click();
  }
  return panel;
}

/** Waits until the current document is `path`. */
export async function waitForCurrentPath(
  page: Page,
  path: string
): Promise<void> {
  await page.waitForFunction(
    expected =>
      (window.jupyterapp.shell.currentWidget as NotebookPanel | null)?.context
        ?.path === expected,
    path
  );
}

/**
 * Finds an exercise with the panel's filter, presses Open, and waits for its
 * notebook `<exerciseFolder>/<id>/<id>.ipynb` and its kernel.
 */
export async function openExercise(
  page: Page,
  exercise: { id: string; title: string },
  query: string,
  exerciseFolder = 'ml-exercises'
): Promise<void> {
  const panel = await openPanel(page);
  await panel.getByRole('searchbox').fill(query);
  const open = panel.locator('.jp-MLTutor-Exercise-open');
  if (!(await open.isVisible())) {
    await panel
      .locator('.jp-MLTutor-Exercise-row', { hasText: exercise.title })
      .click();
  }
  await open.click();
  await waitForCurrentPath(
    page,
    `${exerciseFolder}/${exercise.id}/${exercise.id}.ipynb`
  );
  await waitForKernelIdle(page);
}

/** The feedback under the cell at `index` of the current notebook. */
export function feedbackAt(page: Page, index: number): Locator {
  return page.locator(
    `.jp-Notebook .jp-Cell[data-windowed-list-index="${index}"] .jp-MLTutor-Feedback`
  );
}
