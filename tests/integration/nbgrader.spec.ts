/**
 * `mltutor import-nbgrader` then `mltutor verify` on nbgrader's ps1/problem1:
 * the imported pack must verify in a real kernel (every solution passes its
 * checks, every starter fails its cell's first check). Runs the CLI's `main`
 * in this process: cli.spec.ts covers the bundled binary, and its bundling
 * helpers are private to it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { IExerciseSpec } from '../../src/catalog/format';
import { runInProcess as mltutor } from './cli-bundle';

const ROOT = resolve(__dirname, '../..');
const PROBLEM1 = join(ROOT, 'tests/fixtures/nbgrader/problem1.ipynb');
let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-nbgrader-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('problem1 imports into a pack that validates and verifies in a real kernel', async () => {
  const out = join(work, 'ps1');
  const imported = await mltutor([
    'import-nbgrader',
    PROBLEM1,
    '--out',
    out,
    '--pack-id',
    'ps1'
  ]);
  expect(imported.stderr).toContain("test 'sum_of_squares_uses_squares'");
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain(
    "pack 'ps1', exercise 'problem1' with 2 checked cell(s) and 4 check(s)"
  );
  expect(imported.stdout).toContain('"assets"');

  const spec = JSON.parse(
    readFileSync(join(out, 'problem1/exercise.json'), 'utf8')
  ) as IExerciseSpec;
  for (const cell of spec.cells) {
    expect(cell.wrong_answers).toEqual([
      expect.objectContaining({ fails: cell.checks[0].id })
    ]);
  }

  const validated = await mltutor(['validate', out]);
  expect(validated.stdout).toBe('');
  expect(validated.code).toBe(0);

  const verified = await mltutor(['verify', out]);
  expect(verified.stdout).toMatch(
    /^ok {3}problem1 {2}\(4 checks; right answers 0\/0 passed, wrong answers 2\/2 caught, diagnoses 0\/0 matched, 2 wrong answers name no diagnosis; \d+\.\d s\)$/m
  );
  expect(verified.stdout).toContain('1 passed, 0 failed');
  expect(verified.code).toBe(0);
});

test('import-nbgrader refuses, with exit 2, to overwrite or to read what is not a notebook', async () => {
  const full = join(work, 'full');
  expect(
    (await mltutor(['import-nbgrader', PROBLEM1, '--out', full])).code
  ).toBe(0);
  const again = await mltutor(['import-nbgrader', PROBLEM1, '--out', full]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('is not empty');

  const notJson = join(work, 'notes.ipynb');
  writeFileSync(notJson, 'not a notebook');
  const bad = await mltutor([
    'import-nbgrader',
    notJson,
    '--out',
    join(work, 'bad')
  ]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('is not a notebook');

  expect((await mltutor(['import-nbgrader', PROBLEM1])).code).toBe(2);
});
