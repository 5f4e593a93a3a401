/**
 * `mltutor grade SUBMISSION... --pack DIR [-j N] [--out gradebook.csv]`:
 * grades learners' notebooks, each in its own fresh sealed kernel with every
 * check (hidden ones included), and writes a gradebook (CSV and JSON). An
 * interrupted run continues where it stopped (see src/grading/batch.ts).
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { gradeBatch, journalPath } from '../grading/batch';
import { DEFAULT_LIMITS, ISubmission } from '../grading/grade-one';
import {
  GRADEBOOK_FORMAT,
  gradebookCsv,
  IGradebook,
  ISubmissionGrade,
  roundPoints
} from '../grading/gradebook';
import { loadExercises, matchExercise } from '../grading/exercises';
import { silenceServicesLogging } from './jupyter-server';
import { errorText } from '../errors';

const USAGE = `Usage: mltutor grade SUBMISSION... --pack DIR [-j N] [--out gradebook.csv]

Grades learners' notebooks: each runs top to bottom in its own fresh kernel,
sealed before any learner code runs, with every check of its exercise
(hidden ones included), within a time and a memory limit. Writes the
gradebook as CSV (--out) and JSON (same name, .json), with points and the
failing checks of each learner, and flags submissions whose code reached for
the check machinery ("tampering suspected").

  --pack DIR|FILE     the pack (or folder of packs) of the exercises; or an
                      nbgrader source notebook (its tests, hidden ones included)
  -j, --jobs N        grade N submissions at a time (default 1)
  --out FILE          gradebook CSV (default gradebook.csv)
  --time-limit S      seconds per submission, all cells and checks (default ${DEFAULT_LIMITS.timeMs / 1000})
  --memory-limit MB   memory a submission may allocate (default ${DEFAULT_LIMITS.memoryMb})
  --restart           forget the journal of an earlier, interrupted run

An interrupted run (Ctrl-C, a crash) keeps what it graded in FILE.journal.jsonl:
run the same command again to continue where it stopped.

Exit status: 0 when every submission was graded (whatever its points), 1 when
some could not be graded, 2 on usage or infrastructure errors.
`;

interface IGradeArgs {
  submissions: string[];
  pack: string;
  jobs: number;
  out: string;
  timeMs: number;
  memoryMb: number;
  restart: boolean;
}

function positive(text: string | undefined): number | null {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) && value > 0
    ? value
    : null;
}

function parseArgs(argv: string[]): IGradeArgs | number {
  const args: IGradeArgs = {
    submissions: [],
    pack: '',
    jobs: 1,
    out: 'gradebook.csv',
    timeMs: DEFAULT_LIMITS.timeMs,
    memoryMb: DEFAULT_LIMITS.memoryMb,
    restart: false
  };
  const fail = (message: string): number => {
    process.stderr.write(`mltutor grade: ${message}\n\n${USAGE}`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--pack' && value) {
      args.pack = value;
      i++;
    } else if ((arg === '-j' || arg === '--jobs') && value) {
      const jobs = positive(value);
      if (!jobs || !Number.isInteger(jobs)) {
        return fail(`${arg} wants a whole number of jobs, not '${value}'`);
      }
      args.jobs = jobs;
      i++;
    } else if (arg === '--out' && value) {
      args.out = value;
      i++;
    } else if (arg === '--time-limit' && value) {
      const seconds = positive(value);
      if (!seconds) {
        return fail(`--time-limit wants seconds, not '${value}'`);
      }
      args.timeMs = seconds * 1000;
      i++;
    } else if (arg === '--memory-limit' && value) {
      const mb = positive(value);
      if (!mb) {
        return fail(`--memory-limit wants megabytes, not '${value}'`);
      }
      args.memoryMb = mb;
      i++;
    } else if (arg === '--restart') {
      args.restart = true;
    } else if (arg.startsWith('-')) {
      return fail(`unexpected argument '${arg}'`);
    } else {
      args.submissions.push(arg);
    }
  }
  if (args.submissions.length === 0) {
    return fail('no submission given');
  }
  if (!args.pack) {
    return fail(
      '--pack DIR is required: the exercises hold the checks, hidden ones included'
    );
  }
  return args;
}

/**
 * Learner names from paths: the file names when they differ (`alice.ipynb`),
 * else the deepest folder where the paths differ
 * (`submitted/<learner>/ps1/problem1.ipynb`, `homes/<user>/ml-exercises/...`).
 */
export function learnerNames(paths: ReadonlyArray<string>): string[] {
  const split = paths.map(p => path.resolve(p).split(path.sep).filter(Boolean));
  const stems = split.map(parts =>
    parts[parts.length - 1].replace(/\.ipynb$/i, '')
  );
  if (split.length < 2 || new Set(stems).size === stems.length) {
    return stems;
  }
  return split.map((parts, index) => {
    for (let depth = parts.length - 2; depth >= 0; depth--) {
      if (split.some(other => other[depth] !== parts[depth])) {
        return parts[depth];
      }
    }
    return stems[index];
  });
}

function errorGrade(
  learner: string,
  file: string,
  message: string
): ISubmissionGrade {
  return {
    learner,
    path: file,
    sha256: '',
    pack: null,
    exercise: null,
    status: 'error',
    stopped: null,
    points: 0,
    max_points: 0,
    failing: [],
    tampering: [],
    problems: [message],
    cells: [],
    elapsed_ms: 0,
    graded_at: new Date().toISOString()
  };
}

function progressLine(grade: ISubmissionGrade, resumed: boolean): string {
  const head = `${grade.learner} (${grade.path})`;
  if (grade.status === 'error') {
    return `${head}: not graded: ${grade.problems.join('; ')}\n`;
  }
  const parts = [
    `${roundPoints(grade.points)}/${roundPoints(grade.max_points)} points`,
    grade.stopped ? `stopped: ${grade.stopped}` : '',
    grade.tampering.length ? 'TAMPERING SUSPECTED' : '',
    grade.failing.length ? `failing: ${grade.failing.join(', ')}` : '',
    resumed ? '(from the journal)' : `${(grade.elapsed_ms / 1000).toFixed(1)} s`
  ].filter(Boolean);
  return `${head}: ${parts.join('; ')}\n`;
}

/** Runs `mltutor grade` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'number') {
    return args;
  }
  const exercises = await loadExercises(args.pack);
  if (typeof exercises === 'string') {
    process.stderr.write(`mltutor grade: ${exercises}\n`);
    return 2;
  }
  const names = learnerNames(args.submissions);
  const submissions: ISubmission[] = [];
  const unreadable: ISubmissionGrade[] = [];
  for (const [index, file] of args.submissions.entries()) {
    let bytes: Buffer;
    let notebook: INotebookContent;
    try {
      bytes = await fs.readFile(file);
      notebook = JSON.parse(bytes.toString('utf8')) as INotebookContent;
      if (!Array.isArray(notebook.cells)) {
        throw new Error('not a notebook (no cells)');
      }
    } catch (error) {
      unreadable.push(
        errorGrade(names[index], file, `cannot read it: ${errorText(error)}`)
      );
      continue;
    }
    const matched = matchExercise(notebook, exercises);
    if (typeof matched === 'string') {
      unreadable.push(
        errorGrade(
          names[index],
          file,
          `no exercise to grade it against: ${matched}`
        )
      );
      continue;
    }
    submissions.push({ learner: names[index], path: file, bytes, ...matched });
  }
  unreadable.forEach(grade => process.stderr.write(progressLine(grade, false)));
  const journal = journalPath(args.out);
  await fs.mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
  if (args.restart) {
    await fs.rm(journal, { force: true });
  }
  silenceServicesLogging();
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    process.stderr.write(
      `\nmltutor grade: stopping after the submissions being graded; run the same command again to continue (journal: ${journal})\n`
    );
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  let book: IGradebook;
  try {
    book = await gradeBatch(submissions, {
      jobs: args.jobs,
      limits: { timeMs: args.timeMs, memoryMb: args.memoryMb },
      journal,
      signal: controller.signal,
      onGraded: (grade, resumed) =>
        process.stderr.write(progressLine(grade, resumed))
    });
  } catch (error) {
    process.stderr.write(`mltutor grade: ${errorText(error)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const order = new Map(args.submissions.map((file, index) => [file, index]));
  const all: IGradebook = {
    format: GRADEBOOK_FORMAT,
    kind: 'mltutor-gradebook',
    generated: book.generated,
    submissions: [...book.submissions, ...unreadable].sort(
      (a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0)
    )
  };
  const jsonOut = args.out.replace(/\.csv$/i, '') + '.json';
  await fs.writeFile(args.out, gradebookCsv(all));
  await fs.writeFile(jsonOut, `${JSON.stringify(all, null, 2)}\n`);
  const graded = all.submissions.filter(s => s.status !== 'error').length;
  const pending = args.submissions.length - all.submissions.length;
  process.stderr.write(
    `mltutor grade: ${graded} of ${args.submissions.length} submission(s) graded -> ${args.out}, ${jsonOut}` +
      (pending > 0 ? ` (${pending} not yet: run again to continue)` : '') +
      '\n'
  );
  if (pending > 0) {
    return 1;
  }
  return all.submissions.some(s => s.status === 'error') ? 1 : 0;
}
