/**
 * The kernel host `mltutor check` and `mltutor grade` run kernels on (no
 * Jupyter server): real ipykernels through @jupyterlab/services'
 * KernelConnection, as on a server; interrupts; a kernel that dies; the
 * token and the root; and nothing left running after a kernel is shut down
 * or the host's parent goes away.
 */
import type { ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Kernel } from '@jupyterlab/services';
import { executeCell } from '../../src/checking';
import { silenceServicesLogging } from '../../src/cli/jupyter-server';
import { KernelHost } from '../../src/cli/kernel-host';

let root = '';
let host: KernelHost;

beforeAll(async () => {
  silenceServicesLogging();
  root = mkdtempSync(join(tmpdir(), 'mltutor-host-'));
  mkdirSync(join(root, 'work'));
  host = await KernelHost.start(root, { prestart: ['work'] });
}, 60000);
afterAll(async () => {
  await host?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The value a cell's last expression printed (its text/plain). */
async function value(
  kernel: Kernel.IKernelConnection,
  code: string
): Promise<string> {
  const run = await executeCell(kernel, code);
  expect([
    run.status,
    run.outputs.filter(o => o.output_type === 'error')
  ]).toEqual(['ok', []]);
  const result = run.outputs.find(o => o.output_type === 'execute_result');
  return String((result?.data as Record<string, string>)['text/plain']);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 5000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (alive(pid) && Date.now() < deadline) {
    await new Promise(done => setTimeout(done, 50));
  }
  return !alive(pid);
}

test('a kernel started with the host runs cells in its folder, with every kind of output, and never sees the host token', async () => {
  const kernel = await host.startKernel('work');
  try {
    expect(await value(kernel, 'import os; os.getcwd()')).toBe(
      `'${join(root, 'work')}'`
    );
    expect(await value(kernel, "'MLTUTOR_HOST_TOKEN' in os.environ")).toBe(
      'False'
    );
    const run = await executeCell(
      kernel,
      "print('out')\nfrom IPython.display import display\ndisplay({'text/markdown': '*m*'}, raw=True)\n6 * 7"
    );
    expect(run.outputs.map(o => o.output_type)).toEqual([
      'stream',
      'display_data',
      'execute_result'
    ]);
  } finally {
    await host.stopKernel(kernel);
  }
}, 60000);

test('an interrupt stops a cell; a kernel asked for later starts through the REST call', async () => {
  const kernel = await host.startKernel('work');
  try {
    const run = await executeCell(kernel, 'import time; time.sleep(30)', 1000);
    expect(run.status).toBe('timeout');
    // ipykernel aborts what arrives right after an error (stop_on_error): let it settle.
    await new Promise(done => setTimeout(done, 1000));
    expect(await value(kernel, '1 + 1')).toBe('2');
  } finally {
    await host.stopKernel(kernel);
  }
}, 60000);

test('a kernel that dies on its own ends its cell as kernel-dead', async () => {
  const kernel = await host.startKernel('work');
  try {
    const run = await executeCell(kernel, 'import os; os._exit(3)');
    expect(run.status).toBe('kernel-dead');
  } finally {
    await host.stopKernel(kernel);
  }
}, 60000);

test('shutting a kernel down kills it and the processes it started at once', async () => {
  const kernel = await host.startKernel('work');
  const pid = Number(await value(kernel, 'import os; os.getpid()'));
  const child = Number(
    await value(
      kernel,
      "import subprocess; subprocess.Popen(['sleep', '600']).pid"
    )
  );
  await host.stopKernel(kernel);
  expect(await gone(pid, 2000)).toBe(true);
  expect(await gone(child, 2000)).toBe(true);
}, 60000);

test('requests need the token, and a kernel folder must be inside the root', async () => {
  const base = host.settings.baseUrl;
  const anonymous = await fetch(`${base}api/kernels`);
  expect(anonymous.status).toBe(403);
  const outside = await fetch(`${base}api/kernels`, {
    method: 'POST',
    headers: { Authorization: `token ${host.settings.token}` },
    body: JSON.stringify({ name: 'python3', path: '../..' })
  });
  expect(outside.status).toBe(400);
}, 30000);

test('when its parent goes away (stdin closed), the host stops and kills its kernels', async () => {
  const own = await KernelHost.start(root);
  const kernel = await own.startKernel('work');
  const pid = Number(await value(kernel, 'import os; os.getpid()'));
  const child = (own as unknown as { _process: ChildProcess })._process;
  const exited = new Promise(done => child.once('exit', done));
  child.stdin?.end();
  await exited;
  expect(await gone(pid, 2000)).toBe(true);
  await own.stop();
}, 60000);

test('output beyond the IOPub data rate limit is dropped, and the cell says so (as on a server)', async () => {
  const kernel = await host.startKernel('work');
  try {
    const run = await executeCell(
      kernel,
      "import sys\nfor _ in range(400):\n    sys.stdout.write('x' * 50000 + '\\n')\n    sys.stdout.flush()"
    );
    expect(run.status).toBe('ok');
    const text = run.outputs
      .filter(o => o.output_type === 'stream')
      .map(o => String(o.text))
      .join('');
    expect(text).toContain('IOPub data rate exceeded.');
    expect(text.length).toBeLessThan(400 * 50001);
  } finally {
    await host.stopKernel(kernel);
  }
}, 60000);
