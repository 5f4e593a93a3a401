/**
 * `mltutor import-nbgrader SOURCE.ipynb --out DIR [--pack-id ID]
 * [--exercise-id ID]`: writes a one-exercise pack made from an nbgrader
 * source notebook. The conversion is `convertNbgrader`; this module reads,
 * refuses and writes, and never overwrites anything.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { convertNbgrader, type INbgraderPack } from '../nbgrader/convert';
import { EXERCISE_FILE, PACK_FILE } from '../catalog/validate';
import { errorText } from '../errors';

const USAGE = `Usage: mltutor import-nbgrader SOURCE.ipynb --out DIR [--pack-id ID] [--exercise-id ID]

Converts an nbgrader source notebook (the instructor version, with
solutions) into a one-exercise mltutor pack in DIR: each code answer
with test cells after it becomes a checked cell, each test an assert
check with its points; a test with hidden tests is a hidden check (graded
only, by mltutor grade), a test that deletes names (del) a check run only
in clean kernels; the learner notebook is nbgrader's student version.
Files next to SOURCE are not copied.

  --out DIR          the pack folder to create (must not exist, or be empty)
  --pack-id ID       the pack's id (default: SOURCE's file name)
  --exercise-id ID   the exercise's id and folder (default: SOURCE's file name)

Then: mltutor validate DIR && mltutor verify DIR
Grade learners' copies: mltutor grade COPY.ipynb... --pack DIR (or --pack SOURCE.ipynb)
Exit status: 0 when the pack was written, 2 on usage errors or input
that cannot be converted.
`;

interface IImportArgs {
  source: string;
  out: string;
  packId?: string;
  exerciseId?: string;
}

const OPTIONS: Record<string, 'out' | 'packId' | 'exerciseId'> = {
  '--out': 'out',
  '--pack-id': 'packId',
  '--exercise-id': 'exerciseId'
};

function parseArgs(argv: string[]): IImportArgs | string | 0 {
  const found: Partial<IImportArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      return 0;
    }
    const key = OPTIONS[arg];
    if (key) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('-')) {
        return `${arg} needs a value`;
      }
      found[key] = value;
    } else if (arg.startsWith('-')) {
      return `unknown option '${arg}'`;
    } else if (found.source !== undefined) {
      return `one notebook at a time (got '${found.source}' and '${arg}')`;
    } else {
      found.source = arg;
    }
  }
  if (found.source === undefined) {
    return 'give the nbgrader source notebook';
  }
  if (found.out === undefined) {
    return 'give the pack folder to create with --out DIR';
  }
  return { ...found, source: found.source, out: found.out };
}

/** Runs `mltutor import-nbgrader` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 0) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    return refuse(`${args}\n\n${USAGE}`);
  }
  const notebook = await readNotebook(args.source);
  if (typeof notebook === 'string') {
    return refuse(notebook);
  }
  const outProblem = await outFolderProblem(args.out);
  if (outProblem) {
    return refuse(outProblem);
  }
  const result = convertNbgrader(notebook, {
    name: path.basename(args.source).replace(/\.ipynb$/i, ''),
    packId: args.packId,
    exerciseId: args.exerciseId
  });
  if (!result.ok) {
    return refuse(
      `cannot convert ${args.source}:\n${result.problems.map(problem => `  ${problem}`).join('\n')}`
    );
  }
  await writePack(result, args.out);
  for (const warning of result.warnings) {
    process.stderr.write(`mltutor import-nbgrader: note: ${warning}\n`);
  }
  process.stdout.write(await report(result, args));
  return 0;
}

function refuse(message: string): number {
  process.stderr.write(`mltutor import-nbgrader: ${message}\n`);
  return 2;
}

/** The parsed notebook, or why there is none. */
async function readNotebook(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${errorText(error)}`;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return `${file} is not a notebook: it is not JSON`;
  }
}

/** Why the pack cannot be written to `out`, or null: it must not exist, or be an empty folder. */
async function outFolderProblem(out: string): Promise<string | null> {
  try {
    const stat = await fs.stat(out);
    if (!stat.isDirectory()) {
      return `${out} exists and is not a folder`;
    }
    const entries = await fs.readdir(out);
    return entries.length > 0
      ? `${out} is not empty: give a new folder (nothing is overwritten)`
      : null;
  } catch {
    return null;
  }
}

async function writePack(result: INbgraderPack, out: string): Promise<void> {
  const folder = path.join(out, result.exercise.id);
  await fs.mkdir(folder, { recursive: true });
  // 'wx': a file that appeared since the emptiness check is not overwritten.
  const write = (file: string, data: unknown, indent: number) =>
    fs.writeFile(file, `${JSON.stringify(data, null, indent)}\n`, {
      flag: 'wx'
    });
  await write(path.join(out, PACK_FILE), result.pack, 2);
  await write(path.join(folder, EXERCISE_FILE), result.exercise, 2);
  // One-space indentation, as Jupyter writes notebooks.
  await write(path.join(folder, result.exercise.notebook), result.notebook, 1);
}

/** What was written, and the next steps (assets are the author's to add). */
async function report(
  result: INbgraderPack,
  args: IImportArgs
): Promise<string> {
  const cells = result.exercise.cells;
  const checks = cells.reduce((sum, cell) => sum + cell.checks.length, 0);
  const folder = path.join(args.out, result.exercise.id);
  const siblings = await dataFilesNextTo(args.source);
  const assets =
    siblings.length > 0
      ? `Files next to ${args.source} were not copied (${siblings.join(', ')}): copy those the notebook reads into ${folder} and list them in exercise.json's "assets".`
      : `If the notebook reads data files, copy them into ${folder} and list them in exercise.json's "assets".`;
  return [
    `wrote ${args.out}: pack '${result.pack.id}', exercise '${result.exercise.id}' with ${cells.length} checked cell(s) and ${checks} check(s)`,
    assets,
    `Next: mltutor validate ${args.out} && mltutor verify ${args.out}`,
    ''
  ].join('\n');
}

/** Visible files beside the notebook, other notebooks excepted. */
async function dataFilesNextTo(source: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(path.dirname(source), {
      withFileTypes: true
    });
    return entries
      .filter(
        entry =>
          entry.isFile() &&
          !entry.name.startsWith('.') &&
          !entry.name.endsWith('.ipynb')
      )
      .map(entry => entry.name)
      .sort();
  } catch {
    return [];
  }
}
