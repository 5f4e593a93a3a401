// Against re-execution (issue 15, item 3): `mltutor check NOTEBOOK` against
// `nbconvert --execute` on the four flagship notebooks, solved; and a live
// check of every checked cell in a kernel that already ran the notebook
// against that re-execution.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
  ROOT,
  bundle,
  interleaved,
  solvedExercise,
  stats,
  timed
} = require('./lib');

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

/** A command run to its end; exit status 1 (checks that fail) still counts as a full run. */
const run = (command, args, cwd) => () => {
  try {
    execFileSync(command, args, {
      cwd,
      stdio: 'ignore',
      env: { ...process.env, MPLBACKEND: 'agg' }
    });
  } catch (error) {
    if (error.status !== 1) {
      throw error;
    }
  }
};

module.exports = async function reexec(results, { quick }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-reexec-'));
  const pairs = quick ? 2 : 5;
  const solved = FLAGSHIPS.map(id => solvedNotebook(id, dir));
  try {
    const nbconvertTimes = {};
    for (const { spec, folder, file } of solved) {
      const check = run(
        'node',
        [path.join(ROOT, 'bin', 'mltutor.js'), 'check', file],
        folder
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
        folder
      );
      const [checked, executed] = await interleaved(pairs, check, nbconvert);
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
  const { CheckEngine, executeCell, JupyterServer, silenceServicesLogging } =
    bundle({
      'src/checking': ['CheckEngine', 'executeCell'],
      'src/cli/jupyter-server': ['JupyterServer', 'silenceServicesLogging']
    });
  silenceServicesLogging();
  for (const { spec, notebook, folder } of solved) {
    const server = await JupyterServer.start(folder);
    try {
      const kernel = await server.startKernel();
      const engine = new CheckEngine();
      await engine.prepare(kernel);
      const checked = [];
      for (const cell of notebook.cells) {
        if (cell.cell_type !== 'code') {
          continue;
        }
        const source = Array.isArray(cell.source)
          ? cell.source.join('')
          : cell.source;
        const execution = await executeCell(kernel, source);
        const name = (cell.metadata?.tags ?? [])
          .find(t => t.startsWith('mltutor:'))
          ?.slice(8);
        const spec_ = spec.cells.find(
          c => c.cell === name || c.cell === cell.id
        );
        if (spec_) {
          checked.push({ cell: spec_, outputs: execution.outputs });
        }
      }
      const all = async () => {
        for (const { cell, outputs } of checked) {
          const verdict = await engine.checkCell({ cell, outputs, kernel });
          if (verdict.status !== 'pass') {
            throw new Error(`${spec.id}/${cell.cell}: ${verdict.status}`);
          }
        }
      };
      await all();
      const times = [];
      for (let i = 0; i < (quick ? 3 : 10); i++) {
        times.push(await timed(all));
      }
      const live = stats(times);
      results.add(
        'reexec',
        `${spec.id}: live check of every checked cell`,
        live
      );
      results.ratio(
        'reexec',
        `${spec.id}: nbconvert / live checks (speed-up)`,
        nbconvertTimes[spec.id],
        live,
        {
          target: '≥ 10×'
        }
      );
      await server.stopKernel(kernel);
    } finally {
      await server.stop();
    }
  }
}
