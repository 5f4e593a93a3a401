/**
 * Issue 9 through the CLI as users run it (bundled from the sources, in a
 * child process): `--pack` cannot shadow the bundled pack (case 5), a
 * per-notebook limit stops a kernel that never finishes (case 4), `check`
 * copies only what the exercise needs and cleans up when killed (case 9),
 * and `validate` refuses escaping assets and warns on risky patterns.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundleCliRunner, ROOT } from './cli-bundle';

const PACK = join(ROOT, 'tests/fixtures/verify-pack');
const HOSTILE = join(ROOT, 'tests/fixtures/hostile');
let work = '';
let runner = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mltutor-rel-cli-'));
  // lib/cli.js next to exercises/, as in the package, so the bundled pack is found.
  symlinkSync(join(ROOT, 'exercises'), join(work, 'exercises'));
  runner = bundleCliRunner(work, join(work, 'lib', 'cli.js'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface IResult {
  code: number;
  stdout: string;
  stderr: string;
}

function mltutor(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<IResult> {
  return new Promise(done => {
    execFile(
      'node',
      [runner, ...args],
      { cwd: ROOT, timeout: 300000, env: { ...process.env, ...env } },
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

/** A learner's copy of the fixture's `good` notebook, with extra cells first or last. */
function learnerCopy(
  dir: string,
  extra: { first?: string; last?: string } = {},
  answers: Record<string, string> = {}
): string {
  const notebook = JSON.parse(
    readFileSync(join(PACK, 'good/good.ipynb'), 'utf8')
  );
  for (const cell of notebook.cells) {
    const tag = (cell.metadata.tags ?? [])[0]?.replace('mltutor:', '');
    if (tag && answers[tag] !== undefined) {
      cell.source = answers[tag];
    }
  }
  notebook.metadata.mltutor = {
    pack: 'verify-fixture',
    exercise: 'good',
    version: '1'
  };
  const cell = (source: string) => ({
    cell_type: 'code',
    metadata: {},
    source,
    outputs: [],
    execution_count: null
  });
  if (extra.first) {
    notebook.cells.unshift(cell(extra.first));
  }
  if (extra.last) {
    notebook.cells.push(cell(extra.last));
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'mine.ipynb');
  writeFileSync(path, JSON.stringify(notebook));
  return path;
}

const STUBBORN =
  'import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass';

test('check --pack refuses a pack that reuses the bundled pack id (an unanswered notebook does not pass)', async () => {
  const dir = mkdtempSync(join(work, 'shadow-'));
  const notebook = JSON.parse(
    readFileSync(
      join(ROOT, 'exercises/data/normalize-numpy/normalize-numpy.ipynb'),
      'utf8'
    )
  );
  notebook.metadata.mltutor = {
    pack: 'ml-interview',
    exercise: 'normalize-numpy',
    version: '1'
  };
  const path = join(dir, 'normalize-numpy.ipynb');
  writeFileSync(path, JSON.stringify(notebook));
  const result = await mltutor([
    'check',
    path,
    '--pack',
    join(HOSTILE, 'shadow-pack')
  ]);
  expect(result.stderr).toContain('refused');
  expect(result.stderr).toContain("pack id 'ml-interview' is already used");
  expect(result.stdout).not.toContain('checks pass');
  expect(result.code).toBe(2);
});

test('check copies only what the exercise needs: the notebook, its assets, the files it names', async () => {
  // The file the notebook must not see is named only by pieces: names in string literals are copied.
  const dir = join(work, 'learner-folder');
  const path = learnerCopy(dir, {
    last: "import os\nassert open('notes.txt').read() == 'mine'\nassert not os.path.exists('big-unrelated' + '.bin'), sorted(os.listdir('.'))"
  });
  cpSync(join(PACK, 'good/ages.csv'), join(dir, 'ages.csv'));
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  writeFileSync(join(dir, 'big-unrelated.bin'), Buffer.alloc(1024 * 1024));
  const result = await mltutor(['check', path, '--json', '--pack', PACK]);
  const report = JSON.parse(result.stdout);
  expect(report.problems).toEqual([]);
  expect(report.timedOut).toBe(false);
});

test('check --time-limit stops a notebook whose kernel ignores interrupts, and says so', async () => {
  const path = learnerCopy(mkdtempSync(join(work, 'loop-')), {
    first: STUBBORN
  });
  const result = await mltutor([
    'check',
    path,
    '--pack',
    PACK,
    '--time-limit',
    '6'
  ]);
  // One text, so that a failure shows stderr too: this test once got an empty
  // stdout under load (two integration halves at once). The message must be
  // in stdout's part.
  const whole = `code ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  expect(whole).toMatch(
    /^code 2\n--- stdout\n[^]*the notebook did not finish within 6 s: its kernel was stopped[^]*\n--- stderr\n/
  );
});

test('check removes its temporary folder when killed (SIGTERM)', async () => {
  const temp = mkdtempSync(join(work, 'tmp-'));
  const path = learnerCopy(mkdtempSync(join(work, 'killed-')), {
    first: STUBBORN
  });
  const child: ChildProcess = spawn(
    'node',
    [runner, 'check', path, '--pack', PACK],
    { cwd: ROOT, env: { ...process.env, TMPDIR: temp }, stdio: 'ignore' }
  );
  const exited = new Promise<number | null>(done =>
    child.once('exit', code => done(code))
  );
  // Wait until the run is under way: its folder exists and the kernel runs the loop.
  const started = Date.now();
  while (
    !readdirSync(temp).some(name => name.startsWith('mltutor-check-')) &&
    Date.now() - started < 60000
  ) {
    await new Promise(done => setTimeout(done, 200));
  }
  await new Promise(done => setTimeout(done, 5000));
  expect(
    readdirSync(temp).some(name => name.startsWith('mltutor-check-'))
  ).toBe(true);
  child.kill('SIGTERM');
  expect(await exited).toBe(143);
  expect(readdirSync(temp).filter(name => name.startsWith('mltutor-'))).toEqual(
    []
  );
});

test('validate refuses an asset that leaves its exercise folder and warns on nested quantifiers', async () => {
  const escape = await mltutor(['validate', join(HOSTILE, 'asset-escape')]);
  expect(escape.stdout).toContain(
    "/assets/0: asset '../../x' leads outside its exercise folder"
  );
  expect(escape.code).toBe(1);
  const risky = await mltutor(['validate', join(HOSTILE, 'risky-pattern')]);
  expect(risky.stderr).toContain('warning:');
  expect(risky.stderr).toContain('nested quantifiers');
  expect(risky.code).toBe(0);
});

test("check: a reference reads the pack's data file even when the learner's notebook rewrites its own copy", async () => {
  const dir = mkdtempSync(join(work, 'rewrites-'));
  cpSync(join(PACK, 'good/ages.csv'), join(dir, 'ages.csv'));
  const path = learnerCopy(
    dir,
    {},
    {
      fill: "df.fillna(0).to_csv('ages.csv', index=False)\nfilled = df.copy()\nfilled['age'] = filled['age'].fillna(df['age'].mean())\nprint(filled['age'].mean())"
    }
  );
  const result = await mltutor(['check', path, '--json', '--pack', PACK]);
  const report = JSON.parse(result.stdout);
  const statuses = Object.fromEntries(
    report.cells.flatMap(
      (cell: { criteria: Array<{ checkId: string; status: string }> }) =>
        cell.criteria.map(c => [c.checkId, c.status])
    )
  );
  expect(statuses['mean-filled']).toBe('pass');
});
