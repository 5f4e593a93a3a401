/**
 * `mltutor grade` as an instructor runs it: a batch graded two at a time, in
 * which one submission loops for ever, one allocates without end and one
 * tries to fork; an honest one, a wrong one (caught only by hidden checks) and
 * a forging one among them; then an interrupted run that continues where it
 * stopped, and a changed submission graded again.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
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
import { parseGradebook } from '../../src/grading/gradebook';

const PACK = join(ROOT, 'tests/fixtures/grading/pack');
const NOTEBOOK = join(PACK, 'squares/squares.ipynb');
let work = '';

const RIGHT: Record<string, string> = {
  squares:
    "def squares(n):\n    if n < 1:\n        raise ValueError('n')\n    return [i * i for i in range(1, n + 1)]",
  total: 'total = sum(squares(4))',
  table:
    "import pandas as pd\ntable = pd.DataFrame({'n': [1, 2, 3], 'square': squares(3)})",
  word: "word = 'squares'"
};

function submission(
  learner: string,
  answers: Record<string, string> = {}
): string {
  const notebook = JSON.parse(
    readFileSync(NOTEBOOK, 'utf8')
  ) as INotebookContent;
  notebook.metadata.mltutor = {
    pack: 'grading-fixture',
    exercise: 'squares',
    version: '1'
  };
  for (const cell of notebook.cells) {
    const tag = ((cell.metadata.tags as string[] | undefined) ?? []).find(t =>
      t.startsWith('mltutor:')
    );
    if (tag) {
      cell.source = { ...RIGHT, ...answers }[tag.slice('mltutor:'.length)];
    }
  }
  const dir = join(work, 'submitted', learner);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'squares.ipynb');
  writeFileSync(file, JSON.stringify(notebook));
  return file;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-grade-'));
  bundleCliRunner(work, join(work, 'cli.js'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function grade(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise(done => {
    execFile(
      'node',
      [join(work, 'run.js'), 'grade', ...args],
      { cwd: work, timeout: 600000 },
      (error, _out, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stderr
        })
    );
  });
}

test('a batch with a runaway, a memory hog and a fork, graded two at a time', async () => {
  const files = [
    submission('alice'),
    submission('bob', {
      squares:
        'def squares(n):\n    if n < 1:\n        raise ValueError()\n    return [i * i for i in range(1, min(n, 10) + 1)]'
    }),
    submission('carol', { total: 'while True:\n    pass' }),
    submission('dan', {
      table: 'import numpy as np\nhog = np.ones((60000, 60000))\n' + RIGHT.table
    }),
    submission('erin', {
      word: "import os\nwhile True:\n    os.fork()\nword = 'squares'"
    }),
    submission('fay', {
      total:
        'import json\n_d = json.dumps\njson.dumps = lambda o, *a, **k: _d(o, *a, **k).replace(\'"fail"\', \'"pass"\')\ntotal = 0'
    })
  ];
  const out = join(work, 'book', 'gradebook.csv');
  const { code, stderr } = await grade([
    ...files,
    '--pack',
    PACK,
    '-j',
    '2',
    '--out',
    out,
    // Long enough for an honest notebook on a loaded machine; the runaway burns a core for all of it.
    '--time-limit',
    '12'
  ]);
  expect(stderr).toContain('6 of 6 submission(s) graded');
  expect(code).toBe(0);
  const book = parseGradebook(
    readFileSync(join(work, 'book', 'gradebook.json'), 'utf8')
  );
  const by = Object.fromEntries(book.submissions.map(s => [s.learner, s]));
  expect(Object.keys(by)).toEqual([
    'alice',
    'bob',
    'carol',
    'dan',
    'erin',
    'fay'
  ]);
  // Full marks: every check, hidden ones included (squares 1 + 2 + 1, total as a cell 1, table 1, word 0.5).
  expect([by.alice.points, by.alice.max_points, by.alice.failing]).toEqual([
    6.5,
    6.5,
    []
  ]);
  expect(by.bob.failing).toEqual(['squares/large']);
  expect(by.bob.cells[0].checks.find(c => c.id === 'large')).toMatchObject({
    hidden: true,
    points: 0,
    max_points: 2
  });
  expect([by.carol.status, by.carol.stopped]).toEqual([
    'stopped',
    'time-limit'
  ]);
  expect(by.carol.failing).toEqual(
    expect.arrayContaining(['total/total', 'word/word'])
  );
  expect(by.carol.cells[0].points).toBe(4);
  expect(by.dan.stopped).toBe('memory-limit');
  expect(by.dan.failing).toEqual(['table/table']);
  expect(by.erin.failing).toEqual(['word/word']);
  expect(by.erin.problems.join(' ')).toContain('PermissionError');
  expect(by.fay.tampering.length).toBeGreaterThan(0);
  expect(by.fay.failing).toEqual(
    expect.arrayContaining(['total/total', 'table/table', 'word/word'])
  );
  for (const honest of [by.alice, by.bob, by.carol, by.dan, by.erin]) {
    expect(honest.tampering).toEqual([]);
  }
  const csv = readFileSync(out, 'utf8').trim().split('\n');
  expect(csv[0]).toBe(
    'learner,path,exercise,points,max_points,status,stopped,tampering_suspected,tampering,failing_checks,problems'
  );
  expect(csv.find(line => line.startsWith('fay,'))).toContain(',yes,');
  expect(csv.find(line => line.startsWith('bob,'))).toContain('squares/large');
});

test('an interrupted run continues where it stopped; a changed submission is graded again', async () => {
  const files = ['gus', 'hal', 'ida'].map(name => submission(name));
  const out = join(work, 'resume', 'gradebook.csv');
  // Interrupt (Ctrl-C) as soon as the first submission is graded.
  const first = await new Promise<{ code: number | null; stderr: string }>(
    done => {
      const child: ChildProcess = spawn(
        'node',
        [join(work, 'run.js'), 'grade', ...files, '--pack', PACK, '--out', out],
        {
          cwd: work
        }
      );
      let stderr = '';
      child.stderr?.on('data', chunk => {
        stderr += String(chunk);
        if (/points/.test(stderr) && !child.killed) {
          child.kill('SIGINT');
        }
      });
      child.on('exit', code => done({ code, stderr }));
    }
  );
  expect(first.stderr).toContain('run again to continue');
  expect(first.code).toBe(1);
  const journal = readFileSync(
    join(work, 'resume', 'gradebook.journal.jsonl'),
    'utf8'
  )
    .trim()
    .split('\n');
  expect(journal.length).toBeGreaterThanOrEqual(1);
  expect(journal.length).toBeLessThan(3);

  const second = await grade([...files, '--pack', PACK, '--out', out]);
  expect(second.code).toBe(0);
  expect(second.stderr.match(/\(from the journal\)/g)?.length).toBe(
    journal.length
  );
  expect(second.stderr).toContain('3 of 3 submission(s) graded');

  submission('ida', { word: "word = 'square'" });
  const third = await grade([...files, '--pack', PACK, '--out', out]);
  expect(third.stderr.match(/\(from the journal\)/g)?.length).toBe(2);
  const book = parseGradebook(
    readFileSync(join(work, 'resume', 'gradebook.json'), 'utf8')
  );
  expect(book.submissions.map(s => [s.learner, s.points])).toEqual([
    ['gus', 6.5],
    ['hal', 6.5],
    ['ida', 6]
  ]);
});
