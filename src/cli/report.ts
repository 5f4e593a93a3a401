/**
 * `mltutor report DIR...`: the class's progress offline, from progress files copied
 * out of learners' homes. A CSV row per learner and exercise, and a per-exercise
 * summary. Unreadable or corrupt files are listed and skipped, never fatal, never
 * modified (files are only read).
 */
import * as fs from 'fs';
import * as path from 'path';
import { csvText, CSV_COLUMNS, progressRow } from '../progress/csv';
import { parseProgressFile } from '../progress/file';
import { summarizeExercise } from '../progress/summary';
import type { IExerciseProgress } from '../progress/types';

const USAGE = `Usage: mltutor report DIR... [--out report.csv] [--json]

Reads every progress.json under each DIR (e.g. learners' homes copied to DIR/<name>/)
and writes a CSV with a row per learner and exercise (to --out, else to standard
output) and a per-exercise summary (to standard output with --out, else to standard
error). --json prints {rows, summary, problems} instead. Files are never modified.
`;

const MAX_DEPTH = 6;

export interface IReportRow {
  learner: string;
  file: string;
  progress: IExerciseProgress;
}

export interface IReportProblem {
  file: string;
  detail: string;
}

/** Every progress.json under `dir` (no symlinks followed, hidden folders skipped). */
export function findProgressFiles(dir: string, depth = 0): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === 'progress.json') {
      found.push(full);
    } else if (
      entry.isDirectory() &&
      !entry.name.startsWith('.') &&
      entry.name !== 'node_modules' &&
      depth < MAX_DEPTH
    ) {
      found.push(...findProgressFiles(full, depth + 1));
    }
  }
  return found;
}

/** The learner a file belongs to: the first folder under DIR, else DIR's own name. */
export function learnerOf(dir: string, file: string): string {
  const parts = path.relative(dir, file).split(path.sep);
  return parts.length >= 3 ? parts[0] : path.basename(path.resolve(dir));
}

/** Reads the progress files of `dirs`; what cannot be read becomes a problem. */
export function collect(dirs: ReadonlyArray<string>): {
  rows: IReportRow[];
  problems: IReportProblem[];
} {
  const rows: IReportRow[] = [];
  const problems: IReportProblem[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) {
      problems.push({ file: dir, detail: 'no such folder' });
      continue;
    }
    for (const file of findProgressFiles(dir)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        problems.push({ file, detail: `unreadable: ${String(error)}` });
        continue;
      }
      const parsed = parseProgressFile(text);
      if (!parsed.ok) {
        problems.push({ file, detail: `${parsed.kind}: ${parsed.detail}` });
        continue;
      }
      const learner = learnerOf(dir, file);
      for (const progress of Object.values(parsed.file.exercises)) {
        rows.push({ learner, file, progress });
      }
    }
  }
  rows.sort(
    (a, b) =>
      a.learner.localeCompare(b.learner) ||
      a.progress.packId.localeCompare(b.progress.packId) ||
      a.progress.exerciseId.localeCompare(b.progress.exerciseId)
  );
  return { rows, problems };
}

export function toReportCSV(rows: ReadonlyArray<IReportRow>): string {
  const lines = [['learner', ...CSV_COLUMNS]];
  for (const { learner, progress } of rows) {
    lines.push([learner, ...progressRow(progress, [])]);
  }
  return csvText(lines);
}

export interface IExerciseTally {
  exercise: string;
  learners: number;
  passed: number;
  solutionRevealed: number;
  attempts: number;
  hintsUsed: number;
}

export function summarize(rows: ReadonlyArray<IReportRow>): IExerciseTally[] {
  const tallies = new Map<string, IExerciseTally>();
  for (const { progress } of rows) {
    const key = `${progress.packId}/${progress.exerciseId}`;
    const tally = tallies.get(key) ?? {
      exercise: key,
      learners: 0,
      passed: 0,
      solutionRevealed: 0,
      attempts: 0,
      hintsUsed: 0
    };
    const s = summarizeExercise(progress, []);
    tally.learners += 1;
    tally.passed += s.status === 'passed' ? 1 : 0;
    tally.solutionRevealed += s.solutionRevealed ? 1 : 0;
    tally.attempts += s.attempts;
    tally.hintsUsed += s.hintsUsed;
    tallies.set(key, tally);
  }
  return [...tallies.values()].sort((a, b) =>
    a.exercise.localeCompare(b.exercise)
  );
}

function summaryText(
  tallies: ReadonlyArray<IExerciseTally>,
  problems: ReadonlyArray<IReportProblem>,
  learners: number
): string {
  const lines = [`${learners} learner(s), ${tallies.length} exercise(s)`];
  for (const t of tallies) {
    lines.push(
      `  ${t.exercise}: ${t.passed}/${t.learners} passed, ${t.solutionRevealed} saw the solution, ` +
        `${(t.attempts / t.learners).toFixed(1)} attempts and ${(t.hintsUsed / t.learners).toFixed(1)} hints per learner`
    );
  }
  if (problems.length > 0) {
    lines.push(`${problems.length} file(s) skipped:`);
    for (const p of problems) {
      lines.push(`  ${p.file}: ${p.detail}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const dirs: string[] = [];
  let out: string | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--out') {
      out = argv[++i] ?? null;
      if (!out) {
        process.stderr.write(`mltutor report: --out needs a file\n\n${USAGE}`);
        return 2;
      }
    } else if (arg === '--json') {
      json = true;
    } else if (arg.startsWith('-')) {
      process.stderr.write(`mltutor report: unknown option ${arg}\n\n${USAGE}`);
      return 2;
    } else {
      dirs.push(arg);
    }
  }
  if (dirs.length === 0) {
    process.stderr.write(
      `mltutor report: give at least one folder\n\n${USAGE}`
    );
    return 2;
  }
  const { rows, problems } = collect(dirs);
  const tallies = summarize(rows);
  const learners = new Set(rows.map(row => row.learner)).size;
  if (json) {
    const data = {
      rows: rows.map(({ learner, file, progress }) => ({
        learner,
        file,
        ...summarizeExercise(progress, []),
        pack: progress.packId,
        exercise: progress.exerciseId
      })),
      summary: tallies,
      problems
    };
    process.stdout.write(JSON.stringify(data, null, 2) + '\n');
    return 0;
  }
  const csv = toReportCSV(rows);
  const summary = summaryText(tallies, problems, learners);
  if (out) {
    fs.writeFileSync(out, csv);
    process.stdout.write(summary);
  } else {
    process.stdout.write(csv);
    process.stderr.write(summary);
  }
  return 0;
}
