/**
 * The pre-trained image classification exercise in the lab: its binary
 * weights are injected next to the notebook intact, and PyTorch checks run on
 * the learner's kernel.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expect, test } from '../fixtures';
import { feedbackAt, openExercise } from '../panel';
import { readExercise } from '../exercise';
import { cellIndexByTag, runCell, runCellsBefore } from '../helpers';

const FOLDER = 'deep-learning/pretrained-image-classification';
const exercise = readExercise(FOLDER);

test('the pre-trained model exercise: weights injected intact, a forgotten eval() fails, the fix passes', async ({
  labPage,
  lab
}) => {
  const { page, exerciseFolder } = labPage;
  await openExercise(page, exercise, 'pre-trained', exerciseFolder);

  const weights = 'digits_cnn_v1.pth';
  const shipped = fs.readFileSync(
    path.resolve(__dirname, '..', '..', 'exercises', FOLDER, weights)
  );
  const injected = fs.readFileSync(
    path.join(lab.root, exerciseFolder, exercise.id, weights)
  );
  expect(injected.equals(shipped)).toBe(true);

  const load = exercise.cells[0];
  const index = await cellIndexByTag(page, load.cell);
  await runCellsBefore(page, index);
  const feedback = feedbackAt(page, index);
  const noEval = load.wrong_answers.find(wrong => wrong.fails === 'eval-mode');
  expect(noEval).toBeDefined();
  await runCell(page, index, noEval!.code);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-fail/,
    { timeout: 60_000 }
  );
  await runCell(page, index, load.solution);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-pass/,
    { timeout: 60_000 }
  );
});
