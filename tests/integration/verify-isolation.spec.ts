/**
 * Forked verification keeps answers apart: in tests/fixtures/verify-isolation
 * wrong answers mutate and rebind globals, patch NumPy, json and builtins,
 * write and overwrite files, set the environment, change the working
 * directory and loop until interrupted; every later answer's `clean` check
 * (and the solution's) must still pass. The control shows that the same
 * poison, run in one kernel without forks, does fail that check.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Kernel } from '@jupyterlab/services';
import type { IAssertCheck, IExerciseSpec } from '../../src/catalog/format';
import { check, KernelEnv, run } from './kernel-env';
import { bundleVerify, ROOT } from './verify-cli';

const PACK = join(ROOT, 'tests/fixtures/verify-isolation');
const spec = JSON.parse(
  readFileSync(join(PACK, 'poison/exercise.json'), 'utf8')
) as IExerciseSpec;
const cli = bundleVerify();
afterAll(() => cli.dispose());

interface IReport {
  problems: string[];
  passed: number;
  failed: number;
  mode: string;
  exercises: Array<{
    ok: boolean;
    problems: string[];
    counts: Record<string, { done: number; total: number } | number>;
  }>;
}

test('no answer judged in a fork sees what an earlier answer did', async () => {
  // One answer loops until its cell's deadline (15 s) interrupts it.
  const result = await cli.run([PACK, '--json', '--cell-timeout', '15']);
  const report = JSON.parse(result.stdout) as IReport;
  expect(report.mode).toBe('answers in forks of one kernel per exercise');
  expect(report.problems).toEqual([]);
  expect(report.exercises[0].problems).toEqual([]);
  expect(report.exercises[0].counts).toEqual({
    right: { done: 4, total: 4 },
    wrong: { done: 4, total: 4 },
    diagnoses: { done: 0, total: 0 },
    undiagnosed: 4
  });
  expect({ code: result.code, stderr: result.stderr }).toEqual({
    code: 0,
    stderr: ''
  });
}, 300000);

describe('control: without forks the poison is seen', () => {
  const env = new KernelEnv();
  let kernel: Kernel.IKernelConnection;
  beforeAll(async () => {
    await env.start();
    const dir = 'control';
    const { mkdirSync, copyFileSync } = await import('fs');
    mkdirSync(join(env.root, dir));
    copyFileSync(
      join(PACK, 'poison/data.csv'),
      join(env.root, dir, 'data.csv')
    );
    kernel = await env.startKernel(dir);
    await env.engine.prepare(kernel);
  });
  afterAll(() => env.stop());

  test('the clean check fails after a poisoning answer ran in the same kernel', async () => {
    const clean = spec.cells[0].checks.find(
      item => item.id === 'clean-a'
    ) as IAssertCheck;
    await run(
      kernel,
      'import numpy as np\nimport matplotlib.pyplot as plt\nshared = [1, 2, 3]'
    );
    expect((await check(env, kernel, [clean])).criteria[0].status).toBe('pass');
    // The recorded poison less its json patch, which breaks the kernel's own messages.
    const poison = spec.cells[0].wrong_answers[0].code
      .split('\n')
      .filter(line => !line.startsWith('json.dumps'))
      .join('\n');
    await run(kernel, poison);
    const after = await check(env, kernel, [clean]);
    expect(after.criteria[0].status).toBe('fail');
    expect(after.criteria[0].message).toContain('an earlier answer mutated it');
  });
});
