/**
 * Grades one submission: its own folder, its own fresh kernel sealed before
 * any learner code runs, every check (hidden ones included), the whole
 * notebook within a time limit and the kernel within memory and CPU limits.
 * The run is the same as `mltutor check`'s (`runNotebookWithin`).
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { INotebookContent, IOutput } from '@jupyterlab/nbformat';
import type { ILoadedExercise } from '../catalog/types';
import { CheckEngine, ILimitedRun, runNotebookWithin } from '../checking';
import type { IKernelService } from '../cli/kernel-host';
import {
  failingChecks,
  ISubmissionGrade,
  maxPoints,
  roundPoints,
  scoreRun,
  StopReason
} from './gradebook';
import {
  finalSealReport,
  IKernelLimits,
  sealedTransport,
  sealKernel
} from './sealed';
import { errorText } from '../errors';

/** Limits of one submission. */
export interface IGradeLimits {
  /** Whole notebook, ms. */
  timeMs: number;
  /** Memory the learner's code may allocate, MB. */
  memoryMb: number;
  /** One check, ms. */
  checkTimeoutMs?: number;
}

export const DEFAULT_LIMITS: IGradeLimits = {
  timeMs: 5 * 60 * 1000,
  memoryMb: 2048
};

/** A submission to grade: its file, parsed notebook and the exercise it answers. */
export interface ISubmission {
  learner: string;
  path: string;
  bytes: Buffer;
  notebook: INotebookContent;
  exercise: ILoadedExercise;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fingerprint of what grades a submission: the exercise's spec and its assets. */
export function checksSha256(exercise: ILoadedExercise): string {
  return createHash('sha256')
    .update(
      JSON.stringify([exercise.packId, exercise.spec, exercise.assets ?? []])
    )
    .digest('hex');
}

/** Copies the submission's folder (data files, not other notebooks) and the pack's own assets over it. */
async function prepareFolder(
  submission: ISubmission,
  dir: string
): Promise<void> {
  const source = path.dirname(path.resolve(submission.path));
  const self = path.resolve(submission.path);
  await fs.mkdir(dir, { recursive: true });
  await fs.cp(source, dir, {
    recursive: true,
    filter: file =>
      file === source ||
      (!path.basename(file).startsWith('.') &&
        (!file.endsWith('.ipynb') || file === self))
  });
  // The pack's copies of its data files: a learner's edited copy does not change the answers.
  for (const asset of submission.exercise.assets ?? []) {
    const target = path.join(dir, ...asset.path.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(
      target,
      Buffer.from(asset.content, asset.format === 'base64' ? 'base64' : 'utf8')
    );
  }
}

function isMemoryError(output: IOutput): boolean {
  return (
    output.output_type === 'error' && /MemoryError$/.test(String(output.ename))
  );
}

function stopReason(run: ILimitedRun): StopReason | null {
  if (run.timedOut || run.problems.some(p => p.kind === 'time-limit')) {
    return 'time-limit';
  }
  if (run.problems.some(p => p.kind === 'kernel-gone')) {
    return 'kernel-died';
  }
  const outputs = run.checked.flatMap(item => item.execution.outputs);
  return outputs.some(isMemoryError) ||
    run.problems.some(p => /MemoryError/.test(p.message))
    ? 'memory-limit'
    : null;
}

/** Checked cells that raised or did not finish, as the instructor reads them. */
function checkedCellFailures(run: ILimitedRun): string[] {
  return run.checked
    .filter(item => item.execution.status !== 'ok' && !item.copy)
    .map(item => {
      const error = item.execution.outputs.find(o => o.output_type === 'error');
      return error
        ? `cell '${item.cell.cell}' raised ${String(error.ename)}: ${String(error.evalue)}`
        : `cell '${item.cell.cell}' ${item.execution.status}`;
    });
}

function killGroup(pid: number | null): void {
  if (pid && pid > 1) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Grades `submission` in a fresh kernel of `server`, in `root/<dir>`. */
export async function gradeSubmission(
  server: IKernelService,
  root: string,
  dir: string,
  submission: ISubmission,
  limits: IGradeLimits
): Promise<ISubmissionGrade> {
  const started = Date.now();
  const spec = submission.exercise.spec;
  const base: ISubmissionGrade = {
    learner: submission.learner,
    path: submission.path,
    sha256: sha256Of(submission.bytes),
    pack: submission.exercise.packId,
    exercise: spec.id,
    checks_sha256: checksSha256(submission.exercise),
    status: 'graded',
    stopped: null,
    points: 0,
    max_points: maxPoints(spec),
    failing: [],
    tampering: [],
    problems: [],
    cells: [],
    elapsed_ms: 0,
    graded_at: new Date().toISOString()
  };
  await prepareFolder(submission, path.join(root, dir));
  const kernel = await server.startKernel(dir);
  let pid: number | null = null;
  try {
    const kernelLimits: IKernelLimits = {
      memory_mb: limits.memoryMb,
      cpu_seconds: Math.ceil(limits.timeMs / 1000) + 10,
      processes: 8
    };
    const seal = await sealKernel(kernel, kernelLimits);
    pid = seal.pid;
    const engine = new CheckEngine({ transport: sealedTransport(seal) });
    const run = await runNotebookWithin({
      kernel,
      engine,
      exercise: spec,
      notebook: submission.notebook,
      checkTimeoutMs: limits.checkTimeoutMs,
      limitMs: limits.timeMs,
      killKernel: async () => {
        killGroup(pid);
        await server.stopKernel(kernel);
      }
    });
    if (!run.timedOut) {
      await finalSealReport(kernel, seal).catch(() => undefined);
    }
    const cells = scoreRun(spec, run);
    const stopped = stopReason(run);
    return {
      ...base,
      status:
        stopped === 'time-limit' || stopped === 'kernel-died'
          ? 'stopped'
          : 'graded',
      stopped,
      points: roundPoints(cells.reduce((sum, cell) => sum + cell.points, 0)),
      failing: failingChecks(cells),
      tampering: [...seal.tamper],
      problems: [
        ...run.problems.map(p => p.message),
        ...checkedCellFailures(run),
        ...run.missing.map(m => `missing cell '${m.cell.cell}': ${m.message}`)
      ],
      cells,
      elapsed_ms: Date.now() - started
    };
  } catch (error) {
    return {
      ...base,
      status: 'error',
      problems: [errorText(error)],
      elapsed_ms: Date.now() - started
    };
  } finally {
    // A throwaway kernel: killed with whatever it started, no graceful shutdown to wait for.
    killGroup(pid);
    await server.stopKernel(kernel).catch(() => undefined);
    await fs.rm(path.join(root, dir), { recursive: true, force: true });
  }
}
