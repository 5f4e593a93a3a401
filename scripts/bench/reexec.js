// Against re-execution (issue 15, item 3): `mltutor check NOTEBOOK` against
// `nbconvert --execute` on the four flagship notebooks, solved; and a live
// check of every checked cell in a kernel that already ran the notebook
// against that re-execution.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, bundle, interleaved, solvedExercise, stats } = require('./lib');

const FLAGSHIPS = [
  'data/missing-data',
  'visualisation/confusion-matrix',
  'tuning/gridsearchcv',
  'deep-learning/pretrained-image-classification'
];
const PYTHON = '/usr/bin/python3';

/** A learner's notebook with every checked cell solved, in its own folder with the assets. */
function solvedNotebook(exerciseFolder, into) {
  const { spec, notebook, dir } = solvedExercise(
    path.join(ROOT, 'exercises'),
    exerciseFolder
  );
  const folder = path.join(into, spec.id);
  fs.mkdirSync(folder, { recursive: true });
  for (const asset of spec.assets ?? []) {
    fs.cpSync(path.join(dir, asset), path.join(folder, asset), {
      recursive: true
    });
  }
  const file = path.join(folder, `${spec.id}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(notebook));
  return { spec, notebook, folder, file };
}

/**
 * `mltutor check` ran the whole notebook when it exits 0 (every check passes)
 * or 1 (a check failed: a timing check can, on a loaded machine); 2 is an
 * infrastructure error, no figure.
 */
const CHECK_OK = [0, 1];
/** nbconvert exits 0 on a notebook whose cells all run. */
const NBCONVERT_OK = [0];

/**
 * A command run to its end; any other exit status than `ok` throws with the
 * end of its output, so that one flagship's trouble is reported, not timed.
 */
const run = (command, args, cwd, ok) => () => {
  try {
    execFileSync(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, MPLBACKEND: 'agg' }
    });
  } catch (error) {
    if (!ok.includes(error.status)) {
      const tail = `${error.stdout ?? ''}${error.stderr ?? ''}`
        .trim()
        .split('\n')
        .slice(-6)
        .join(' | ');
      throw new Error(
        `${path.basename(command)} ${args[0]} exited ${error.status ?? error.signal}: ${tail}`
      );
    }
  }
};

/** Pairs per flagship: 3 (at least), 2 with --quick, or $MLTUTOR_BENCH_PAIRS. */
function pairsOf(quick) {
  const given = Number(process.env.MLTUTOR_BENCH_PAIRS);
  return given > 0 ? given : quick ? 2 : 3;
}

module.exports = async function reexec(results, { quick }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-reexec-'));
  const pairs = pairsOf(quick);
  const solved = FLAGSHIPS.map(id => solvedNotebook(id, dir));
  try {
    const nbconvertTimes = {};
    for (const { spec, folder, file } of solved) {
      const check = run(
        'node',
        [path.join(ROOT, 'bin', 'mltutor.js'), 'check', file],
        folder,
        CHECK_OK
      );
      const nbconvert = run(
        PYTHON,
        [
          '-m',
          'nbconvert',
          '--to',
          'notebook',
          '--execute',
          '--output',
          path.join(folder, 'executed.ipynb'),
          file
        ],
        folder,
        NBCONVERT_OK
      );
      let checked;
      let executed;
      try {
        [checked, executed] = await interleaved(pairs, check, nbconvert);
      } catch (error) {
        results.skipped(
          'reexec',
          `${spec.id}: mltutor check / nbconvert`,
          error.message
        );
        continue;
      }
      nbconvertTimes[spec.id] = executed;
      results.add('reexec', `${spec.id}: mltutor check`, checked);
      results.add('reexec', `${spec.id}: nbconvert --execute`, executed);
      results.ratio(
        'reexec',
        `${spec.id}: mltutor check / nbconvert`,
        checked,
        executed,
        {
          target: '≤ 0.8×'
        }
      );
    }
    await liveChecks(results, solved, nbconvertTimes, quick);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** Every checked cell checked again in a kernel that already ran the notebook. */
async function liveChecks(results, solved, nbconvertTimes, quick) {
  const {
    CheckEngine,
    engineWithReferenceFiles,
    executeCell,
    JupyterServer,
    readPacksFromDisk,
    silenceServicesLogging,
    withoutHiddenChecks
  } = bundle({
    'src/checking': ['CheckEngine', 'executeCell'],
    'src/checking/reference-files': ['engineWithReferenceFiles'],
    'src/catalog/fs-source': ['readPacksFromDisk'],
    'src/grading/hidden': ['withoutHiddenChecks'],
    'src/cli/jupyter-server': ['JupyterServer', 'silenceServicesLogging']
  });
  silenceServicesLogging();
  const [loaded] = await readPacksFromDisk([path.join(ROOT, 'exercises')]);
  for (const { spec, notebook, folder } of solved) {
    const name = `${spec.id}: live check of every checked cell`;
    const found = loaded.pack?.exercises.find(e => e.spec.id === spec.id);
    // As in the lab: hidden checks run only when graded.
    const exercise = found && {
      ...found,
      spec: withoutHiddenChecks(found.spec).spec
    };
    if (!exercise) {
      results.skipped('reexec', name, 'exercise not in the bundled pack');
      continue;
    }
    let server = null;
    try {
      server = await JupyterServer.start(folder);
      const live = await liveCheckTimes(
        { CheckEngine, engineWithReferenceFiles, executeCell },
        server,
        exercise,
        notebook,
        quick ? 2 : 4
      );
      results.add('reexec', name, live);
      if (nbconvertTimes[spec.id]) {
        results.ratio(
          'reexec',
          `${spec.id}: nbconvert / live checks (speed-up)`,
          nbconvertTimes[spec.id],
          live,
          {
            target: '≥ 10×'
          }
        );
      }
    } catch (error) {
      results.skipped('reexec', name, error.message.split('\n')[0]);
    } finally {
      await server?.stop().catch(() => undefined);
    }
  }
}

/**
 * Runs the solved notebook `runs` times in one kernel of `server` and times,
 * in each run, the checks of every checked cell right after that cell ran
 * (as the lab checks a cell: its figures and outputs are the ones just
 * made); a run's figure is the sum of its checks. Every verdict must pass.
 */
async function liveCheckTimes(api, server, exercise, notebook, runs) {
  const kernel = await server.startKernel();
  try {
    const prepared = new api.CheckEngine();
    await prepared.prepare(kernel);
    const engine = api.engineWithReferenceFiles(prepared, exercise.assets);
    const times = [];
    for (let round = 0; round <= runs; round++) {
      let checking = 0;
      for (const cell of notebook.cells) {
        if (cell.cell_type !== 'code') {
          continue;
        }
        const source = Array.isArray(cell.source)
          ? cell.source.join('')
          : cell.source;
        const execution = await api.executeCell(kernel, source);
        const tag = (cell.metadata?.tags ?? [])
          .find(t => t.startsWith('mltutor:'))
          ?.slice(8);
        const spec = exercise.spec.cells.find(
          c => c.cell === tag || c.cell === cell.id
        );
        if (!spec) {
          continue;
        }
        const started = performance.now();
        const verdict = await engine.checkCell({
          exercise: exercise.spec,
          cell: spec,
          outputs: execution.outputs,
          kernel
        });
        checking += performance.now() - started;
        if (verdict.status !== 'pass') {
          throw new Error(
            `${spec.cell}: ${verdict.status}: ${verdict.message ?? ''}`.slice(
              0,
              300
            )
          );
        }
      }
      if (round > 0) {
        times.push(checking); // round 0 warms the kernel up
      }
    }
    return stats(times);
  } finally {
    await server.stopKernel(kernel);
  }
}
