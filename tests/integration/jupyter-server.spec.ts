/**
 * The tests' and benchmarks' Jupyter server (src/cli/jupyter-server.ts): a
 * kernel that starts but never answers must fail its caller in bounded time,
 * not hang it (it hung a 20-kernel test for its whole 600 s on a loaded machine).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ServerConnection } from '@jupyterlab/services';
import { JupyterServer, pythonExecutable } from '../../src/cli/jupyter-server';

let root = '';
let server: JupyterServer;
const previousPath = process.env.JUPYTER_PATH;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mltutor-server-'));
  // A kernel spec whose process lives but never opens its channels.
  const spec = join(root, 'share', 'kernels', 'mute');
  mkdirSync(spec, { recursive: true });
  writeFileSync(
    join(spec, 'kernel.json'),
    JSON.stringify({
      argv: [pythonExecutable(), '-c', 'import time; time.sleep(600)'],
      display_name: 'mute',
      language: 'python'
    })
  );
  process.env.JUPYTER_PATH = join(root, 'share');
  mkdirSync(join(root, 'work'));
  server = await JupyterServer.start(join(root, 'work'));
}, 60000);

afterAll(async () => {
  await server?.stop();
  process.env.JUPYTER_PATH = previousPath;
  rmSync(root, { recursive: true, force: true });
});

test('a kernel that never answers fails startKernel in bounded time, and its session is shut down', async () => {
  await expect(server.startKernel('', 'mute', 3000)).rejects.toThrow(
    'the kernel did not start within 3 s'
  );
  const response = await ServerConnection.makeRequest(
    `${server.settings.baseUrl}api/sessions`,
    {},
    server.settings
  );
  expect(await response.json()).toEqual([]);
  // The server still starts real kernels.
  const kernel = await server.startKernel();
  expect((await kernel.info).implementation).toBe('ipython');
  await server.stopKernel(kernel);
}, 90000);
