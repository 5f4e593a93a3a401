/**
 * The panel and the learner's notebook they can trust (issue 11, cases 5-7),
 * in Chromium on a real kernel: Open stays in view and double-click opens,
 * focus goes into the tree, Open follows a renamed notebook, and revealing a
 * solution says what it does to a cell already passed. Each test has its own
 * exercise folder.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { expect, test } from '../fixtures';
import { readExercise } from '../exercise';
import {
  cellIndexByTag,
  openExerciseByCommand,
  fileNames,
  runCell,
  waitForKernelIdle
} from '../helpers';
import { feedbackAt, openPanel, waitForCurrentPath } from '../panel';

const exercise = readExercise('data/missing-data');
const [countCell, cleanCell] = exercise.cells;
const SETUP = 1;

test('case 5: Open stays in view, double-click and Enter open, showing the panel focuses the tree', async ({
  labPage
}) => {
  const { page, exerciseFolder } = labPage;
  const notebook = `${exerciseFolder}/missing-data/missing-data.ipynb`;
  const panel = await openPanel(page);
  await panel.getByRole('searchbox').fill('missing');
  const row = panel.locator('.jp-MLTutor-Exercise-row', {
    hasText: exercise.title
  });
  await row.click();
  const open = panel.locator('.jp-MLTutor-Exercise-open');
  await expect(open).toBeVisible();
  const box = await open.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  await expect(open).toBeInViewport();

  // Double-click opens (and does not leave the row unselected).
  await row.dblclick();
  await waitForCurrentPath(page, notebook);
  await expect(panel.locator('.jp-MLTutor-Exercise-open')).toBeVisible();

  // Showing the panel moves the keyboard focus into its tree, as the file browser does.
  await page.locator('.jp-SideBar [data-id="filebrowser"]').click();
  await expect(panel).toBeHidden();
  await page.locator('.jp-SideBar [data-id="jp-MLTutor-panel"]').click();
  await expect(panel).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          !!document.activeElement?.closest(
            '#jp-MLTutor-panel .jp-MLTutor-Tree'
          )
      )
    )
    .toBe(true);

  // Enter on the focused exercise opens it. The notebook is closed once its kernel
  // has started: JupyterLab's own session start rejects unhandled ("Disposed")
  // when a notebook is closed mid-start, which the fixture counts as a page error.
  await waitForKernelIdle(page);
  await page.evaluate(() => window.jupyterapp.shell.currentWidget?.dispose());
  await panel
    .locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
    .focus();
  await page.keyboard.press('Enter');
  await waitForCurrentPath(page, notebook);
});

test("case 6: after a rename, Open opens the learner's renamed notebook", async ({
  labPage,
  lab
}) => {
  const { page, exerciseFolder } = labPage;
  const folder = `${exerciseFolder}/missing-data`;
  await openExerciseByCommand(page, exercise);
  const count = await cellIndexByTag(page, countCell.cell);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await expect(
    feedbackAt(page, count).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  await page.evaluate(async () => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    await panel.context.save();
    await panel.context.rename('my-cleaning.ipynb');
  });
  await waitForCurrentPath(page, `${folder}/my-cleaning.ipynb`);
  await page.evaluate(() => window.jupyterapp.shell.currentWidget!.dispose());

  const panel = await openPanel(page);
  await panel.getByRole('searchbox').fill('missing');
  const open = panel.locator('.jp-MLTutor-Exercise-open');
  if (!(await open.isVisible())) {
    await panel
      .locator('.jp-MLTutor-Exercise-row', { hasText: exercise.title })
      .click();
  }
  await open.click();
  await waitForCurrentPath(page, `${folder}/my-cleaning.ipynb`);
  // No fresh copy under the original name.
  const names = await fileNames(page, lab, folder);
  expect(names).toContain('my-cleaning.ipynb');
  expect(names).not.toContain('missing-data.ipynb');
  // The learner's work is there.
  await expect(
    feedbackAt(page, count).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
});

test('case 7: revealing the solution of a passed cell says it keeps the pass, and does', async ({
  labPage
}) => {
  const { page } = labPage;
  await openExerciseByCommand(page, exercise);
  const count = await cellIndexByTag(page, countCell.cell);
  const clean = await cellIndexByTag(page, cleanCell.cell);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await runCell(page, clean, cleanCell.solution);
  await expect(
    feedbackAt(page, clean).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  const status = page.locator('.jp-MLTutor-ProgressStatus');
  await expect(status).toContainText(/^1 \/ \d+ solved$/);

  const feedback = feedbackAt(page, count);
  await feedback.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('already passed');
  await expect(dialog).toContainText('keeps your pass');
  await dialog.getByRole('button', { name: 'Show solution' }).click();
  await expect(feedback.locator('.jp-MLTutor-Solution-code')).toBeVisible();
  await expect(status).toContainText(/^1 \/ \d+ solved$/);
  const panel = await openPanel(page);
  await panel.getByRole('searchbox').fill('missing');
  await expect(
    panel
      .locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
      .locator('.jp-MLTutor-Exercise-status')
  ).toHaveText('Passed');

  // Not passed yet: the dialog says the exercise will show "Solution revealed".
  await page.evaluate(() => window.jupyterapp.shell.currentWidget!.dispose());
  const other = readExercise('data/normalize-numpy');
  await openExerciseByCommand(page, other);
  const first = await cellIndexByTag(page, other.cells[0].cell);
  await feedbackAt(page, first)
    .getByRole('button', { name: 'Show solution' })
    .click();
  await expect(page.locator('.jp-Dialog')).toContainText(
    'will then show “Solution revealed” instead of “Passed”'
  );
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Keep trying' })
    .click();
});
