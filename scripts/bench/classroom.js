// Classroom load (issue 15, item 7): a real JupyterHub (the hub test bed) with
// 20 learners, each with their own server and kernel, all checking at once:
// the latency of a real check against the same with one learner alone, side
// by side in one run; the class dashboard's ingest rate; memory per learner.
//   npm run bench -- --only classroom [--quick]
//   node scripts/bench/classroom.js [--quick] [--learners N]   (this section alone)
const fs = require('fs');
const path = require('path');
const {
  bundle,
  machine,
  Results,
  ROOT,
  solvedExercise,
  stats,
  timed
} = require('./lib');
const { withClassHub } = require('./classroom/hub');
const { Learner } = require('./classroom/learner');
const {
  TICKS_PER_S,
  cpuSeconds,
  cwdOf,
  pssMiB,
  tree,
  commandOf,
  workingIn
} = require('./classroom/procs');

/** The checked cell every learner checks: five checks (value, reference code, asserts, a trace). */
const EXERCISE = 'data/normalize-numpy';
const CELL = 'min-max';

const FULL = {
  learners: 20,
  rounds: 10,
  alone: 3,
  together: 3,
  bursts: 5,
  events: 25
};
const QUICK = {
  learners: 5,
  rounds: 3,
  alone: 2,
  together: 2,
  bursts: 3,
  events: 10
};
/** At most this many learners spawn (or start kernels) at once: 2 cores. */
const SPAWN_AT_ONCE = 4;

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** The solved exercise, the checked cell's spec and the code cells above it. */
function loadExercise() {
  const packDir = path.join(ROOT, 'exercises');
  const pack = JSON.parse(
    fs.readFileSync(path.join(packDir, 'pack.json'), 'utf8')
  ).id;
  const { spec, notebook } = solvedExercise(packDir, EXERCISE);
  const cell = spec.cells.find(c => c.cell === CELL);
  const index = notebook.cells.findIndex(c =>
    (c.metadata?.tags ?? []).includes(`mltutor:${CELL}`)
  );
  if (!cell || index < 0) {
    throw new Error(`${EXERCISE} has no checked cell ${CELL}`);
  }
  const before = notebook.cells
    .slice(0, index)
    .filter(c => c.cell_type === 'code')
    .map(sourceOf);
  return {
    pack,
    spec,
    cell,
    before,
    solution: sourceOf(notebook.cells[index])
  };
}

/** Runs `task` on every item, at most `limit` at a time; results in order. */
async function pool(items, limit, task) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  );
  return out;
}

function say(text) {
  process.stdout.write(`classroom  ${text}\n`);
}

/** Memory of a learner: their server and everything below it (the kernel), PSS. */
function learnerMemory(hub, name) {
  const home = hub.home(name);
  const server = workingIn(home).find(
    pid => cwdOf(pid) === home && commandOf(pid).includes('singleuser.py')
  );
  return server ? pssMiB(tree(server)) : NaN;
}

/** Which part of the class a process of the bench's hub is. */
function roleOf(pid) {
  const command = commandOf(pid);
  if (command.includes('ipykernel')) {
    return 'kernels';
  }
  if (command.includes('singleuser.py')) {
    return "learners' servers";
  }
  if (command.includes('configurable-http-proxy')) {
    return 'proxy';
  }
  if (command.includes('jupyterlab_mltutor.hub')) {
    return 'dashboard service';
  }
  return 'hub';
}

/** The whole machine's busy CPU time so far, in seconds (every process, every helper). */
function machineBusySeconds() {
  const [, ...ticks] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
}

/**
 * CPU used while the class checks at once, by part: the kernels, the
 * learners' servers, the proxy, the hub and the service, this bench (the
 * engines' client side), and everything else on the machine.
 */
class CpuMeter {
  constructor(hub) {
    this._hub = hub;
    this.wallS = 0;
    this.used = new Map();
  }

  async measure(fn) {
    const pids = workingIn(this._hub.dir);
    const before = cpuSeconds(pids);
    const bench = process.cpuUsage();
    const machine = machineBusySeconds();
    const started = Date.now();
    await fn();
    this.wallS += (Date.now() - started) / 1000;
    const after = cpuSeconds(pids);
    let ours = 0;
    for (const [pid, seconds] of after) {
      const used = seconds - (before.get(pid) ?? seconds);
      ours += used;
      this._add(roleOf(pid), used);
    }
    const { user, system } = process.cpuUsage(bench);
    this._add('this bench (Node)', (user + system) / 1e6);
    ours += (user + system) / 1e6;
    this._add(
      'the rest of the machine',
      Math.max(0, machineBusySeconds() - machine - ours)
    );
  }

  _add(role, seconds) {
    this.used.set(role, (this.used.get(role) ?? 0) + seconds);
  }
}

/** The check rounds: one learner alone and the whole class at once, interleaved. */
async function checkRounds(learners, plan, meter) {
  const alone = { checkMs: [], totalMs: [] };
  const together = { checkMs: [], totalMs: [] };
  const keep = (into, t) => {
    into.checkMs.push(t.checkMs);
    into.totalMs.push(t.totalMs);
  };
  const runAlone = async () => {
    for (let i = 0; i < plan.alone; i++) {
      keep(alone, await learners[0].check());
    }
  };
  const runTogether = () =>
    meter.measure(async () => {
      for (let i = 0; i < plan.together; i++) {
        (await Promise.all(learners.map(l => l.check()))).forEach(t =>
          keep(together, t)
        );
      }
    });
  for (let round = 0; round < plan.rounds; round++) {
    // Alternating which goes first, so that a busier moment weighs on both alike.
    if (round % 2 === 0) {
      await runAlone();
      await runTogether();
    } else {
      await runTogether();
      await runAlone();
    }
  }
  return { alone, together };
}

/** Shown at the dashboard: attempts of `exerciseId` over all learners (one per event). */
function shownIn(view, pack, exerciseId) {
  let shown = 0;
  for (const row of Object.values(view.grid ?? {})) {
    shown += row[`${pack}/${exerciseId}`]?.attempts ?? 0;
  }
  return shown;
}

/** The dashboard page asks for the class's data this often (jupyterlab_mltutor/hub/static/dashboard.js). */
const PAGE_POLL_MS = 2000;
/** Asking 20 servers for their outboxes more often would take CPU from what is measured. */
const OUTBOX_POLL_MS = 500;

/** Resolves when `done()` is true, asking every `everyMs`; rejects after `limitMs`. */
async function until(done, everyMs, limitMs, what) {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > limitMs) {
      throw new Error(`${what} after ${limitMs / 1000} s`);
    }
    await delay(everyMs);
  }
}

/**
 * Bursts of self-reported events: every learner posts `plan.events` events
 * (one request each, as their lab does after each check) to their own server,
 * whose outbox forwards them to the class service. Timed from the first post
 * until every outbox is empty (the service stored and acknowledged them all;
 * asked of the learners' servers, not of the service), and until an
 * instructor's page, polling the dashboard's API as the page does, shows them.
 */
async function ingestBursts(hub, learners, plan, pack) {
  const out = { rates: [], postedS: [], storedS: [], shownS: [], viewMs: [] };
  const expected = learners.length * plan.events;
  for (let burst = 1; burst <= plan.bursts; burst++) {
    const exerciseId = `bench-ingest-${burst}`;
    const started = Date.now();
    const since = () => (Date.now() - started) / 1000;
    let postedS = null;
    let failed = null;
    const posting = Promise.all(
      learners.map(async (learner, l) => {
        for (let e = 0; e < plan.events; e++) {
          const id = `ev-bench-${burst}-${l}-${e}`;
          await learner.post([learner.event(id, exerciseId, `cell-${e}`)]);
        }
      })
    ).then(
      () => (postedS = since()),
      error => {
        failed = error;
      }
    );
    const stop = () => {
      if (failed) {
        throw failed;
      }
    };
    const page = until(
      async () => {
        stop();
        let view;
        out.viewMs.push(
          await timed(async () => (view = await hub.classView()))
        );
        return shownIn(view, pack, exerciseId) >= expected;
      },
      PAGE_POLL_MS,
      300000,
      `the dashboard did not show ${expected} events`
    ).then(since);
    const stored = until(
      async () => {
        stop();
        if (postedS === null) {
          return false;
        }
        const pending = await Promise.all(learners.map(l => l.pending()));
        return pending.every(n => n === 0);
      },
      OUTBOX_POLL_MS,
      300000,
      'the outboxes still held events'
    ).then(since);
    const [storedS, shownS] = await Promise.all([stored, page, posting]);
    out.postedS.push(postedS);
    out.storedS.push(storedS);
    out.shownS.push(shownS);
    out.rates.push(expected / storedS);
    say(
      `ingest burst ${burst}: ${expected} events posted in ${postedS.toFixed(1)} s, ` +
        `stored by ${storedS.toFixed(1)} s, on the page by ${shownS.toFixed(1)} s`
    );
  }
  // The dashboard's API once more, now that every burst is stored.
  out.lastViewMs = await timed(() => hub.classView());
  out.total = expected * plan.bursts;
  return { ...out, expected };
}

module.exports = async function classroom(
  results,
  { quick, learners: count } = {}
) {
  const plan = { ...(quick ? QUICK : FULL) };
  plan.learners = count ?? plan.learners;
  const services = bundle({
    'src/checking': ['CheckEngine', 'executeCell'],
    'src/cli/jupyter-server': ['silenceServicesLogging'],
    'node_modules/@jupyterlab/services': [
      'KernelConnection',
      'ServerConnection',
      'SessionAPI'
    ]
  });
  services.silenceServicesLogging();
  const exercise = loadExercise();
  const names = Array.from(
    { length: plan.learners },
    (_, i) => `learner${String(i + 1).padStart(2, '0')}`
  );
  const N = plan.learners;
  await withClassHub(async hub => {
    say(
      `hub up (${hub.url}, private folder ${hub.dir}); spawning ${N} learners, ${SPAWN_AT_ONCE} at a time`
    );
    await hub.api('/hub/api/users', {
      method: 'POST',
      body: { usernames: names }
    });
    const spawnMs = await pool(names, SPAWN_AT_ONCE, name =>
      timed(() => hub.spawn(name))
    );
    const learners = names.map(
      name => new Learner(hub, name, services, exercise)
    );
    try {
      say(
        'servers up; starting a kernel per learner and running the cells above the checked one'
      );
      let ready = 0;
      await pool(learners, SPAWN_AT_ONCE, async learner => {
        await learner.startKernel();
        await learner.prepare();
        ready += 1;
        if (ready % SPAWN_AT_ONCE === 0 || ready === N) {
          say(`kernels ready: ${ready} of ${N}`);
        }
      });
      // Each learner's first check pays one-off costs (the reference's imports): not counted.
      await pool(learners, SPAWN_AT_ONCE, learner => learner.check());
      say('first check of every learner done (not counted)');
      say(
        `checking: ${plan.rounds} rounds of ${plan.alone} checks alone and ${plan.together} with all ${N} at once`
      );
      const meter = new CpuMeter(hub);
      const rounds = await checkRounds(learners, plan, meter);
      const memory = names.map(name => learnerMemory(hub, name));
      const shared = pssMiB(
        workingIn(hub.dir).filter(pid => cwdOf(pid) === hub.dir)
      );
      say(
        `dashboard ingest: ${plan.bursts} bursts of ${plan.events} events from each learner`
      );
      const ingestMeter = new CpuMeter(hub);
      let ingest;
      await ingestMeter.measure(async () => {
        ingest = await ingestBursts(hub, learners, plan, exercise.pack);
      });

      const cellName = `${EXERCISE.split('/')[1]} ${CELL}, ${exercise.cell.checks.length} checks`;
      const aloneCheck = stats(rounds.alone.checkMs);
      const togetherCheck = stats(rounds.together.checkMs);
      results.add(
        'classroom',
        `check (${cellName}), one learner alone`,
        aloneCheck
      );
      results.add(
        'classroom',
        `the same check, ${N} learners checking at once`,
        togetherCheck
      );
      results.ratio(
        'classroom',
        `check, ${N} at once / alone, medians`,
        togetherCheck,
        aloneCheck
      );
      results.add(
        'classroom',
        `check, ${N} at once / alone, p95s`,
        togetherCheck.p95 / aloneCheck.p95,
        {
          unit: '×'
        }
      );
      const aloneTotal = stats(rounds.alone.totalMs);
      const togetherTotal = stats(rounds.together.totalMs);
      results.add(
        'classroom',
        'cell run + check (as Shift+Enter), one learner alone',
        aloneTotal
      );
      results.add(
        'classroom',
        `cell run + check, ${N} learners at once`,
        togetherTotal
      );
      results.ratio(
        'classroom',
        `cell run + check, ${N} at once / alone, medians`,
        togetherTotal,
        aloneTotal
      );
      results.add(
        'classroom',
        `dashboard ingest, ${ingest.expected}-event bursts: events/s posted to stored`,
        stats(ingest.rates),
        { unit: 'events/s' }
      );
      results.add(
        'classroom',
        "ingest: a burst posted to the learners' servers",
        stats(ingest.postedS),
        {
          unit: 's'
        }
      );
      results.add(
        'classroom',
        'ingest: a burst posted to stored by the service',
        stats(ingest.storedS),
        {
          unit: 's'
        }
      );
      results.add(
        'classroom',
        `ingest: a burst posted to shown on a page polling every ${PAGE_POLL_MS / 1000} s`,
        stats(ingest.shownS),
        { unit: 's' }
      );
      results.add(
        'classroom',
        'dashboard API (GET api/class) during the bursts',
        stats(ingest.viewMs)
      );
      results.add(
        'classroom',
        `dashboard API with ${ingest.total} events stored`,
        ingest.lastViewMs
      );
      results.add(
        'classroom',
        'memory per learner (server + kernel, PSS)',
        stats(memory),
        { unit: 'MiB' }
      );
      results.add(
        'classroom',
        'hub + proxy + dashboard service (PSS)',
        shared,
        { unit: 'MiB' }
      );
      results.add(
        'classroom',
        `spawn time per learner (${SPAWN_AT_ONCE} at a time)`,
        stats(spawnMs.map(ms => ms / 1000)),
        {
          unit: 's'
        }
      );
      const cpu = (what, { used, wallS }) => {
        for (const [role, seconds] of used) {
          results.add('classroom', `CPU ${what}: ${role}`, seconds / wallS, {
            unit: 'cores',
            note: `${seconds.toFixed(1)} s over ${wallS.toFixed(1)} s`
          });
        }
      };
      cpu(`while ${N} check at once`, meter);
      cpu('during the ingest bursts', ingestMeter);
    } finally {
      await Promise.all(learners.map(learner => learner.close()));
    }
  });
};

if (require.main === module) {
  const args = process.argv.slice(2);
  const learners = args.includes('--learners')
    ? Number(args[args.indexOf('--learners') + 1])
    : undefined;
  const results = new Results();
  module.exports(results, { quick: args.includes('--quick'), learners }).then(
    () => {
      process.stdout.write(`results: ${results.save(machine())}\n`);
      process.exit(0);
    },
    error => {
      process.stderr.write(`${error.stack || error}\n`);
      process.exit(1);
    }
  );
}
