// One learner of the classroom bench: their own server on the hub, their own
// kernel in it, reached through the hub's proxy (/user/<name>/) the way their
// lab reaches it, and the extension's check engine on that kernel.
const WebSocket = require('ws');
const { timed } = require('../lib');

/** Deadlines of a learner's steps: nothing in the bench waits for ever. */
const KERNEL_START_MS = 120000;
const KERNEL_INFO_MS = 60000;
const KERNEL_INFO_ATTEMPTS = 4;
const PREPARE_MS = 300000;
const CHECK_MS = 120000;

class Learner {
  /**
   * `services`: the bundled engine and @jupyterlab/services; `exercise`: the
   * solved exercise ({spec, notebook}) and the checked cell's id.
   */
  constructor(hub, name, services, exercise) {
    this.hub = hub;
    this.name = name;
    this._services = services;
    this._exercise = exercise;
    const base = `${hub.url}/user/${name}/`;
    this.baseUrl = base;
    this.settings = services.ServerConnection.makeSettings({
      baseUrl: base,
      wsUrl: base.replace(/^http/, 'ws'),
      token: hub.token,
      appendToken: true,
      WebSocket
    });
    this.engine = new services.CheckEngine();
    this.kernel = null;
    this._sessionId = null;
    this._lastVerdict = null;
    this._connection = [];
  }

  /** `promise`, or an error saying which learner's step overran and what their kernel's connection did. */
  _within(ms, what, promise) {
    let timer;
    const overran = new Promise((_, reject) => {
      timer = setTimeout(() => {
        const kernel = this.kernel
          ? `kernel ${this.kernel.status}, connection ${this._connection.join(' > ')}`
          : 'no kernel';
        reject(
          new Error(
            `${this.name}: ${what} took over ${ms / 1000} s (${kernel})`
          )
        );
      }, ms);
    });
    return Promise.race([promise, overran]).finally(() => clearTimeout(timer));
  }

  /** Starts a kernel in a notebook session, as opening the exercise does, and connects to it. */
  async startKernel() {
    const { SessionAPI, KernelConnection } = this._services;
    const session = await this._within(
      KERNEL_START_MS,
      'starting a session',
      SessionAPI.startSession(
        {
          path: `${this._exercise.spec.id}.ipynb`,
          name: `${this._exercise.spec.id}.ipynb`,
          type: 'notebook',
          kernel: { name: 'python3' }
        },
        this.settings
      )
    );
    this._sessionId = session.id;
    this.kernel = new KernelConnection({
      model: session.kernel,
      serverSettings: this.settings
    });
    this._connection.push(this.kernel.connectionStatus);
    this.kernel.connectionStatusChanged.connect((_, status) =>
      this._connection.push(
        `${status}@${new Date().toISOString().slice(11, 19)}`
      )
    );
    // On a loaded machine the first kernel_info can go unanswered while the kernel
    // starts; reconnecting asks again (as the lab does when a connection stalls).
    for (let attempt = 1; ; attempt++) {
      try {
        await this._within(
          KERNEL_INFO_MS,
          'connecting to the kernel',
          this.kernel.info
        );
        return;
      } catch (error) {
        if (attempt === KERNEL_INFO_ATTEMPTS) {
          throw error;
        }
        await this.kernel.reconnect().catch(() => undefined);
      }
    }
  }

  /** Runs the cells above the checked cell (the learner worked down the notebook) and installs the harness. */
  async prepare() {
    await this._within(
      PREPARE_MS,
      'installing the harness',
      this.engine.prepare(this.kernel)
    );
    for (const source of this._exercise.before) {
      const run = await this._within(
        PREPARE_MS,
        'running a cell above the checked one',
        this._services.executeCell(this.kernel, source)
      );
      if (run.status !== 'ok') {
        throw new Error(
          `${this.name}: a cell above the checked one ended ${run.status}`
        );
      }
    }
  }

  /**
   * What Shift+Enter on the checked cell does in the lab: the cell runs, then
   * its checks go to the same kernel through the engine. Returns the check's
   * time and the cell's plus the check's, in ms.
   */
  check() {
    return this._within(CHECK_MS, 'a check', this._check());
  }

  async _check() {
    const { spec, cell, solution } = this._exercise;
    const started = process.hrtime.bigint();
    const run = await this._services.executeCell(this.kernel, solution);
    if (run.status !== 'ok') {
      throw new Error(`${this.name}: the solved cell ended ${run.status}`);
    }
    let verdict;
    const checkMs = await timed(async () => {
      verdict = await this.engine.checkCell({
        exercise: spec,
        cell,
        outputs: run.outputs,
        kernel: this.kernel
      });
    });
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (verdict.status !== 'pass') {
      throw new Error(
        `${this.name}: the solved cell's check said ${verdict.status}: ${JSON.stringify(verdict.criteria).slice(0, 500)}`
      );
    }
    this._lastVerdict = verdict;
    return { checkMs, totalMs };
  }

  /**
   * A self-reported event as the lab's class reporter makes it, for cell
   * `cellId` of exercise `exerciseId`, carrying the checks of this learner's
   * last verdict.
   */
  event(id, exerciseId, cellId) {
    const { spec, pack } = this._exercise;
    return {
      id,
      kind: 'check',
      pack,
      exercise: exerciseId,
      title: spec.title,
      cell: cellId,
      verdict: 'pass',
      attempts: 1,
      hintsUsed: 0,
      solutionRevealed: false,
      passed: true,
      exerciseStatus: 'in-progress',
      checks: (this._lastVerdict?.criteria ?? []).map(c => ({
        id: c.checkId,
        status: c.status,
        message: c.message.slice(0, 2000)
      })),
      time: new Date().toISOString()
    };
  }

  /** Posts events to the learner's own server, as their lab does; the server's outbox forwards them. */
  async post(events) {
    const response = await fetch(`${this.baseUrl}mltutor/api/events`, {
      method: 'POST',
      headers: {
        Authorization: `token ${this.hub.token}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ events })
    });
    const body = await response.text();
    if (!response.ok) {
      throw new Error(
        `${this.name}: POST events: HTTP ${response.status} ${body.slice(0, 200)}`
      );
    }
    const { queued } = JSON.parse(body);
    if (queued !== events.length) {
      throw new Error(
        `${this.name}: the server queued ${queued} of ${events.length} events`
      );
    }
  }

  /** How many events still wait in the learner's outbox (not yet acknowledged by the service). */
  async pending() {
    const response = await fetch(`${this.baseUrl}mltutor/api/events`, {
      headers: { Authorization: `token ${this.hub.token}` }
    });
    if (!response.ok) {
      throw new Error(`${this.name}: GET events: HTTP ${response.status}`);
    }
    return (await response.json()).pending;
  }

  /** Closes the kernel's session (the hub's stop would end it too). */
  async close() {
    if (this.kernel) {
      this.kernel.dispose();
    }
    if (this._sessionId) {
      await this._services.SessionAPI.shutdownSession(
        this._sessionId,
        this.settings
      ).catch(() => undefined);
    }
  }
}

module.exports = { Learner };
