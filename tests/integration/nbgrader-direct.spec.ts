/**
 * nbgrader notebooks as they are: `mltutor check` on nbgrader's ps1/problem1
 * (the instructor's source, the release, learners' copies with mistakes)
 * reports each test cell with its points and exits 1 when one fails; the
 * `del squares` test runs in the clean kernel and tells an answer that calls
 * `squares` from one that does not; `mltutor grade --pack SOURCE.ipynb` grades
 * copies against the source's tests, hidden ones included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { runInProcess as mltutor } from './cli-bundle';
import { parseGradebook } from '../../src/grading/gradebook';

const FIXTURES = resolve(__dirname, '../fixtures/grading/nbgrader');
const file = (name: string): string => join(FIXTURES, `${name}.ipynb`);
let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-nbgrader-direct-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The status line of a check in `mltutor check`'s report. */
function line(stdout: string, check: string): string {
  return stdout.split('\n').find(l => l.trim().split(/\s+/)[1] === check) ?? '';
}

test('the source notebook passes every test cell, each shown with its points', async () => {
  const { code, stdout } = await mltutor(['check', file('source')]);
  expect(line(stdout, 'correct-squares')).toMatch(
    /^ {2}pass {2}correct-squares \(1 point\): Check that squares returns/
  );
  expect(line(stdout, 'correct-sum-of-squares')).toContain('(0.5 points)');
  expect(line(stdout, 'sum-of-squares-uses-squares')).toMatch(/^ {2}pass /);
  expect(stdout).toContain('4 of 4 checks pass');
  expect(code).toBe(0);
});

test('learners’ copies: a missing ValueError, a sum that does not call squares, the untouched release', async () => {
  const bob = await mltutor(['check', file('bob')]);
  expect(line(bob.stdout, 'squares-invalid-input')).toMatch(
    /^ {2}fail {2}squares-invalid-input \(1 point\)/
  );
  expect(bob.stdout).toContain('did not raise');
  expect(bob.code).toBe(1);

  const carol = await mltutor(['check', file('carol')]);
  expect(line(carol.stdout, 'correct-sum-of-squares')).toMatch(/^ {2}pass /);
  expect(line(carol.stdout, 'sum-of-squares-uses-squares')).toMatch(
    /^ {2}fail /
  );
  expect(carol.stdout).toContain('sum_of_squares does not use squares');
  expect(carol.code).toBe(1);

  const release = await mltutor(['check', file('release')]);
  expect(release.stdout).toContain('0 of 4 checks pass');
  expect(release.stdout).toContain('NotImplementedError');
  expect(release.code).toBe(1);
});

test('checked against the source, a copy runs the source’s hidden tests only when graded', async () => {
  // A source with a hidden test: learners' copies never see it.
  const source = JSON.parse(
    readFileSync(file('source'), 'utf8')
  ) as INotebookContent;
  const test = source.cells.find(
    c =>
      (c.metadata.nbgrader as { grade_id?: string } | undefined)?.grade_id ===
      'correct_squares'
  )!;
  test.source = `${String(Array.isArray(test.source) ? test.source.join('') : test.source)}\n### BEGIN HIDDEN TESTS\nassert squares(20)[-1] == 400\n### END HIDDEN TESTS\n`;
  const withHidden = join(work, 'source-hidden.ipynb');
  writeFileSync(withHidden, JSON.stringify(source));
  // A copy that is right up to 10 only.
  const dave = JSON.parse(
    readFileSync(file('alice'), 'utf8')
  ) as INotebookContent;
  const answer = dave.cells.find(
    c =>
      (c.metadata.nbgrader as { grade_id?: string } | undefined)?.grade_id ===
      'squares'
  )!;
  answer.source =
    'def squares(n):\n    if n < 1:\n        raise ValueError("n")\n    return [i * i for i in range(1, min(n, 11) + 1)]';
  const davePath = join(work, 'dave.ipynb');
  writeFileSync(davePath, JSON.stringify(dave));

  const checked = await mltutor(['check', davePath, '--pack', withHidden]);
  expect(line(checked.stdout, 'correct-squares-visible')).toMatch(/^ {2}pass /);
  expect(line(checked.stdout, 'correct-squares')).toBe('');
  expect(checked.stdout).toContain(
    '1 more check(s) run when your work is graded'
  );
  expect(checked.code).toBe(0);

  const out = join(work, 'book.csv');
  const graded = await mltutor([
    'grade',
    davePath,
    file('alice'),
    '--pack',
    withHidden,
    '--out',
    out,
    '-j',
    '2'
  ]);
  expect(graded.code).toBe(0);
  const book = parseGradebook(readFileSync(join(work, 'book.json'), 'utf8'));
  const [daveGrade, aliceGrade] = book.submissions;
  expect([aliceGrade.points, aliceGrade.max_points]).toEqual([3, 3]);
  expect(daveGrade.failing).toEqual(['squares/correct-squares']);
  expect(daveGrade.points).toBe(2);
  expect(
    daveGrade.cells[0].checks.find(c => c.id === 'correct-squares')
  ).toMatchObject({ hidden: true, points: 0, max_points: 1 });
});
