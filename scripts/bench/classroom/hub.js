// A class on one machine for the classroom bench: the hub test bed
// (Debian's JupyterHub 3, configurable-http-proxy from npm, the classroom
// spawner, the class dashboard service) on free local ports in a private
// folder, driven through the hub's REST API with an admin service token; and
// stopping all of it, including on errors and on Ctrl-C.
const { spawn } = require('child_process');
const { randomBytes } = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { killLeftOver, stopLeftOver } = require('./procs');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONFIG = path.join(__dirname, 'hub_config.py');
const SERVICE = 'mltutor-class';
const BUILD_LOCK = '/tmp/mltutor-build.lock';
/** A build holds the lock for minutes; the bench waits for it, then for the hub. */
const LOCK_WAIT_S = 1200;
const LOCKED = 'mltutor-bench: build lock taken';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The folder where `pip install` put the package (build/prefix, by scripts/setup.sh). */
function installedSitePackages() {
  const walk = (dir, depth) => {
    if (depth > 5 || !fs.existsSync(dir)) {
      return null;
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        continue;
      }
      const child = path.join(dir, entry.name);
      if (
        fs.existsSync(path.join(child, 'jupyterlab_mltutor', '__init__.py'))
      ) {
        return child;
      }
      const found = walk(child, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  };
  const found = walk(path.join(ROOT, 'build', 'prefix'), 0);
  if (!found) {
    throw new Error('the wheel is not installed: run scripts/setup.sh');
  }
  return found;
}

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

class ClassHub {
  constructor(dir, url, token, child, output) {
    this.dir = dir;
    this.url = url;
    this.token = token;
    this.child = child;
    this._output = output;
    this._stopping = null;
  }

  /** Starts the hub and waits until the hub's API and the dashboard service answer. */
  static async start() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-class-'));
    const token = randomBytes(24).toString('hex');
    const port = await freePort();
    const env = {
      ...process.env,
      MLTUTOR_REPO: ROOT,
      MLTUTOR_CLASS_DIR: dir,
      MLTUTOR_CLASS_PORT: String(port),
      MLTUTOR_CLASS_HUB_PORT: String(await freePort()),
      MLTUTOR_CLASS_PROXY_API_PORT: String(await freePort()),
      MLTUTOR_CLASS_SERVICE_PORT: String(await freePort()),
      MLTUTOR_CLASS_PASSWORD: randomBytes(6).toString('hex'),
      MLTUTOR_CLASS_ADMIN_TOKEN: token,
      CONFIGPROXY_AUTH_TOKEN: randomBytes(24).toString('hex'),
      PYTHONPATH: installedSitePackages()
    };
    // The build lock, shared, as the UI tests take it: no build reinstalls the wheel
    // under the learners' servers. flock -F execs the hub, which holds it (and so
    // does everything it starts) until the class is stopped. Its own process group:
    // a Ctrl-C reaches the bench, which stops the hub in order.
    const child = spawn(
      'flock',
      [
        '-s',
        '-w',
        String(LOCK_WAIT_S),
        '-F',
        BUILD_LOCK,
        'sh',
        '-c',
        `echo '${LOCKED}' >&2; exec /usr/bin/python3 -m jupyterhub -f "$0"`,
        CONFIG
      ],
      {
        cwd: dir,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    const output = [];
    const keep = chunk => {
      output.push(chunk.toString());
      output.splice(0, Math.max(0, output.length - 300));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const hub = new ClassHub(
      dir,
      `http://127.0.0.1:${port}`,
      token,
      child,
      output
    );
    try {
      await hub._waitUp(120000);
    } catch (error) {
      await hub.stop();
      throw error;
    }
    return hub;
  }

  /** The hub's last log lines. */
  get log() {
    return this._output.join('');
  }

  home(user) {
    return path.join(this.dir, 'homes', user);
  }

  async _waitUp(timeoutMs) {
    const waiting = setTimeout(
      () =>
        process.stdout.write(
          'classroom  waiting for a build to finish (the build lock)\n'
        ),
      3000
    );
    while (!this.log.includes(LOCKED)) {
      if (this.child.exitCode !== null) {
        clearTimeout(waiting);
        throw new Error(
          `the build lock (${BUILD_LOCK}) was not free in ${LOCK_WAIT_S} s\n${this.log}`
        );
      }
      await delay(200);
    }
    clearTimeout(waiting);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`the hub exited (${this.child.exitCode})\n${this.log}`);
      }
      try {
        const hub = await fetch(`${this.url}/hub/api/`);
        const service = await fetch(`${this.url}/services/${SERVICE}/health`);
        if (hub.ok && service.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await delay(300);
    }
    throw new Error(
      `the hub did not start in ${timeoutMs / 1000} s\n${this.log}`
    );
  }

  /** A request with the admin token; JSON in and out; throws on an HTTP error. */
  async api(urlPath, { method = 'GET', body, ok = [200, 201, 202, 204] } = {}) {
    const response = await fetch(`${this.url}${urlPath}`, {
      method,
      headers: {
        Authorization: `token ${this.token}`,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!ok.includes(response.status)) {
      throw new Error(
        `${method} ${urlPath}: HTTP ${response.status} ${text.slice(0, 300)}`
      );
    }
    return text ? JSON.parse(text) : null;
  }

  /** Starts a learner's server and waits until the hub says it is ready. */
  async spawn(user, timeoutMs = 180000) {
    await this.api(`/hub/api/users/${user}/server`, { method: 'POST' });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const model = await this.api(`/hub/api/users/${user}`);
      const server = model.servers?.[''];
      if (server?.ready) {
        return;
      }
      if (!server) {
        throw new Error(`${user}'s server stopped while spawning\n${this.log}`);
      }
      await delay(250);
    }
    throw new Error(`${user}'s server was not ready in ${timeoutMs / 1000} s`);
  }

  /** The class dashboard's data, as the instructor's page reads it. */
  classView() {
    return this.api(`/services/${SERVICE}/api/class`);
  }

  /**
   * Stops the hub (which stops the learners' servers and their kernels, the
   * proxy and the service), then whatever is left in the private folder, and
   * removes the folder. Returns the processes that had to be stopped by hand.
   */
  stop() {
    this._stopping ??= this._stop();
    return this._stopping;
  }

  async _stop() {
    const { child } = this;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, delay(60000)]);
    }
    const left = await stopLeftOver(this.dir, child.pid);
    fs.rmSync(this.dir, { recursive: true, force: true });
    return left;
  }

  /** The synchronous last resort, for a process 'exit' handler. */
  killNow() {
    const { child } = this;
    if (child.exitCode === null && child.signalCode === null) {
      // The hub still runs, so its process group is still the bench's own.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    killLeftOver(this.dir, child.pid);
  }
}

/**
 * Runs `body(hub)` with a hub that is stopped afterwards, whatever happens: on
 * return, on an error, and on SIGINT/SIGTERM/SIGHUP (then the process exits
 * with 130 once everything is stopped).
 */
async function withClassHub(body) {
  const hub = await ClassHub.start();
  const onSignal = signal => {
    process.stdout.write(
      `\nclassroom: ${signal}, stopping the hub and the learners' servers...\n`
    );
    void hub.stop().finally(() => process.exit(130));
  };
  const onExit = () => hub.killNow();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const name of signals) {
    process.on(name, onSignal);
  }
  process.on('exit', onExit);
  try {
    return await body(hub);
  } finally {
    const left = await hub.stop();
    if (left.length) {
      process.stdout.write(
        `classroom: stopped ${left.length} process(es) the hub left behind:\n  ${left.join('\n  ')}\n`
      );
    }
    for (const name of signals) {
      process.off(name, onSignal);
    }
    process.off('exit', onExit);
  }
}

module.exports = { ClassHub, withClassHub, ROOT };
