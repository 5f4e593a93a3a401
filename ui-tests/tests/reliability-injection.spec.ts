/**
 * Issue 9, "also to test": script injection in every text a pack or a
 * kernel can put on the page (titles, statement, hints, check descriptions
 * and messages, the learner's error text in a verdict). Nothing runs: the
 * payloads set `window.__pwned` if they ever do.
 */
import * as path from 'path';
import { oneCellNotebook, writePack } from '../exercise';
import { expect, test } from '../fixtures';
import { cellIndexByTag, runCell } from '../helpers';
import { feedbackAt, openExercise } from '../panel';

/** Every way HTML can run script, each naming itself. */
const PAYLOAD = [
  `<img src="data:," onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `<svg onload="window.__pwned='svg'"></svg>`,
  `<a href="javascript:window.__pwned='link'">link</a>`,
  `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  `[md](javascript:window.__pwned='md')`,
  `<details open ontoggle="window.__pwned='details'">x</details>`
].join(' ');

/**
 * The same kinds of handler, on elements the test adds after the texts were
 * shown: once these fired, the browser has had its chance to fire the
 * payloads' handlers too. (An inserted <svg> never fires onload: that payload
 * can only be caught by its attribute left in the page, checked below.)
 */
const CANARIES = [
  `<img src="data:," onerror="window.__fired.push('img')">`,
  `<details open ontoggle="window.__fired.push('details')">x</details>`,
  `<iframe srcdoc="<script>parent.__fired.push('iframe')</script>"></iframe>`
].join('');

/** Titles are short (120 characters at most): one payload each. */
const SHORT = `<img src="data:," onerror="window.__pwned='title'">`;

const EXERCISE = {
  schema: 1,
  id: 'xss-exercise',
  title: `XSS title ${SHORT}`,
  topic: 'xss',
  difficulty: 'beginner',
  statement: `Statement ${PAYLOAD}`,
  notebook: 'xss.ipynb',
  cells: [
    {
      cell: 'answer',
      title: `Cell title ${SHORT}`,
      checks: [
        {
          id: 'value',
          kind: 'value',
          expr: 'answer',
          expected: 42,
          description: `Description ${PAYLOAD}`,
          message: `Message ${PAYLOAD}`
        },
        {
          id: 'printed',
          kind: 'output',
          stream_contains: `Printed ${PAYLOAD}`
        }
      ],
      hints: [`Hint one ${PAYLOAD}`, `Hint two ${PAYLOAD}`],
      solution: 'answer = 42',
      wrong_answers: [{ code: 'answer = 0', fails: 'value' }]
    }
  ]
};

const NOTEBOOK = oneCellNotebook('answer = ...');

test.use({
  systemSettings: async ({ lab, home }, use) => {
    writePack(
      path.join(lab.root, home, 'xss-packs', 'xss'),
      {
        schema: 1,
        id: 'xss-pack',
        title: `XSS pack ${SHORT}`,
        topics: [{ id: 'xss', title: `XSS topic ${SHORT}` }]
      },
      EXERCISE,
      NOTEBOOK
    );
    await use({
      'jupyterlab-mltutor:catalog': {
        systemPackFolders: [`${home}/xss-packs/xss`]
      }
    });
  }
});

test('script in pack texts and kernel output never runs', async ({
  labPage
}) => {
  const { page, exerciseFolder } = labPage;
  await openExercise(page, EXERCISE, 'XSS', exerciseFolder);
  const index = await cellIndexByTag(page, 'answer');
  // The learner's value shows the payload as its repr: kernel text in the verdict.
  await runCell(
    page,
    index,
    `class Boom:\n    def __repr__(self):\n        return ${JSON.stringify(PAYLOAD)}\nanswer = Boom()\nprint(${JSON.stringify(PAYLOAD)})`
  );
  const feedback = feedbackAt(page, index);
  await feedback.getByRole('button', { name: 'Check' }).click();
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-fail/
  );
  await feedback.getByRole('button', { name: /Show hint 1 of/ }).click();
  await feedback.getByRole('button', { name: /Show hint 2 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(2);
  // The payloads did reach the page, as text: the author's message, the learner's error, the hints.
  await expect(feedback).toContainText('Message');
  await expect(feedback).toContainText('answer is of type Boom');
  await expect(feedback.locator('.jp-MLTutor-Hint').nth(1)).toContainText(
    'Hint two'
  );
  // Image errors, loads and toggles fire after the content is shown: wait
  // until the same handlers on elements added later have fired.
  await page.evaluate(html => {
    window.__fired = [];
    const canaries = document.createElement('div');
    canaries.id = 'test-canaries';
    canaries.innerHTML = html;
    document.body.appendChild(canaries);
  }, CANARIES);
  await expect
    .poll(() => page.evaluate(() => [...window.__fired!].sort()))
    .toEqual(['details', 'iframe', 'img']);
  await page.evaluate(() => document.getElementById('test-canaries')!.remove());
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  const survivors = await page.evaluate(() =>
    [...document.body.querySelectorAll('*')]
      .filter(
        element =>
          // (JupyterLab's own page config is a JSON script: data, not code.)
          (element.tagName === 'SCRIPT' &&
            element.id !== 'jupyter-config-data') ||
          element.tagName === 'IFRAME' ||
          [...element.attributes].some(
            attribute =>
              attribute.name.startsWith('on') ||
              /^\s*javascript:/i.test(attribute.value)
          )
      )
      .map(element => element.outerHTML.slice(0, 120))
  );
  expect(survivors).toEqual([]);
});
