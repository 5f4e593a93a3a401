/**
 * `mltutor validate [PATH...] [--json]`: checks exercise packs with the same
 * code as the catalog. A PATH is a pack folder (it holds pack.json) or a
 * folder of packs (each subfolder is a pack); exercise ids must be unique
 * across all of them. Prints `file: path: problem` lines, or a JSON array.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { readPacksFromDisk } from '../catalog/fs-source';
import { allProblems } from '../catalog/loader';
import type { IPackLoadResult } from '../catalog/types';
import { EXERCISE_FILE, exerciseWarnings } from '../catalog/validate';

const USAGE = `Usage: mltutor validate [PATH...] [--json]

Checks exercise packs against the format (schema/pack.schema.json,
schema/exercise.schema.json) and its rules: notebooks exist and are valid
nbformat 4, checked cells exist, ids are unique, paths stay inside the pack.

  PATH     a pack folder (holding pack.json), or a folder whose subfolders
           are packs; default: exercises
  --json   print the problems as a JSON array of {file, path, message}

Exit status: 0 when every pack is valid, 1 when there are problems, 2 on
usage errors.
`;

/** A problem as printed: `file` relative to the current directory. */
export interface IPrintedProblem {
  file: string;
  path: string;
  message: string;
}

/** Runs `mltutor validate` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const paths: string[] = [];
  let json = false;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--json') {
      json = true;
    } else if (arg.startsWith('-')) {
      process.stderr.write(
        `mltutor validate: unknown option '${arg}'\n\n${USAGE}`
      );
      return 2;
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) {
    paths.push('exercises');
  }
  const folders: string[] = [];
  for (const given of paths) {
    const folder = await packFolderOf(given);
    if (!folder) {
      process.stderr.write(`mltutor validate: no such folder: ${given}\n`);
      return 2;
    }
    folders.push(folder);
  }
  const results = await readPacksFromDisk(folders);
  const problems = printable(results, process.cwd());
  if (json) {
    process.stdout.write(`${JSON.stringify(problems, null, 2)}\n`);
  } else {
    for (const problem of problems) {
      process.stdout.write(`${formatProblem(problem)}\n`);
    }
    for (const warning of warnings(results, process.cwd())) {
      process.stderr.write(`warning: ${formatProblem(warning)}\n`);
    }
    process.stderr.write(`${summary(results, problems.length)}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

/** `file: path: message`, or `file: message` when the problem is the whole file. */
export function formatProblem(problem: IPrintedProblem): string {
  return problem.path === ''
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.path}: ${problem.message}`;
}

/** Every problem of `results`, with files relative to `cwd` and '/'-separated. */
export function printable(
  results: ReadonlyArray<IPackLoadResult>,
  cwd: string
): IPrintedProblem[] {
  return results.flatMap(result =>
    allProblems(result).map(problem => ({
      file:
        path
          .relative(cwd, path.join(result.location, problem.file))
          .split(path.sep)
          .join('/') || '.',
      path: problem.path,
      message: problem.message
    }))
  );
}

/** Warnings of the exercises that loaded (they do not change the exit status). */
function warnings(
  results: ReadonlyArray<IPackLoadResult>,
  cwd: string
): IPrintedProblem[] {
  return results.flatMap(result =>
    (result.pack?.exercises ?? []).flatMap(exercise =>
      exerciseWarnings(exercise.spec).map(warning => ({
        file:
          path
            .relative(
              cwd,
              path.join(result.location, exercise.folder, EXERCISE_FILE)
            )
            .split(path.sep)
            .join('/') || '.',
        path: warning.path,
        message: warning.message
      }))
    )
  );
}

/** A folder to validate: the path itself, or the folder of a pack.json given directly. */
async function packFolderOf(given: string): Promise<string | null> {
  try {
    const stat = await fs.stat(given);
    if (stat.isDirectory()) {
      return given;
    }
    return path.basename(given) === 'pack.json' ? path.dirname(given) : null;
  } catch {
    return null;
  }
}

function summary(
  results: ReadonlyArray<IPackLoadResult>,
  problemCount: number
): string {
  const packs = results.filter(result => result.pack).length;
  const exercises = results.reduce(
    (count, result) => count + (result.pack?.exercises.length ?? 0),
    0
  );
  const loaded = `${packs} of ${results.length} pack(s) and ${exercises} exercise(s) loaded`;
  return problemCount === 0
    ? `ok: ${loaded}`
    : `${problemCount} problem(s); ${loaded}`;
}
