/**
 * The learner's path through the missing-data exercise, in a real lab on a
 * real kernel: open it from the panel, get it wrong, follow the hints, get it
 * right, and find the progress saved after a reload and a server restart.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Page } from '@playwright/test';
import {
  expect,
  ILabPage,
  openLab,
  test,
  watchProblems,
  withExerciseFolder,
  writeSystemSettings
} from '../fixtures';
import { plainText, readExercise } from '../exercise';
import {
  cellIndexByTag,
  fileNames,
  readNotebook,
  readProgress,
  runCell,
  runCellsBefore,
  saveCurrent,
  setCellSource,
  startCell,
  waitForKernelIdle
} from '../helpers';
import { startLab } from '../lab-server';
import { feedbackAt, openExercise, waitForCurrentPath } from '../panel';

const exercise = readExercise('data/missing-data');
const PROGRESS_KEY = 'ml-interview/missing-data';
const [countCell, cleanCell] = exercise.cells;

/** The learner's copy of the exercise, in this test's exercise folder. */
function notebookOf(labPage: ILabPage): string {
  return `${labPage.exerciseFolder}/missing-data/missing-data.ipynb`;
}

/** Opens the missing-data exercise from the panel. */
function openExerciseFromPanel(labPage: ILabPage): Promise<void> {
  return openExercise(
    labPage.page,
    exercise,
    'missing',
    labPage.exerciseFolder
  );
}

/** Runs the setup and both checked cells with their solutions. */
async function solve(page: Page): Promise<void> {
  const count = await cellIndexByTag(page, countCell.cell);
  await runCellsBefore(page, count);
  await runCell(page, count, countCell.solution);
  await runCell(
    page,
    await cellIndexByTag(page, cleanCell.cell),
    cleanCell.solution
  );
}

/** The feedback under the first cell tagged for the checked cell `name`. */
async function feedbackOf(page: Page, name: string) {
  return feedbackAt(page, await cellIndexByTag(page, name));
}

// Every test opens its own copy of the exercise in its own exercise folder.

test('a wrong answer fails with its message, hints come one at a time, the fix passes', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(labPage);

  // Injected: the learner's own copy, naming its exercise.
  const copy = await readNotebook(page, lab, notebookOf(labPage));
  expect(copy).not.toBeNull();
  expect(copy!.metadata.mltutor).toMatchObject({
    pack: 'ml-interview',
    exercise: 'missing-data'
  });

  const index = await cellIndexByTag(page, countCell.cell);
  await runCellsBefore(page, index);
  const wrong = countCell.wrong_answers[0];
  await runCell(page, index, wrong.code);

  const feedback = await feedbackOf(page, countCell.cell);
  const verdict = feedback.locator('.jp-MLTutor-Verdict');
  await expect(verdict).toHaveClass(/jp-mod-fail/);
  await expect(verdict.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Not yet'
  );
  const failing = countCell.checks.find(check => check.id === wrong.fails)!;
  const failed = verdict.locator('.jp-MLTutor-Criterion.jp-mod-fail');
  await expect(failed.first()).toBeVisible();
  if (failing.message) {
    await expect(verdict).toContainText(
      plainText(failing.message).slice(0, 40)
    );
  }

  await feedback.getByRole('button', { name: /Show hint 1 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(1);
  await expect(feedback.locator('.jp-MLTutor-Hint-label')).toHaveText(
    `Hint 1 of ${countCell.hints.length}`
  );
  await feedback.getByRole('button', { name: /Show hint 2 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(2);
  await expect(feedback.locator('.jp-MLTutor-Hint').nth(1)).toContainText(
    plainText(countCell.hints[1]).slice(0, 30)
  );

  await runCell(page, index, countCell.solution);
  await expect(verdict).toHaveClass(/jp-mod-pass/);
  await expect(verdict.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Passed'
  );

  // The whole exercise: the second checked cell too, then the panel and status bar say so.
  const cleanIndex = await cellIndexByTag(page, cleanCell.cell);
  await runCell(page, cleanIndex, cleanCell.solution);
  await expect(
    (await feedbackOf(page, cleanCell.cell)).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  const row = page.locator('.jp-MLTutor-Exercise', { hasText: exercise.title });
  await expect(row.locator('.jp-MLTutor-Exercise-status')).toHaveText('Passed');
  await expect(page.locator('.jp-MLTutor-ProgressStatus')).toContainText(
    /^1 \/ \d+ solved$/
  );
});

test('progress survives a page reload and a server restart', async ({
  labPage,
  lab,
  browser
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(labPage);
  const feedback = await feedbackOf(page, countCell.cell);
  await feedback.getByRole('button', { name: /Show hint 1 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(1);
  await solve(page);
  const solved = /^1 \/ \d+ solved$/;
  await expect(page.locator('.jp-MLTutor-ProgressStatus')).toContainText(
    solved
  );
  await expect
    .poll(async () => {
      const file = await readProgress(page, lab, labPage.exerciseFolder);
      return file?.exercises[PROGRESS_KEY]?.cells[cleanCell.cell]?.firstPassAt;
    })
    .toBeTruthy();
  const record = (await readProgress(page, lab, labPage.exerciseFolder))!
    .exercises[PROGRESS_KEY];
  expect(record.cells[countCell.cell].hintsUsed).toBe(1);
  expect(record.cells[countCell.cell].firstPassAt).not.toBeNull();

  await saveCurrent(page);
  await openLab(page, lab);
  await expect(page.locator('.jp-MLTutor-ProgressStatus')).toContainText(
    solved
  );

  // A second server on the same root and settings, as after a restart.
  const restarted = await startLab({ root: lab.root });
  try {
    writeSystemSettings(
      restarted,
      withExerciseFolder({}, labPage.exerciseFolder)
    );
    const other = await browser.newPage();
    const watch = watchProblems(other);
    await openLab(other, restarted);
    await expect(other.locator('.jp-MLTutor-ProgressStatus')).toContainText(
      solved
    );
    expect(watch.unexpected(), 'errors in the other page').toEqual([]);
    await other.close();
  } finally {
    await restarted.stop();
  }
});

test("reopening keeps the learner's edits; reset keeps them in a backup", async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const notebook = notebookOf(labPage);
  await openExerciseFromPanel(labPage);
  await page.evaluate(async () => {
    const panel = window.jupyterapp.shell.currentWidget as NotebookPanel;
    panel.content.widgets[0].model.sharedModel.setSource('# my own notes');
    await panel.context.save();
    panel.dispose();
  });
  await openExerciseFromPanel(labPage);
  const reopened = await readNotebook(page, lab, notebook);
  expect(reopened!.cells[0].source).toBe('# my own notes');

  await page.locator('.jp-MLTutor-Exercise-reset').click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('backup');
  await dialog.getByRole('button', { name: 'Reset' }).click();
  // Said once the backup is written and the fresh copy is in place.
  await expect(
    page.getByText(/Your previous notebook was kept as/).first()
  ).toBeVisible();
  await waitForCurrentPath(page, notebook);
  const fresh = await readNotebook(page, lab, notebook);
  expect(fresh!.cells[0].source).not.toBe('# my own notes');
  const folder = `${labPage.exerciseFolder}/missing-data`;
  const backups = (await fileNames(page, lab, folder)).filter(name =>
    /\.backup-\d{8}-\d{6}\.ipynb$/.test(name)
  );
  expect(backups).toHaveLength(1);
  const backup = await readNotebook(page, lab, `${folder}/${backups[0]}`);
  expect(backup!.cells[0].source).toBe('# my own notes');
});

test('revealing the solution asks first and is recorded', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(labPage);
  const feedback = await feedbackOf(page, cleanCell.cell);
  await feedback.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Revealing the solution is recorded');
  await dialog.getByRole('button', { name: 'Keep trying' }).click();
  await expect(feedback.locator('.jp-MLTutor-Solution-code')).toHaveCount(0);

  await feedback.getByRole('button', { name: 'Show solution' }).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Show solution' })
    .click();
  await expect(feedback.locator('.jp-MLTutor-Solution-code')).toContainText(
    'def clean(frame)'
  );
  // Not passed before: the exercise now says so, and the progress file holds it.
  // (A cell already passed keeps its pass: trust-panel.spec.ts, case 7.)
  await expect(
    page
      .locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
      .locator('.jp-MLTutor-Exercise-status')
  ).toHaveText('Solution revealed');
  await expect
    .poll(async () => {
      const file = await readProgress(page, lab, labPage.exerciseFolder);
      return file?.exercises[PROGRESS_KEY]?.cells[cleanCell.cell]
        ?.solutionRevealed;
    })
    .toBe(true);
});

test.describe('with solutions switched off by the instructor', () => {
  test.use({
    systemSettings: { 'jupyterlab-mltutor:notebook': { allowSolutions: false } }
  });

  test('an instructor can switch solutions off for everyone (overrides.json)', async ({
    labPage
  }) => {
    const { page } = labPage;
    await openExerciseFromPanel(labPage);
    const feedback = await feedbackOf(page, countCell.cell);
    await expect(
      feedback.getByRole('button', { name: /Show hint/ })
    ).toBeVisible();
    await expect(
      feedback.getByRole('button', { name: 'Show solution' })
    ).toHaveCount(0);
    await expect(feedback.locator('.jp-MLTutor-Solution-code')).toHaveCount(0);
  });
});

test('a check behind a long-running cell says it waits, and can be cancelled', async ({
  labPage
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(labPage);
  const index = await cellIndexByTag(page, countCell.cell);
  // A long cell above the checked one keeps the kernel busy.
  await setCellSource(page, 1, 'import time\ntime.sleep(30)');
  await startCell(page, 1);
  const feedback = await feedbackOf(page, countCell.cell);
  await feedback.getByRole('button', { name: 'Check' }).click();
  await expect(feedback.locator('.jp-MLTutor-Feedback-pending')).toContainText(
    'Waiting for the kernel'
  );
  await feedback.getByRole('button', { name: 'Cancel' }).click();
  await expect(feedback.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Check cancelled'
  );
  await page.evaluate(() =>
    (
      window.jupyterapp.shell.currentWidget as NotebookPanel
    ).sessionContext.session!.kernel!.interrupt()
  );
  await waitForKernelIdle(page);
  expect(index).toBeGreaterThan(1);
});
