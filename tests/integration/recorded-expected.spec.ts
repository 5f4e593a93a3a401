/**
 * Recorded expected values (expected.json) on a real kernel: a current entry
 * replaces running the reference; a wrong key or another environment runs
 * the reference, so a forged or stale entry never changes a verdict; each
 * supported type comes back exactly; hidden checks never get entries; and
 * `mltutor verify --write-expected` writes them, plain verify guards them.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Kernel } from '@jupyterlab/services';
import type {
  Check,
  IExerciseSpec,
  IRecordedValue,
  IValueCheck
} from '../../src/catalog/format';
import type { ILoadedExercise } from '../../src/catalog/types';
import { CheckEngine } from '../../src/checking';
import { runOps } from '../../src/checking/harness-client';
import type { IOpResult } from '../../src/checking/protocol';
import { runReferences } from '../../src/checking/recorded-references';
import { exerciseWith, KernelEnv, run } from './kernel-env';
import { bundleVerify, ROOT } from './verify-cli';

const env = new KernelEnv();
let kernel: Kernel.IKernelConnection;
/** Every op result the harness sent back, latest request last. */
const answered: IOpResult[] = [];
const engine = new CheckEngine({
  graceMs: 5000,
  transport: async (k, ops, silent) => {
    const outcome = await runOps(k, ops, silent);
    if (outcome.kind === 'results') {
      answered.push(...outcome.results);
    }
    return outcome;
  }
});
const markers = mkdtempSync(join(tmpdir(), 'mltutor-markers-'));

beforeAll(async () => {
  await env.start();
  kernel = await env.startKernel();
  await engine.prepare(kernel);
  await run(kernel, 'x = 42');
}, 120000);
afterAll(async () => {
  await env.stop();
  rmSync(markers, { recursive: true, force: true });
});

/** A reference that leaves a marker file when it runs, then binds 42. */
function markingReference(name: string): string {
  return `open(${JSON.stringify(join(markers, name))}, 'w').close()\nexpected = 42`;
}

function loaded(checks: Check[]): ILoadedExercise {
  return {
    packId: 'test',
    folder: 'test',
    spec: exerciseWith(checks).exercise,
    notebook: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }
  };
}

/** The kernel's own entry for `reference` (its key, environment and encoded value). */
async function entryOf(reference: string): Promise<IRecordedValue> {
  const check: IValueCheck = { id: 'r', kind: 'value', expr: '0', reference };
  const [found] = await runReferences(kernel, loaded([check]));
  expect(found.error).toBeUndefined();
  expect(found.entry).toBeDefined();
  return found.entry!;
}

/** Checks `checks` with these recorded entries; the verdict's statuses and where each expected value came from. */
async function checkWith(
  checks: Check[],
  recorded: Record<string, IRecordedValue>
): Promise<Record<string, [string, string | undefined]>> {
  const { exercise, cell } = exerciseWith(checks);
  answered.length = 0;
  const spec: IExerciseSpec = { ...exercise, recordedExpected: recorded };
  const verdict = await engine.checkCell({
    exercise: spec,
    cell,
    outputs: [],
    kernel
  });
  return Object.fromEntries(
    verdict.criteria.map(c => [
      c.checkId,
      [c.status, answered.find(r => r.id === c.checkId)?.expected_from]
    ])
  );
}

test('a current entry is used: the reference does not run', async () => {
  const reference = markingReference('used');
  const entry = await entryOf(reference);
  rmSync(join(markers, 'used'));
  const result = await checkWith(
    [{ id: 'c', kind: 'value', expr: 'x', reference }],
    { c: entry }
  );
  expect(result).toEqual({ c: ['pass', 'recorded'] });
  expect(existsSync(join(markers, 'used'))).toBe(false);
});

test('an entry for a reference that would raise makes the check pass without running it', async () => {
  const raising = `raise RuntimeError('the reference ran')\nexpected = 42`;
  const real = await entryOf('expected = 42');
  const key = await kernelKey(raising);
  const withEntry = await checkWith(
    [{ id: 'c', kind: 'value', expr: 'x', reference: raising }],
    { c: { ...real, key } }
  );
  expect(withEntry).toEqual({ c: ['pass', 'recorded'] });
  const without = await checkWith(
    [{ id: 'c', kind: 'value', expr: 'x', reference: raising }],
    {}
  );
  expect(without.c[0]).toBe('error');
});

/** The harness's key for a reference with no files, as the kernel computes it. */
async function kernelKey(reference: string): Promise<string> {
  const outputs = await run(
    kernel,
    `print(__import__('sys').modules['_mltutor_harness'].reference_key(${JSON.stringify(reference)}, None))`
  );
  const text = outputs
    .map(o => ('text' in o ? String(o.text) : ''))
    .join('')
    .trim();
  expect(text).toMatch(/^[0-9a-f]{64}$/);
  return text;
}

test('a wrong key or another environment runs the reference', async () => {
  const reference = markingReference('fallback');
  const entry = await entryOf(reference);
  rmSync(join(markers, 'fallback'));
  const wrongKey = { ...entry, key: 'f'.repeat(64) };
  expect(
    await checkWith([{ id: 'c', kind: 'value', expr: 'x', reference }], {
      c: wrongKey
    })
  ).toEqual({ c: ['pass', 'reference'] });
  expect(existsSync(join(markers, 'fallback'))).toBe(true);
  rmSync(join(markers, 'fallback'));
  const otherEnv = { ...entry, env: { ...entry.env, numpy: '0.0.1' } };
  expect(
    await checkWith([{ id: 'c', kind: 'value', expr: 'x', reference }], {
      c: otherEnv
    })
  ).toEqual({ c: ['pass', 'reference'] });
  expect(existsSync(join(markers, 'fallback'))).toBe(true);
});

test('a forged value with a wrong key cannot make a wrong answer pass; with the right key it is what is compared', async () => {
  await run(kernel, 'wrong = 7');
  const reference = 'expected = 42';
  const entry = await entryOf(reference);
  const forged = { ...entry, value: { int: '7' } };
  const check: Check = { id: 'c', kind: 'value', expr: 'wrong', reference };
  expect(
    await checkWith([check], { c: { ...forged, key: 'e'.repeat(64) } })
  ).toEqual({ c: ['fail', 'reference'] });
  expect(
    await checkWith([check], { c: { ...forged, env: { python: '2.7.18' } } })
  ).toEqual({ c: ['fail', 'reference'] });
  // The same forgery with the current key is used: the key is what guards staleness.
  expect(await checkWith([check], { c: forged })).toEqual({
    c: ['pass', 'recorded']
  });
  // An unreadable value falls back to the reference.
  expect(
    await checkWith([check], { c: { ...entry, value: { pickle: 'x' } } })
  ).toEqual({ c: ['fail', 'reference'] });
});

const TYPES: Array<[string, string]> = [
  ['None', 'None'],
  ['bool', 'True'],
  ['big int', '-(10 ** 30)'],
  ['floats', '[0.1, -0.0, float("nan"), float("inf")]'],
  ['str', '"naïve 🌍"'],
  ['tuple and dict', '{"a": (1, 2.5), 3: [None, "x"]}'],
  ['numpy scalar', '__import__("numpy").float32(0.1)'],
  [
    'ndarray',
    '__import__("numpy").array([[1.5, float("nan")], [2.0, -0.0]], dtype=">f8")'
  ],
  ['object ndarray', '__import__("numpy").array([1, "a", None], dtype=object)'],
  [
    'Series',
    '__import__("pandas").Series([1.0, None], index=__import__("pandas").Index(["u", "v"], name="k"), name="s")'
  ],
  [
    'DataFrame',
    '__import__("pandas").DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=__import__("pandas").MultiIndex.from_tuples([("p", 1), ("q", 2)], names=["l", "n"]))'
  ],
  [
    'tensor',
    '__import__("torch").tensor([[1.0, 2.5]], dtype=__import__("torch").float64)'
  ]
];

test.each(TYPES)(
  'a %s comes back exactly: recorded, used, and bit for bit the value in the kernel',
  async (name, value) => {
    const reference = `expected = ${value}`;
    const entry = await entryOf(reference);
    await run(kernel, `same = ${value}`);
    const exact = { rtol: 0, atol: 0, check_dtype: true, check_names: true };
    const result = await checkWith(
      [{ id: 'c', kind: 'value', expr: 'same', reference, ...exact }],
      { c: entry }
    );
    if (name === 'tensor') {
      // The comparers do not know tensors (a many-valued one never compares equal): recorded all the same.
      expect(result.c[1]).toBe('recorded');
    } else {
      expect(result).toEqual({ c: ['pass', 'recorded'] });
    }
    // The decoded value is bit for bit the reference's, in the kernel.
    const outputs = await run(
      kernel,
      `h = __import__('sys').modules['_mltutor_harness']\n` +
        `print(h.identical(h.decode(__import__('json').loads(${JSON.stringify(JSON.stringify(entry.value))})), ${value}))`
    );
    expect(outputs.map(o => ('text' in o ? String(o.text) : '')).join('')).toBe(
      'True\n'
    );
  },
  60000
);

test('a value the encoding cannot hold exactly is not recorded', async () => {
  const check: IValueCheck = {
    id: 'r',
    kind: 'value',
    expr: '0',
    reference: 'expected = {1, 2}'
  };
  const [found] = await runReferences(kernel, loaded([check]));
  expect(found.entry).toBeUndefined();
  expect(found.unrecorded).toMatch(/not recorded/);
});

test('hidden checks never get entries, nor use one', async () => {
  const reference = markingReference('hidden');
  const entry = await entryOf(reference);
  rmSync(join(markers, 'hidden'));
  const hidden: IValueCheck = {
    id: 'h',
    kind: 'value',
    expr: 'x',
    reference,
    hidden: true
  };
  expect(await runReferences(kernel, loaded([hidden]))).toEqual([]);
  expect(existsSync(join(markers, 'hidden'))).toBe(false);
  expect(await checkWith([hidden], { h: entry })).toEqual({
    h: ['pass', 'reference']
  });
  expect(existsSync(join(markers, 'hidden'))).toBe(true);
});

describe('mltutor verify --write-expected, and plain verify guarding the file', () => {
  const cli = bundleVerify();
  const pack = mkdtempSync(join(tmpdir(), 'mltutor-write-expected-'));
  const exercise = join(pack, 'basics', 'sum-list');
  const sidecar = join(exercise, 'expected.json');
  beforeAll(() => {
    cpSync(join(ROOT, 'tests/fixtures/packs/valid'), pack, {
      recursive: true
    });
    const specFile = join(exercise, 'exercise.json');
    const spec = JSON.parse(readFileSync(specFile, 'utf8')) as IExerciseSpec;
    spec.cells[0].checks.push(
      {
        // Slow enough to be worth recording (20 ms or more).
        id: 'total-ref',
        kind: 'value',
        expr: 'total',
        reference:
          'import time\ntime.sleep(0.05)\nexpected = sum([3, 1, 4, 1, 5])'
      },
      {
        // Cheaper to run than to carry: not recorded.
        id: 'total-cheap',
        kind: 'value',
        expr: 'total',
        reference: 'expected = 14'
      },
      {
        id: 'total-hidden',
        kind: 'value',
        expr: 'total',
        reference: 'expected = 14',
        hidden: true
      }
    );
    writeFileSync(specFile, JSON.stringify(spec, null, 1));
  });
  afterAll(() => {
    cli.dispose();
    rmSync(pack, { recursive: true, force: true });
  });

  test('writes the non-hidden entries, then fails a current entry whose value differs, saying how to refresh it', async () => {
    const written = await cli.run([pack, '--write-expected']);
    expect(written.stdout).toContain('wrote');
    expect(written.code).toBe(0);
    const file = JSON.parse(readFileSync(sidecar, 'utf8')) as {
      checks: Record<string, IRecordedValue>;
    };
    expect(Object.keys(file.checks)).toEqual(['total-ref']);
    expect(written.stdout).toMatch(
      /'total-cheap' not recorded: its reference takes \d+ ms, cheaper to run than to carry/
    );
    expect(file.checks['total-ref'].value).toEqual({ int: '14' });

    const clean = await cli.run([pack]);
    expect(clean.code).toBe(0);

    file.checks['total-ref'].value = { int: '15' };
    writeFileSync(sidecar, JSON.stringify({ schema: 1, ...file }));
    const guarded = await cli.run([pack]);
    expect(guarded.code).toBe(1);
    expect(guarded.stdout).toMatch(
      /check 'total-ref': the recorded value differs .*mltutor verify --write-expected .* --only basics\/sum-list/
    );

    const refreshed = await cli.run([pack, '--write-expected']);
    expect(refreshed.code).toBe(0);
    expect((await cli.run([pack])).code).toBe(0);
  }, 300000);
});
