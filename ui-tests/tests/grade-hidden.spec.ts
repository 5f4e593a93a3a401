/**
 * Hidden checks never reach the page: an instructor's pack with hidden checks
 * (tests/fixtures/grading/pack) opens in the lab; the learner's notebook, its
 * metadata and the page carry none of their content, only their count, which
 * the feedback shows ("2 more checks run when your work is graded").
 */
import * as fs from 'fs';
import * as path from 'path';
import { expect, openLab, test } from '../fixtures';
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

test('hidden checks are not in the page, the notebook or its metadata; their count is shown', async ({
  page,
  lab
}) => {
  const shared = path.join(lab.root, 'graded-packs');
  fs.cpSync(PACK, path.join(shared, 'grading'), { recursive: true });
  const overrides = path.join(lab.appSettings, 'overrides.json');
  fs.writeFileSync(
    overrides,
    JSON.stringify({
      'jupyterlab-mltutor:catalog': { systemPackFolders: ['graded-packs'] }
    })
  );
  try {
    await openLab(page, lab);
    await openExercise(page, { id: 'squares', title: 'Squares' }, 'Squares');
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
        (window as any).jupyterapp.shell.currentWidget.context.model.toJSON()
      )
    );
    const saved = fs.readFileSync(
      path.join(lab.root, 'ml-exercises', 'squares', 'squares.ipynb'),
      'utf8'
    );
    for (const text of HIDDEN_TEXT) {
      expect(html).not.toContain(text);
      expect(metadata).not.toContain(text);
      expect(saved).not.toContain(text);
    }
  } finally {
    fs.rmSync(overrides, { force: true });
    fs.rmSync(shared, { recursive: true, force: true });
  }
});
