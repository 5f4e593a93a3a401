/**
 * Verified results in the class dashboard: the class's current notebooks
 * (laid out as on the class machine, `homes/<user>/ml-exercises/<ex>/`) are
 * graded with `mltutor grade`, the gradebook is imported into the class
 * database with the hub service's own importer, and the dashboard's view
 * shows verified points beside live progress, marking the learner whose lab
 * says "passed" (a fooled live check) while the verified run does not.
 */
import { execFile } from 'child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundleCliRunner, ROOT } from './cli-bundle';
import type { INotebookContent } from '@jupyterlab/nbformat';

const PACK = join(ROOT, 'tests/fixtures/grading/pack');
const PYTHON = '/usr/bin/python3';
let work = '';

function exec(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(done => {
    execFile(
      command,
      args,
      { cwd: work, timeout: 300000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr
        })
    );
  });
}

function classNotebook(user: string, total: string): string {
  const notebook = JSON.parse(
    readFileSync(join(PACK, 'squares/squares.ipynb'), 'utf8')
  ) as INotebookContent;
  notebook.metadata.mltutor = {
    pack: 'grading-fixture',
    exercise: 'squares',
    version: '1'
  };
  const answers: Record<string, string> = {
    squares:
      "def squares(n):\n    if n < 1:\n        raise ValueError('n')\n    return [i * i for i in range(1, n + 1)]",
    total,
    table:
      "import pandas as pd\ntable = pd.DataFrame({'n': [1, 2, 3], 'square': squares(3)})",
    word: "word = 'squares'"
  };
  for (const cell of notebook.cells) {
    const tag = ((cell.metadata.tags as string[] | undefined) ?? []).find(t =>
      t.startsWith('mltutor:')
    );
    if (tag) {
      cell.source = answers[tag.slice('mltutor:'.length)];
    }
  }
  const dir = join(work, 'homes', user, 'ml-exercises', 'squares');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'squares.ipynb'), JSON.stringify(notebook));
  return join(dir, 'squares.ipynb');
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-grade-dashboard-'));
  bundleCliRunner(work, join(work, 'cli.js'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('verified points beside live progress; "live passed but verified did not" is marked', async () => {
  const files = [
    classNotebook('ann', 'total = sum(squares(4))'),
    // Fools a live check (its __eq__ is always True), not the graded run.
    classNotebook(
      'ben',
      'class Always:\n    def __eq__(self, other):\n        return True\ntotal = Always()'
    )
  ];
  const book = join(work, 'grades', 'gradebook.csv');
  const graded = await exec('node', [
    join(work, 'run.js'),
    'grade',
    ...files,
    '--pack',
    PACK,
    '-j',
    '2',
    '--out',
    book
  ]);
  expect(graded.stderr).toContain('2 of 2 submission(s) graded');

  const db = `sqlite:///${join(work, 'class.sqlite')}`;
  const imported = await exec(
    PYTHON,
    [
      '-m',
      'jupyterlab_mltutor.hub',
      'import-gradebook',
      join(work, 'grades', 'gradebook.json'),
      '--db',
      db
    ],
    {
      PYTHONPATH: ROOT
    }
  );
  expect(imported.stdout).toContain('2 verified result(s) stored');

  // Both labs reported the exercise passed (as the live checks said); then the dashboard's view.
  const view = await exec(
    PYTHON,
    [
      '-c',
      [
        'import json, sys',
        'from jupyterlab_mltutor.hub.store import ClassStore',
        'store = ClassStore(sys.argv[1])',
        'for user in ("ann", "ben"):',
        '    store.ingest(user, [{"id": user + "-1", "kind": "check", "pack": "grading-fixture", "exercise": "squares",',
        '                         "cell": "total", "verdict": "pass", "passed": True, "exerciseStatus": "passed"}])',
        'print(json.dumps(store.class_view()["grid"]))'
      ].join('\n'),
      db
    ],
    { PYTHONPATH: ROOT }
  );
  expect(view.stderr).toBe('');
  const grid = JSON.parse(view.stdout) as Record<
    string,
    Record<
      string,
      { status: string; verified: Record<string, unknown>; disagrees: boolean }
    >
  >;
  const ann = grid.ann['grading-fixture/squares'];
  const ben = grid.ben['grading-fixture/squares'];
  expect(ann.status).toBe('passed');
  expect(ann.verified).toMatchObject({
    status: 'pass',
    points: 6.5,
    maxPoints: 6.5,
    tamperingSuspected: false
  });
  expect(ann.disagrees).toBe(false);
  expect(ben.status).toBe('passed');
  expect(ben.verified).toMatchObject({
    status: 'fail',
    points: 5.5,
    maxPoints: 6.5
  });
  expect(ben.disagrees).toBe(true);
});
