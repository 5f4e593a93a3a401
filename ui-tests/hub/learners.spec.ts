/**
 * Two learners on a real JupyterHub: both log in through the hub's login page and get
 * the exercise panel and a working kernel behind /user/<name>/; what one does never
 * shows for the other; each one's progress survives stopping and restarting their
 * server from the hub.
 */
import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { readExercise } from '../exercise';
import { cellIndexByTag, runCell, runCellsBefore } from '../helpers';
import { feedbackAt, openExercise, openPanel } from '../panel';
import { IPerson, logIn, openHubLab, stopServerFromHub } from './hub-page';
import { IHub, startHub } from './hub-server';

const exercise = readExercise('data/missing-data');
const [countCell] = exercise.cells;
const PROGRESS = path.join('ml-exercises', 'progress.json');

let hub: IHub;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = await startHub();
});

test.afterAll(async () => {
  await hub?.stop();
});

function statusOf(person: IPerson) {
  return person.page
    .locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
    .locator('.jp-MLTutor-Exercise-status');
}

function recordedCell(home: string): { firstPassAt: string | null } | null {
  const file = path.join(home, PROGRESS);
  if (!fs.existsSync(file)) {
    return null;
  }
  const progress = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (
    progress.exercises['ml-interview/missing-data']?.cells[countCell.cell] ??
    null
  );
}

test('two learners log in, each gets the panel and a kernel; progress stays with its owner; it survives a restart', async ({
  browser
}) => {
  const alice = await logIn(browser, hub, 'alice');
  const bob = await logIn(browser, hub, 'bob');
  await Promise.all([openHubLab(alice, hub), openHubLab(bob, hub)]);

  // Both have the panel with the bundled exercises.
  for (const person of [alice, bob]) {
    const panel = await openPanel(person.page);
    await expect(
      panel.locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
    ).toBeVisible();
  }

  // Alice solves the first checked cell in her own kernel.
  await openExercise(alice.page, exercise, 'missing');
  const index = await cellIndexByTag(alice.page, countCell.cell);
  await runCellsBefore(alice.page, index);
  await runCell(alice.page, index, countCell.solution);
  await expect(
    feedbackAt(alice.page, index).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  await expect(statusOf(alice)).not.toHaveText('Not started');
  await expect
    .poll(() => recordedCell(hub.home('alice'))?.firstPassAt)
    .toBeTruthy();

  // Bob's kernel works too: a wrong answer fails in his kernel, not Alice's.
  await openExercise(bob.page, exercise, 'missing');
  const bobIndex = await cellIndexByTag(bob.page, countCell.cell);
  await runCellsBefore(bob.page, bobIndex);
  await runCell(bob.page, bobIndex, countCell.wrong_answers[0].code);
  await expect(
    feedbackAt(bob.page, bobIndex).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-fail/);
  // ...and nothing of Alice's shows for him, in his panel or in his home.
  await bob.page.reload();
  await openHubLab(bob, hub);
  await openPanel(bob.page);
  await expect(statusOf(bob)).not.toHaveText('Passed');
  expect(recordedCell(hub.home('bob'))?.firstPassAt ?? null).toBeNull();
  // Bob's session cannot reach Alice's server at all.
  // Bob's session cannot reach Alice's server: the hub refuses him at sign-in.
  const intrusion = await bob.page.request.get(
    `${hub.url}/user/alice/api/contents/${PROGRESS}?content=1`
  );
  expect(intrusion.status()).toBe(403);
  expect(await intrusion.text()).not.toContain('firstPassAt');

  // Alice stops her server from the hub's home page and starts it again.
  const before = await statusOf(alice).textContent();
  await stopServerFromHub(alice, hub);
  await openHubLab(alice, hub);
  await openPanel(alice.page);
  await expect(statusOf(alice)).toHaveText(before ?? 'In progress');
  expect(recordedCell(hub.home('alice'))?.firstPassAt).toBeTruthy();

  await alice.context.close();
  await bob.context.close();
});
