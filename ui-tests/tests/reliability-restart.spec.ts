/**
 * Issue 9, "also to test": the Jupyter server restarts while the learner's
 * page stays open with an unsaved edit. The edit is kept in the page and
 * saved once the server is back (same port, same token, same folders).
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '../../src/cli/free-port';
import { readExercise } from '../exercise';
import { expect, openLab, test, watchProblems } from '../fixtures';
import { activateCell, cellIndexByTag, setActiveCellSource } from '../helpers';
import { ILabServer, startLab } from '../lab-server';
import { openExercise } from '../panel';

const exercise = readExercise('data/missing-data');
const NOTEBOOK = 'ml-exercises/missing-data/missing-data.ipynb';
const EDIT = '# my edit, typed before the server restarted\ncounts = None';

test("a restarted server with the page open keeps the learner's edit", async ({
  page
}) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-root-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-home-'));
  const where = { root, home, port: await freePort(), token: 'restart-test' };
  let lab: ILabServer = await startLab(where);
  const watch = watchProblems(page);
  try {
    await openLab(page, lab);
    await openExercise(page, exercise, 'missing');
    const index = await cellIndexByTag(page, exercise.cells[0].cell);
    await activateCell(page, index);
    await setActiveCellSource(page, EDIT);

    // While the server is down, the page's requests and sockets are refused.
    watch.expectProblem(/net::ERR_CONNECTION_REFUSED/);
    await lab.stop();
    // The page stays open until it has seen the server go (its kernel's
    // connection lost), then the server comes back.
    await page.waitForFunction(
      () =>
        (window.jupyterapp.shell.currentWidget as NotebookPanel).sessionContext
          .session?.kernel?.connectionStatus !== 'connected'
    );
    lab = await startLab(where);

    // The edit is still in the page, and saving writes it to the learner's file.
    await expect
      .poll(
        async () => {
          try {
            await page.evaluate(() =>
              (
                window.jupyterapp.shell.currentWidget as NotebookPanel
              ).context.save()
            );
          } catch {
            return 'not saved yet';
          }
          const saved = JSON.parse(
            fs.readFileSync(path.join(root, NOTEBOOK), 'utf8')
          );
          const source = saved.cells[index].source;
          return Array.isArray(source) ? source.join('') : source;
        },
        { timeout: 60_000 }
      )
      .toBe(EDIT);
    expect(watch.unexpected(), 'errors in the page during the test').toEqual(
      []
    );
  } finally {
    // While the server is down, the page's requests and sockets are refused.
    watch.expectProblem(/net::ERR_CONNECTION_REFUSED/);
    await lab.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
});
