// The extension's cost to JupyterLab (issue 15, item 5), in the real lab in
// Chromium (ui-tests/bench/cost.spec.ts measures; this section adds the
// figures): the chunks start-up loads (gzipped, as served), plugin activation
// from performance marks, the panel's render with 500 generated exercises,
// and memory and listeners after opening and closing 20 exercise notebooks.
const { stats } = require('./lib');
const { runBenchSpec } = require('./page');

const KIB = 1024;
const MIB = 1024 * 1024;

async function cost(results, { quick }) {
  const figures = runBenchSpec('cost.spec.ts', {
    MLTUTOR_BENCH_RELOADS: quick ? '3' : '10',
    MLTUTOR_BENCH_RENDERS: quick ? '3' : '10',
    MLTUTOR_BENCH_NOTEBOOKS: quick ? '5' : '20'
  });
  const { chunks, activation } = figures.startup;
  const isExercises = chunk => chunk.file.startsWith('mltutor-exercises.');
  const entry = chunks.find(chunk => chunk.file.startsWith('remoteEntry.'));
  const code = chunks.filter(chunk => !isExercises(chunk));
  const exercises = chunks.filter(isExercises);
  const sum = list => list.reduce((total, chunk) => total + chunk.gzip, 0);
  results.add('cost', 'remoteEntry gzipped', (entry?.gzip ?? NaN) / KIB, {
    unit: 'KiB'
  });
  results.add('cost', 'code loaded at start-up, gzipped', sum(code) / KIB, {
    unit: 'KiB',
    target: '< 100 KB',
    note: `${code.length} files: ${code.map(c => `${c.file.split('.')[0]} ${(c.gzip / KIB).toFixed(1)}`).join(', ')}`
  });
  results.add(
    'cost',
    'bundled exercises chunk, gzipped',
    sum(exercises) / KIB,
    {
      unit: 'KiB',
      note: exercises.length
        ? 'a chunk of its own, fetched when the catalog loads (after activation)'
        : 'not fetched at start-up'
    }
  );
  results.add(
    'cost',
    'activation, all plugins, synchronous',
    stats(activation.sync),
    {
      target: '≤ 20 ms'
    }
  );
  results.add(
    'cost',
    'activation, all plugins, until settled',
    stats(activation.total),
    {
      note: 'includes awaiting the server (class policy, settings, packs)'
    }
  );
  results.add(
    'cost',
    'activation, first start to last end',
    stats(activation.span),
    {
      note: 'wall time, overlapping other extensions'
    }
  );
  results.add(
    'cost',
    `panel render, ${figures.panel.exercises} exercises`,
    stats(figures.panel.render),
    {
      target: '≤ 50 ms',
      note: `filter cleared -> every topic and the rows near the view in the DOM (windowed: median ${stats(figures.panel.rowsInDom ?? []).median} rows), laid out, next frame`
    }
  );
  // Growth over N plain notebooks (JupyterLab's own), then over N exercise notebooks.
  const { start, plain, after, notebooks } = figures.memory;
  const growth = (label, from, to) => {
    const note = `${notebooks} ${label} notebooks opened and closed, GC first`;
    results.add(
      'cost',
      `JS heap growth, ${label} notebooks`,
      (to.heap - from.heap) / MIB,
      {
        unit: 'MiB',
        note: `${(from.heap / MIB).toFixed(1)} -> ${(to.heap / MIB).toFixed(1)} MiB, ${note}`
      }
    );
    results.add(
      'cost',
      `event listeners growth, ${label} notebooks`,
      to.listeners - from.listeners,
      {
        unit: '',
        note: `${from.listeners} -> ${to.listeners}`
      }
    );
    results.add(
      'cost',
      `DOM nodes growth, ${label} notebooks`,
      to.nodes - from.nodes,
      {
        unit: '',
        note: `${from.nodes} -> ${to.nodes}`
      }
    );
  };
  growth('plain', start, plain);
  growth('exercise', plain, after);
}

module.exports = cost;
