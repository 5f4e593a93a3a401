/**
 * Instructors' packs in the lab: a broken pack shows its error in the panel,
 * and every other exercise stays usable.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expect, test } from '../fixtures';
import { openPanel, waitForCurrentPath } from '../panel';

const FIXTURES = path.resolve(
  __dirname,
  '..',
  '..',
  'tests',
  'fixtures',
  'packs'
);

// The course's folder: one good pack and one with an unknown check kind.
test.use({
  systemSettings: async ({ lab, home }, use) => {
    const shared = path.join(lab.root, home, 'course-packs');
    fs.cpSync(path.join(FIXTURES, 'valid'), path.join(shared, 'valid'), {
      recursive: true
    });
    fs.cpSync(
      path.join(FIXTURES, 'unknown-check-kind'),
      path.join(shared, 'broken'),
      { recursive: true }
    );
    await use({
      'jupyterlab-mltutor:catalog': {
        systemPackFolders: [`${home}/course-packs`]
      }
    });
  }
});

test('a broken instructor pack shows its error while the other exercises stay usable', async ({
  labPage
}) => {
  const { page, exerciseFolder } = labPage;
  const panel = await openPanel(page);

  const problems = panel.locator('.jp-MLTutor-Problem', {
    hasText: 'course-packs'
  });
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText(
    'course-packs/broken/ex/exercise.json'
  );
  await expect(problems.first()).toContainText('/cells/0/checks/1/kind');
  await expect(problems.first()).toContainText("unknown check kind 'regex'");

  // The instructor's valid pack and the bundled exercises are all there.
  const validPack = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'valid', 'pack.json'), 'utf8')
  );
  await expect(
    panel.locator('.jp-MLTutor-Topic-title', {
      hasText: validPack.topics[0].title
    })
  ).toBeVisible();
  await expect(
    panel.locator('.jp-MLTutor-Topic-title', { hasText: 'Data' })
  ).toBeVisible();

  // ...and usable: open one of the instructor's exercises.
  const spec = JSON.parse(
    fs.readFileSync(
      path.join(FIXTURES, 'valid', validPack.exercises[0], 'exercise.json'),
      'utf8'
    )
  );
  await panel.getByRole('searchbox').fill(spec.title);
  await panel
    .locator('.jp-MLTutor-Exercise-row', { hasText: spec.title })
    .click();
  await panel.locator('.jp-MLTutor-Exercise-open').click();
  await waitForCurrentPath(
    page,
    `${exerciseFolder}/${spec.id}/${spec.id}.ipynb`
  );
  await expect(page.locator('.jp-MLTutor-Feedback').first()).toBeVisible();
});
