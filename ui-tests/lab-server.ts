/**
 * Starts the development lab (lab/main.py on Debian's jupyter_server) on a free
 * local port with a temporary root folder and temporary settings, and stops it.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '../src/cli/free-port';

const REPO = path.resolve(__dirname, '..');

export interface ILabServer {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** The folder the server serves notebooks from. */
  root: string;
  /** App settings folder: write overrides.json here for system-wide settings. */
  appSettings: string;
  /** Output of the server so far. */
  log(): string;
  stop(): Promise<void>;
}

async function waitUntilUp(
  url: string,
  token: string,
  child: ChildProcess
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the lab exited with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/api/status`, {
        headers: { Authorization: `token ${token}` }
      });
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error('the lab did not start within 60 s');
}

/**
 * Starts a lab; `root` may be given to serve an existing folder (e.g. after a
 * restart), and `port`/`token` to come back where an open page expects it.
 */
export async function startLab(
  options: { root?: string; home?: string; port?: number; token?: string } = {}
): Promise<ILabServer> {
  const root =
    options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-root-'));
  const home =
    options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-home-'));
  const appSettings = path.join(home, 'app-settings');
  fs.mkdirSync(appSettings, { recursive: true });
  const port = options.port ?? (await freePort());
  const token = options.token ?? `test-${Math.random().toString(36).slice(2)}`;
  const child = spawn(
    '/usr/bin/python3',
    [
      path.join(REPO, 'lab', 'main.py'),
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--ServerApp.token=${token}`,
      '--ServerApp.open_browser=False',
      `--ServerApp.root_dir=${root}`,
      '--ServerApp.allow_root=True',
      `--LabServerApp.extra_labextensions_path=${path.join(REPO, 'build', 'labextensions')}`
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        JUPYTER_CONFIG_DIR: path.join(home, 'config'),
        JUPYTER_DATA_DIR: path.join(home, 'data'),
        JUPYTER_RUNTIME_DIR: path.join(home, 'runtime'),
        MLTUTOR_LAB_SETTINGS: appSettings,
        IPYTHONDIR: path.join(home, 'ipython')
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(url, token, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    token,
    root,
    appSettings,
    log: () => output,
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      })
  };
}
