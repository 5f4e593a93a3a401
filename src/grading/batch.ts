/**
 * Grades a batch: one kernel host (no whole Jupyter server: see
 * src/cli/kernel-host.ts), `jobs` submissions at a time, each in its own
 * kernel. Every finished grade is appended to a JSON-lines journal
 * next to the gradebook at once, so an interrupted run continues where it
 * stopped: a submission whose file is unchanged is not graded again.
 */
import { existsSync, promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { KernelHost } from '../cli/kernel-host';
import {
  checksSha256,
  gradeSubmission,
  IGradeLimits,
  ISubmission,
  sha256Of
} from './grade-one';
import {
  GRADEBOOK_FORMAT,
  IGradebook,
  isSubmissionGrade,
  ISubmissionGrade
} from './gradebook';

/** Journal file of a gradebook: `gradebook.csv` -> `gradebook.journal.jsonl`. */
export function journalPath(out: string): string {
  return out.replace(/\.(csv|json)$/i, '') + '.journal.jsonl';
}

/** The grades a journal holds, by submission path (the last line of a path wins). */
export async function readJournal(
  file: string
): Promise<Map<string, ISubmissionGrade>> {
  const found = new Map<string, ISubmissionGrade>();
  if (!existsSync(file)) {
    return found;
  }
  for (const line of (await fs.readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) {
      continue;
    }
    try {
      const grade = JSON.parse(line) as unknown;
      if (isSubmissionGrade(grade)) {
        found.set(grade.path, grade);
      }
    } catch {
      // a line cut short by an interruption: that submission is graded again
    }
  }
  return found;
}

export interface IBatchOptions {
  jobs: number;
  limits: IGradeLimits;
  journal: string;
  /** Told when a submission starts being graded, and when it is done. */
  onGraded?: (grade: ISubmissionGrade, resumed: boolean) => void;
  /** Aborting stops starting new submissions; those running finish. */
  signal?: AbortSignal;
}

/** Grades the submissions (and keeps the journal's grades of unchanged ones), in the order given. */
export async function gradeBatch(
  submissions: ReadonlyArray<ISubmission>,
  options: IBatchOptions
): Promise<IGradebook> {
  const journal = await readJournal(options.journal);
  const grades: Array<ISubmissionGrade | null> = submissions.map(s => {
    const kept = journal.get(s.path);
    return kept &&
      kept.sha256 === sha256Of(s.bytes) &&
      kept.checks_sha256 === checksSha256(s.exercise) &&
      kept.status !== 'error'
      ? kept
      : null;
  });
  grades.forEach(grade => grade && options.onGraded?.(grade, true));
  const todo = submissions
    .map((submission, index) => ({ submission, index }))
    .filter(({ index }) => grades[index] === null);
  if (todo.length > 0) {
    const root = await fs.mkdtemp(path.join(tmpdir(), 'mltutor-grade-'));
    const server = await KernelHost.start(root);
    try {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < todo.length && !options.signal?.aborted) {
          const { submission, index } = todo[next++];
          const grade = await gradeSubmission(
            server,
            root,
            `submission-${index}`,
            submission,
            options.limits
          );
          grades[index] = grade;
          await fs.appendFile(options.journal, `${JSON.stringify(grade)}\n`);
          options.onGraded?.(grade, false);
        }
      };
      await Promise.all(
        Array.from(
          { length: Math.max(1, Math.min(options.jobs, todo.length)) },
          lane
        )
      );
    } finally {
      await server.stop();
      await fs.rm(root, { recursive: true, force: true });
    }
  }
  return {
    format: GRADEBOOK_FORMAT,
    kind: 'mltutor-gradebook',
    generated: new Date().toISOString(),
    submissions: grades.filter((g): g is ISubmissionGrade => g !== null)
  };
}
