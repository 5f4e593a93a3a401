/**
 * Hidden checks never reach the page: an instructor's pack with hidden checks
 * (tests/fixtures/grading/pack) opens in the lab; the learner's notebook, its
 * metadata and the page carry none of their content, only their count, which
 * the feedback shows ("2 more checks run when your work is graded").
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { expect, test } from '../fixtures';
import { cellIndexByTag, runCell, runCellsBefore } from '../helpers';
import { feedbackAt, openExercise } from '../panel';

const PACK = path.resolve(
  __dirname,
  '..',
  '..',
  'tests',
  'fixtures',
  'grading',
  'pack'
);
/** Text found only in the hidden checks of the fixture. */
const HIDDEN_TEXT = [
  'range(1, 13)',
  'rejects-zero',
  'squares(0) raises ValueError'
];

test.use({
  systemSettings: async ({ lab, home }, use) => {
    fs.cpSync(PACK, path.join(lab.root, home, 'graded-packs', 'grading'), {
      recursive: true
    });
    await use({
      'jupyterlab-mltutor:catalog': {
        systemPackFolders: [`${home}/graded-packs`]
      }
    });
  }
});

test('hidden checks are not in the page, the notebook or its metadata; their count is shown', async ({
  labPage,
  lab
}) => {
  const { page, exerciseFolder } = labPage;
  await openExercise(
    page,
    { id: 'squares', title: 'Squares' },
    'Squares',
    exerciseFolder
  );
  const index = await cellIndexByTag(page, 'squares');
  await runCellsBefore(page, index);
  await runCell(
    page,
    index,
    'def squares(n):\n    return [i * i for i in range(1, n + 1)]'
  );
  const feedback = feedbackAt(page, index);
  await expect(feedback.locator('.jp-MLTutor-Feedback-hidden')).toContainText(
    '2 more'
  );
  // The visible check ran and passed; nothing of the hidden ones is anywhere in the page.
  await expect(feedback).toContainText('squares(3)');
  const html = await page.content();
  const metadata = await page.evaluate(() =>
    JSON.stringify(
      (
        window.jupyterapp.shell.currentWidget as NotebookPanel
      ).context.model.toJSON()
    )
  );
  const saved = fs.readFileSync(
    path.join(lab.root, exerciseFolder, 'squares', 'squares.ipynb'),
    'utf8'
  );
  for (const text of HIDDEN_TEXT) {
    expect(html).not.toContain(text);
    expect(metadata).not.toContain(text);
    expect(saved).not.toContain(text);
  }
});
