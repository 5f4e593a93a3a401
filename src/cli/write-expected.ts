/**
 * `mltutor verify --write-expected`: writes an exercise's expected.json from
 * what its references computed once, before any cell ran.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { EXPECTED_FILE, expectedFileText } from '../catalog/expected';
import type { ILoadedExercise } from '../catalog/types';
import { freshEntries, IReferenceRun } from '../checking/recorded-references';
import { errorText } from '../errors';

/**
 * References faster than this are not recorded: running them costs less than
 * carrying their values in the pack (the bundled pack is fetched by every lab).
 */
const RECORD_MIN_MS = 20;

function worthRecording(run: IReferenceRun): boolean {
  return (run.ms ?? Infinity) >= RECORD_MIN_MS;
}

/** --write-expected: writes the exercise's expected.json from what its references computed. */
export async function writeExpected(
  exercise: ILoadedExercise,
  pack: string,
  runs: ReadonlyArray<IReferenceRun>
): Promise<{ problems: string[]; notes: string[] }> {
  const file = path.join(pack, ...exercise.folder.split('/'), EXPECTED_FILE);
  const worth = runs.filter(run => !run.entry || worthRecording(run));
  const entries = freshEntries(worth);
  const notes = runs
    .filter(run => !run.entry)
    .map(
      run =>
        `${EXPECTED_FILE}: '${run.checkId}' not recorded: ${run.unrecorded ?? run.error ?? 'no value'}`
    );
  for (const run of runs.filter(run => run.entry && !worthRecording(run))) {
    notes.push(
      `${EXPECTED_FILE}: '${run.checkId}' not recorded: its reference takes ${Math.round(run.ms ?? 0)} ms, cheaper to run than to carry`
    );
  }
  const shown = path.relative(process.cwd(), file);
  if (runs.some(run => run.error !== undefined)) {
    // A reference that did not run says nothing of its entry: keep the file as it is.
    return { problems: [], notes: [`${shown} left as it was`, ...notes] };
  }
  if (Object.keys(entries).length === 0) {
    await fs.rm(file, { force: true });
    return { problems: [], notes };
  }
  try {
    await fs.writeFile(file, expectedFileText(entries));
  } catch (error) {
    return {
      problems: [`could not write ${shown}: ${errorText(error)}`],
      notes
    };
  }
  notes.unshift(
    `wrote ${shown} (${Object.keys(entries).length} of ${runs.length} references recorded)`
  );
  return { problems: [], notes };
}
