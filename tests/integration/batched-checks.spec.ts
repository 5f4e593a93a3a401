/**
 * A cell's kernel checks share one request (engine.ts), on a real kernel:
 * one round trip, yet each check keeps its own budget and its own verdict.
 */
import type { Kernel } from '@jupyterlab/services';
import { check, KernelEnv, run, statuses } from './kernel-env';

const env = new KernelEnv();
let kernel: Kernel.IKernelConnection;

beforeAll(async () => {
  await env.start();
  kernel = await env.startKernel();
  await env.engine.prepare(kernel);
  await run(
    kernel,
    'import time\ndef slow(seconds):\n    time.sleep(seconds)\n    return seconds\nx = 3'
  );
});
afterAll(() => env.stop());

/** Counts the execute requests sent to the kernel while `fn` runs. */
async function requestsDuring(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const onMessage = (
    _: Kernel.IKernelConnection,
    args: Kernel.IAnyMessageArgs
  ): void => {
    if (
      args.direction === 'send' &&
      args.msg.header.msg_type === 'execute_request'
    ) {
      count++;
    }
  };
  kernel.anyMessage.connect(onMessage);
  try {
    await fn();
  } finally {
    kernel.anyMessage.disconnect(onMessage);
  }
  return count;
}

test('six checks of a cell are one request to the kernel, each with its own verdict', async () => {
  let verdict: Awaited<ReturnType<typeof check>> | undefined;
  const sent = await requestsDuring(async () => {
    verdict = await check(
      env,
      kernel,
      Array.from({ length: 6 }, (_, i) => ({
        id: `c${i}`,
        kind: 'value' as const,
        expr: `x + ${i}`,
        expected: i === 4 ? 0 : 3 + i
      }))
    );
  });
  expect(sent).toBe(1);
  expect(statuses(verdict!)).toEqual({
    c0: 'pass',
    c1: 'pass',
    c2: 'pass',
    c3: 'pass',
    c4: 'fail',
    c5: 'pass'
  });
});

test('each check keeps its own budget: two checks just under theirs both pass', async () => {
  const verdict = await check(env, kernel, [
    { id: 'a', kind: 'value', expr: 'slow(0.7)', expected: 0.7, timeout: 1 },
    { id: 'b', kind: 'value', expr: 'slow(0.7)', expected: 0.7, timeout: 1 }
  ]);
  expect(statuses(verdict)).toEqual({ a: 'pass', b: 'pass' });
});

test('a check past its own budget times out at that budget; the checks after it are not run', async () => {
  const started = Date.now();
  const verdict = await check(env, kernel, [
    { id: 'fast', kind: 'value', expr: 'x', expected: 3 },
    { id: 'stuck', kind: 'value', expr: 'slow(30)', expected: 30, timeout: 1 },
    { id: 'after', kind: 'value', expr: 'x', expected: 3 }
  ]);
  const elapsed = Date.now() - started;
  expect(statuses(verdict)).toEqual({
    fast: 'pass',
    stuck: 'timeout',
    after: 'timeout'
  });
  expect(verdict.criteria[2].message).toContain('earlier check');
  // Stopped by its own 1 s budget, not by the request's (the sum, 61 s).
  expect(elapsed).toBeLessThan(20000);
  const next = await check(env, kernel, [
    { id: 'x', kind: 'value', expr: 'x', expected: 3 }
  ]);
  expect(next.status).toBe('pass');
});
