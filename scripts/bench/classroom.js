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

/** The check rounds: one learner alone and the whole class at once, interleaved. */
async function checkRounds(learners, plan) {
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
  const runTogether = async () => {
    for (let i = 0; i < plan.together; i++) {
      (await Promise.all(learners.map(l => l.check()))).forEach(t =>
        keep(together, t)
      );
    }
  };
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

/**
 * Bursts of self-reported events: every learner posts `plan.events` events
 * (one request each, as their lab does after each check) to their own server,
 * whose outbox forwards them to the class service; timed from the first post
 * until the dashboard's API shows them all.
 */
async function ingestBursts(hub, learners, plan, pack) {
  const rates = [];
  const shownS = [];
  const acceptedS = [];
  const viewMs = [];
  const expected = learners.length * plan.events;
  for (let burst = 1; burst <= plan.bursts; burst++) {
    const exerciseId = `bench-ingest-${burst}`;
    const started = Date.now();
    let posted = false;
    const posting = Promise.all(
      learners.map(async (learner, l) => {
        for (let e = 0; e < plan.events; e++) {
          await learner.post([
            learner.event(
              `ev-bench-${burst}-${l}-${e}`,
              exerciseId,
              `cell-${e}`
            )
          ]);
        }
      })
    ).then(() => {
      posted = true;
      acceptedS.push((Date.now() - started) / 1000);
    });
    let shown = 0;
    let failed = null;
    posting.catch(error => (failed = error));
    while (shown < expected) {
      if (failed) {
        throw failed;
      }
      if (Date.now() - started > 180000) {
        throw new Error(
          `the dashboard showed ${shown} of ${expected} events after 180 s`
        );
      }
      let view;
      viewMs.push(await timed(async () => (view = await hub.classView())));
      shown = shownIn(view, pack, exerciseId);
      if (shown < expected) {
        await delay(250);
      }
    }
    await posting;
    const seconds = (Date.now() - started) / 1000;
    shownS.push(seconds);
    rates.push(expected / seconds);
    say(
      `ingest burst ${burst}: ${expected} events posted in ${acceptedS.at(-1).toFixed(1)} s, ` +
        `all shown after ${seconds.toFixed(1)} s${posted ? '' : ' (?)'}`
    );
  }
  return { rates, shownS, acceptedS, viewMs, expected };
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
      await pool(learners, SPAWN_AT_ONCE, async learner => {
        await learner.startKernel();
        await learner.prepare();
      });
      // Each learner's first check pays one-off costs (the reference's imports): not counted.
      await pool(learners, SPAWN_AT_ONCE, learner => learner.check());
      say(
        `checking: ${plan.rounds} rounds of ${plan.alone} checks alone and ${plan.together} with all ${N} at once`
      );
      const rounds = await checkRounds(learners, plan);
      const memory = names.map(name => learnerMemory(hub, name));
      const shared = pssMiB(
        workingIn(hub.dir).filter(pid => cwdOf(pid) === hub.dir)
      );
      say(
        `dashboard ingest: ${plan.bursts} bursts of ${plan.events} events from each learner`
      );
      const ingest = await ingestBursts(hub, learners, plan, exercise.pack);

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
        `dashboard ingest, ${ingest.expected}-event bursts: events/s posted to shown`,
        stats(ingest.rates),
        { unit: 'events/s' }
      );
      results.add(
        'classroom',
        "dashboard ingest: burst posted to the labs' servers",
        stats(ingest.acceptedS),
        {
          unit: 's'
        }
      );
      results.add(
        'classroom',
        'dashboard ingest: burst posted to all shown',
        stats(ingest.shownS),
        {
          unit: 's'
        }
      );
      results.add(
        'classroom',
        'dashboard API (GET api/class) during the bursts',
        stats(ingest.viewMs)
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
