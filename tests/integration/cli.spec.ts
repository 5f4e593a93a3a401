/**
 * `mltutor verify` and `mltutor check` as users run them: the CLI bundled
 * from the sources (as `npm run build:cli` does) and run in a child process,
 * with its own Jupyter server and kernels.
 */
import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, cpSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundleCliRunner, ROOT } from './cli-bundle';

const PACK = join(ROOT, 'tests/fixtures/verify-pack');
let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-cli-'));
  bundleCliRunner(work, join(work, 'cli.js'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function mltutor(
  args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(done => {
    execFile(
      'node',
      [join(work, 'run.js'), ...args],
      { cwd: ROOT, timeout: 300000 },
      (error, stdout, stderr) => {
        const code = error
          ? typeof error.code === 'number'
            ? error.code
            : -1
          : 0;
        done({ code, stdout, stderr });
      }
    );
  });
}

test('verify: a good exercise passes; a recorded right answer that fails, a wrong answer that passes and a wrong diagnosis are reported', async () => {
  const { code, stdout } = await mltutor(['verify', PACK]);
  const all = stdout.trim().split('\n');
  // Wrong answers naming no diagnosis are listed as notes (failures with --require-diagnoses).
  const notes = all.filter(line => line.startsWith('       note: '));
  const lines = all.filter(line => !notes.includes(line));
  expect(notes).toHaveLength(5);
  expect(notes[0]).toMatch(
    /^ {7}note: wrong answer \d of cell '\w+' \(check '[\w-]+'\) names no diagnosis/
  );
  expect(lines[0]).toMatch(
    /^ok {3}good {2}\(7 checks; right answers 3\/3 passed, wrong answers 5\/5 caught, diagnoses 1\/1 matched, 4 wrong answers name no diagnosis; \d+\.\d s\)$/
  );
  expect(lines.slice(1, 6)).toEqual([
    "FAIL bad-wrong-answer  wrong answer 2 of cell 'square': check 'square-of-3' should fail but gave pass",
    "       wrong answer 3 of cell 'square': check 'square-of-3' failed, but diagnosis 'doubled' should hold and 'cubed' did: `square` cubes `x`.",
    "       right answer 2 of cell 'square': check 'square-of-3' should pass but gave fail: `square(3)` is `9.5` but expected `9`",
    '       (right answers 1/2 passed, wrong answers 2/3 caught, diagnoses 1/2 matched, 1 wrong answer names no diagnosis)',
    'summary: 2 exercises, right answers 4/5 passed, wrong answers 7/8 caught, diagnoses 2/3 matched, 5 wrong answers name no diagnosis'
  ]);
  expect(lines[lines.length - 1]).toBe('1 passed, 1 failed');
  expect(code).toBe(1);
});

function learnerNotebook(answers: Record<string, string>): string {
  const notebook = JSON.parse(
    readFileSync(join(PACK, 'good/good.ipynb'), 'utf8')
  );
  notebook.metadata.mltutor = {
    pack: 'verify-fixture',
    exercise: 'good',
    version: '1'
  };
  for (const cell of notebook.cells) {
    const tag = (cell.metadata.tags ?? [])[0]?.replace('mltutor:', '');
    if (tag && answers[tag] !== undefined) {
      cell.source = answers[tag];
    }
  }
  const dir = mkdtempSync(join(work, 'learner-'));
  cpSync(join(PACK, 'good/ages.csv'), join(dir, 'ages.csv'));
  const path = join(dir, 'my answers.ipynb');
  writeFileSync(path, JSON.stringify(notebook));
  return path;
}

test('check: reports every check of a learner notebook, as JSON too, with exit codes', async () => {
  const right = learnerNotebook({
    fill: "filled = df.copy()\nfilled['age'] = filled['age'].fillna(df['age'].mean())\nprint(filled['age'].mean())",
    plot: "plt.hist(filled['age'], bins=5)\nplt.xlabel('age')\nplt.title('Age')",
    quiz: 'q1 = "B"'
  });
  const passing = await mltutor(['check', right, '--pack', PACK]);
  expect(passing.stdout).toContain('7 of 7 checks pass');
  expect(passing.code).toBe(0);

  const wrong = learnerNotebook({
    fill: 'filled = df.fillna(0)\nprint(31.5)',
    plot: '',
    quiz: 'q1 = "a"'
  });
  const failing = await mltutor(['check', wrong, '--json', '--pack', PACK]);
  expect(failing.code).toBe(1);
  const report = JSON.parse(failing.stdout);
  const statuses = Object.fromEntries(
    report.cells.flatMap(
      (cell: { criteria: Array<{ checkId: string; status: string }> }) =>
        cell.criteria.map(c => [c.checkId, c.status])
    )
  );
  expect(statuses).toEqual({
    'no-missing': 'pass',
    'mean-filled': 'fail',
    'df-untouched': 'pass',
    prints: 'pass',
    hist: 'fail',
    png: 'fail',
    q1: 'fail'
  });

  expect((await mltutor(['check'])).code).toBe(2);
  const plain = join(work, 'plain.ipynb');
  writeFileSync(
    plain,
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] })
  );
  expect((await mltutor(['check', plain])).code).toBe(2);
});

test('verify --require-diagnoses: a wrong answer naming no diagnosis is a failure, not a note', async () => {
  const { code, stdout } = await mltutor([
    'verify',
    PACK,
    '--only',
    'good',
    '--require-diagnoses'
  ]);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(
    /^FAIL good {2}wrong answer \d of cell '\w+' \(check '[\w-]+'\) names no diagnosis: give it the 'diagnosis' its failure must produce$/
  );
  expect(
    lines.filter(line => line.includes('names no diagnosis'))
  ).toHaveLength(4);
  expect(lines.some(line => line.includes('note:'))).toBe(false);
  expect(lines[lines.length - 1]).toBe('0 passed, 1 failed');
  expect(code).toBe(1);
});
