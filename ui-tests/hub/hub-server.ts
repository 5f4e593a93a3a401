/**
 * Starts a class on one machine for the hub tests: Debian's JupyterHub with the npm
 * proxy, the classroom spawner (a home per learner) and the class dashboard service,
 * on free ports in a private folder; and stops all of it.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '../../src/cli/free-port';

export const REPO = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(
  REPO,
  'jupyterlab_mltutor',
  'hub',
  'testbed_config.py'
);

export interface IHubOptions {
  /** The class policy (written to a file the learners' labs read). */
  policy?: Record<string, unknown>;
  /** The dashboard's database URL (default: SQLite in the service's folder). */
  dbUrl?: string;
  /** Reuse a class folder (homes, hub database), e.g. to restart the hub. */
  dir?: string;
}

export interface IHub {
  /** http://127.0.0.1:PORT, the proxy. */
  url: string;
  password: string;
  /** The private folder: homes/, jupyterhub.sqlite, service/. */
  dir: string;
  home(user: string): string;
  policyFile: string;
  log(): string;
  stop(): Promise<void>;
}

/** Where `pip install` put the package (build/prefix), as scripts/setup.sh installs it. */
export function installedSitePackages(): string {
  const prefix = path.join(REPO, 'build', 'prefix');
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 5 || !fs.existsSync(dir)) {
      return;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        continue;
      }
      const child = path.join(dir, entry.name);
      if (
        fs.existsSync(path.join(child, 'jupyterlab_mltutor', '__init__.py'))
      ) {
        found.push(child);
      } else {
        walk(child, depth + 1);
      }
    }
  };
  walk(prefix, 0);
  if (found.length === 0) {
    throw new Error('the wheel is not installed: run scripts/setup.sh');
  }
  return found[0];
}

async function waitUntilUp(
  url: string,
  child: ChildProcess,
  log: () => string
) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the hub exited with code ${child.exitCode}\n${log()}`);
    }
    try {
      const hub = await fetch(`${url}/hub/api`);
      const service = await fetch(`${url}/services/mltutor-class/health`);
      if (hub.ok && service.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`the hub did not start within 90 s\n${log()}`);
}

export async function startHub(options: IHubOptions = {}): Promise<IHub> {
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-class-'));
  fs.mkdirSync(dir, { recursive: true });
  // The admin's policy file sits outside every home: the learner's lab only reads it.
  const policyFile = path.join(dir, 'policy.json');
  if (options.policy) {
    fs.writeFileSync(policyFile, JSON.stringify(options.policy));
  }
  const password = randomBytes(6).toString('hex');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MLTUTOR_REPO: REPO,
    MLTUTOR_CLASS_DIR: dir,
    MLTUTOR_CLASS_PORT: String(port),
    MLTUTOR_CLASS_HUB_PORT: String(await freePort()),
    MLTUTOR_CLASS_PROXY_API_PORT: String(await freePort()),
    MLTUTOR_CLASS_SERVICE_PORT: String(await freePort()),
    MLTUTOR_CLASS_PASSWORD: password,
    MLTUTOR_CLASS_INSTRUCTORS: 'teacher',
    CONFIGPROXY_AUTH_TOKEN: randomBytes(24).toString('hex'),
    PYTHONPATH: installedSitePackages()
  };
  if (options.policy) {
    env.MLTUTOR_CLASS_POLICY = policyFile;
  }
  if (options.dbUrl) {
    env.MLTUTOR_CLASS_DB_URL = options.dbUrl;
  }
  const child = spawn('/usr/bin/python3', ['-m', 'jupyterhub', '-f', CONFIG], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      // The hub stops the learners' servers, the service and the proxy itself;
      // whatever is left of its process group after 20 s is killed.
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitUntilUp(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    password,
    dir,
    home: user => path.join(dir, 'homes', user),
    policyFile,
    log: () => output,
    stop
  };
}
