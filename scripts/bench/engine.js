// Engine figures on one real kernel: the engine's overhead on a DataFrame
// `value` check against the same comparison sent raw (issue 15, item 1), and
// endurance: 1,000 checks in a row, the kernel's memory and what it keeps
// (item 6).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { bundle, interleaved, stats, timed } = require('./lib');

const FRAME =
  'import numpy as np, pandas as pd\nrng = np.random.default_rng(0)\n' +
  "frame = pd.DataFrame({'a': rng.normal(size=10000), 'b': rng.integers(0, 100, 10000), " +
  "'c': rng.choice(list('xyz'), 10000)})\n";

function cellOf(checks) {
  return {
    cell: 'bench',
    checks,
    hints: ['a', 'b'],
    solution: 'pass',
    wrong_answers: []
  };
}

/** The benchmark's exercise around one cell (the engine reads its recorded values: none). */
function exerciseOf(cell) {
  return { id: 'bench', title: 'bench', cells: [cell] };
}

/** What the kernel holds: its resident memory, comms, IPython event hooks. */
const KERNEL_STATE =
  "(lambda ip: {'rss_kib': int([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS')][0]), " +
  "'comms': len(getattr(getattr(ip.kernel, 'comm_manager', None), 'comms', {}) or {}), " +
  "'hooks': sum(len(v) for v in ip.events.callbacks.values()), " +
  "'modules': len(__import__('sys').modules)})(get_ipython())";

async function kernelState(kernel) {
  const future = kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { state: KERNEL_STATE }
  });
  const reply = await future.done;
  const text = reply.content.user_expressions.state.data['text/plain'];
  return JSON.parse(text.replace(/'/g, '"'));
}

module.exports = async function engine(results, { quick }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-engine-'));
  const { CheckEngine, executeCell, JupyterServer, silenceServicesLogging } =
    bundle({
      'src/checking': ['CheckEngine', 'executeCell'],
      'src/cli/jupyter-server': ['JupyterServer', 'silenceServicesLogging']
    });
  silenceServicesLogging();
  const server = await JupyterServer.start(dir);
  try {
    const kernel = await server.startKernel();
    const engine = new CheckEngine();
    await engine.prepare(kernel);
    await executeCell(kernel, FRAME + 'score = 0.875\n');
    const frameCell = cellOf([
      {
        id: 'frame',
        kind: 'value',
        expr: 'frame',
        reference: FRAME + 'expected = frame\n'
      }
    ]);
    const check = async cell => {
      const verdict = await engine.checkCell({
        exercise: exerciseOf(cell),
        cell,
        outputs: [],
        kernel
      });
      if (verdict.status !== 'pass') {
        throw new Error(
          `benchmark check did not pass: ${JSON.stringify(verdict)}`
        );
      }
    };
    // The same comparison, sent raw: the harness's own comparer on the same
    // two frames, from a silent request's user expression.
    await executeCell(
      kernel,
      "import sys as _s\n_s.modules['_mltutor_bench'] = type(_s)('_mltutor_bench')\n" +
        'exec(compile(' +
        JSON.stringify(FRAME + 'expected = frame\n') +
        ", '<bench>', 'exec'), _s.modules['_mltutor_bench'].__dict__)\n" +
        'del _s\n'
    );
    const raw = () =>
      kernel.requestExecute({
        code: '',
        silent: true,
        store_history: false,
        user_expressions: {
          r:
            "(lambda s: (lambda h, b: h._compare(frame, b.expected, h._Options({}), 'frame'))" +
            "(s.modules['_mltutor_harness'], s.modules['_mltutor_bench']))(__import__('sys'))"
        }
      }).done;
    const runs = quick ? 30 : 100;
    const [viaEngine, sentRaw] = await interleaved(
      runs,
      () => check(frameCell),
      raw
    );
    results.add(
      'engine',
      '10,000-row DataFrame value check, through the engine',
      viaEngine
    );
    results.add(
      'engine',
      'the same comparison sent raw (requestExecute)',
      sentRaw
    );
    results.ratio(
      'engine',
      'engine overhead (engine / raw)',
      viaEngine,
      sentRaw,
      {
        target: '≤ 1.15×'
      }
    );
    const scalar = cellOf([
      { id: 'score', kind: 'value', expr: 'score', expected: 0.875 }
    ]);
    const six = cellOf(
      Array.from({ length: 6 }, (_, i) => ({
        id: `score-${i}`,
        kind: 'value',
        expr: `score * ${i + 1}`,
        expected: 0.875 * (i + 1)
      }))
    );
    const bare = () =>
      kernel.requestExecute({
        code: 'pass',
        silent: true,
        store_history: false
      }).done;
    const [oneCheck, bareExecute] = await interleaved(
      runs,
      () => check(scalar),
      bare
    );
    results.add('engine', 'bare silent `pass` execute', bareExecute);
    results.add('engine', 'scalar value check', oneCheck);
    const sixChecks = stats(await repeat(runs, () => check(six)));
    results.add('engine', 'a cell with 6 scalar value checks', sixChecks);

    // Endurance: 1,000 checks in a row on this kernel.
    const total = quick ? 300 : 1000;
    const mixed = cellOf([
      { id: 'score', kind: 'value', expr: 'score', expected: 0.875 },
      { id: 'assert', kind: 'assert', code: 'assert len(frame) == 10000' }
    ]);
    for (let i = 0; i < 50; i++) {
      await check(mixed);
    }
    const before = await kernelState(kernel);
    const futuresBefore = kernel._futures?.size ?? 0;
    const times = await repeat(total, () => check(mixed));
    const after = await kernelState(kernel);
    results.add(
      'endurance',
      `${total} checks in a row (value + assert), per check`,
      stats(times)
    );
    results.add(
      'endurance',
      'kernel resident memory before',
      before.rss_kib / 1024,
      { unit: 'MiB' }
    );
    results.add(
      'endurance',
      `kernel memory growth over ${total} checks`,
      (after.rss_kib - before.rss_kib) / 1024,
      {
        unit: 'MiB',
        target: '≤ 5 MiB'
      }
    );
    results.add(
      'endurance',
      'comms left open in the kernel (after - before)',
      after.comms - before.comms,
      {
        unit: ''
      }
    );
    results.add(
      'endurance',
      'IPython event hooks (after - before)',
      after.hooks - before.hooks,
      { unit: '' }
    );
    results.add(
      'endurance',
      'modules imported by the checks (after - before)',
      after.modules - before.modules,
      {
        unit: ''
      }
    );
    results.add(
      'endurance',
      'pending client futures (after - before)',
      (kernel._futures?.size ?? 0) - futuresBefore,
      {
        unit: ''
      }
    );
    await server.stopKernel(kernel);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

async function repeat(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(await timed(fn));
  }
  return times;
}
