import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { opsForChecks } from '../../checking/protocol';
import { bundledSources } from '../bundled';
import { EXPECTED_FILE, expectedFileText } from '../expected';
import type { IExerciseSpec, IRecordedValue } from '../format';
import { allProblems, loadPack, loadPacks } from '../loader';
import { MemorySource } from '../source';
import type { IPackLoadResult } from '../types';
import { ContentsSource } from '../contents-source';
import { FakeContents, fixture, readTree } from './helpers';

const EXERCISE = 'basics/sum-list';
const KEY = 'a'.repeat(64);
const ENTRY: IRecordedValue = {
  key: KEY,
  env: { python: '3.11.2', numpy: '1.24.2' },
  value: { float: '14.0' }
};

/** The valid fixture pack, its sum-list exercise given reference checks (one hidden). */
function packFiles(expected?: unknown): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = readTree(fixture('valid'));
  const specFile = `${EXERCISE}/exercise.json`;
  const spec = JSON.parse(
    new TextDecoder().decode(files[specFile] as Uint8Array)
  ) as IExerciseSpec;
  spec.cells[0].checks.push(
    {
      id: 'total-ref',
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
  files[specFile] = JSON.stringify(spec);
  if (expected !== undefined) {
    files[`${EXERCISE}/${EXPECTED_FILE}`] =
      typeof expected === 'string' ? expected : JSON.stringify(expected);
  }
  return files;
}

async function load(
  expected?: unknown,
  validated = false
): Promise<IPackLoadResult> {
  return loadPack(new MemorySource(packFiles(expected), 'memory'), 'folder', {
    validated
  });
}

function sumList(result: IPackLoadResult): IExerciseSpec {
  const found = result.pack!.exercises.find(e => e.folder === EXERCISE);
  expect(found).toBeDefined();
  return found!.spec;
}

describe('expected.json (recorded expected values)', () => {
  it('is optional: without it the exercise loads as before, no problem', async () => {
    const result = await load();
    expect(allProblems(result)).toEqual([]);
    expect(sumList(result).recordedExpected).toBeUndefined();
  });

  it('attaches the entries of present, non-hidden value checks with a reference, and the op carries them', async () => {
    const result = await load({ schema: 1, checks: { 'total-ref': ENTRY } });
    expect(allProblems(result)).toEqual([]);
    const spec = sumList(result);
    expect(spec.recordedExpected).toEqual({ 'total-ref': ENTRY });
    const ops = opsForChecks(spec.cells[0].checks, spec.recordedExpected);
    const byId = Object.fromEntries(ops.map(op => [op.id, op]));
    expect(byId['total-ref']).toEqual({
      op: 'value',
      id: 'total-ref',
      expr: 'total',
      reference: 'expected = 14',
      cached: ENTRY
    });
    // A check with a literal `expected` and the hidden one get no entry.
    expect(byId['total-value']).not.toHaveProperty('cached');
    expect(byId['total-hidden']).not.toHaveProperty('cached');
    expect(opsForChecks(spec.cells[0].checks)[2]).not.toHaveProperty('cached');
  });

  it('never attaches an entry of a hidden check, even when forced into the record table', () => {
    const checks = [
      {
        id: 'h',
        kind: 'value' as const,
        expr: 'x',
        reference: 'expected = 1',
        hidden: true
      }
    ];
    expect(opsForChecks(checks, { h: ENTRY })[0]).not.toHaveProperty('cached');
  });

  it('reports an entry of a hidden check or of an unknown check, and attaches the others', async () => {
    const result = await load({
      schema: 1,
      checks: {
        'total-ref': ENTRY,
        'total-hidden': ENTRY,
        'no-such-check': ENTRY,
        'total-value': ENTRY
      }
    });
    const problems = allProblems(result);
    expect(problems.map(p => [p.file, p.path])).toEqual([
      [`${EXERCISE}/expected.json`, '/checks/total-hidden'],
      [`${EXERCISE}/expected.json`, '/checks/no-such-check'],
      [`${EXERCISE}/expected.json`, '/checks/total-value']
    ]);
    expect(problems[0].message).toMatch(/hidden/);
    expect(sumList(result).recordedExpected).toEqual({ 'total-ref': ENTRY });
  });

  it.each([
    ['not JSON', '{ "schema": 1,'],
    [
      'a key that is not a sha256',
      { schema: 1, checks: { 'total-ref': { ...ENTRY, key: 'abc' } } }
    ],
    [
      'an unknown value tag',
      {
        schema: 1,
        checks: { 'total-ref': { ...ENTRY, value: { pickle: 'x' } } }
      }
    ],
    ['no checks', { schema: 1 }],
    ['a newer format', { schema: 2, checks: {} }]
  ])(
    'reports a malformed file (%s) but keeps the exercise and its checks',
    async (_name, file) => {
      const result = await load(file);
      const problems = allProblems(result);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every(p => p.file === `${EXERCISE}/expected.json`)).toBe(
        true
      );
      const spec = sumList(result);
      expect(spec.recordedExpected).toBeUndefined();
      expect(spec.cells[0].checks.map(c => c.id)).toContain('total-ref');
    }
  );

  it('checks the shape of entries without the validator too (packs validated at build)', async () => {
    const broken = {
      schema: 1,
      checks: { 'total-ref': { key: 'abc', value: 1 } }
    };
    const result = await load(broken, true);
    expect(allProblems(result).map(p => p.path)).toEqual(['/checks/total-ref']);
    expect(sumList(result).recordedExpected).toBeUndefined();
  });

  it('is read from an instructor pack through the Contents API, without asking for what is not there', async () => {
    const files: Record<string, Uint8Array> = {};
    const encoder = new TextEncoder();
    for (const [file, content] of Object.entries(
      packFiles({ schema: 1, checks: { 'total-ref': ENTRY } })
    )) {
      files[`shared/pack/${file}`] =
        typeof content === 'string' ? encoder.encode(content) : content;
    }
    const contents = new FakeContents(files);
    const [result] = await loadPacks([
      { source: new ContentsSource(contents, 'shared/pack'), origin: 'folder' }
    ]);
    expect(allProblems(result)).toEqual([]);
    expect(sumList(result).recordedExpected).toEqual({ 'total-ref': ENTRY });
    const asked = [...contents.requests].map(request => request.path);
    expect(asked).toContain(`shared/pack/${EXERCISE}/${EXPECTED_FILE}`);
    // The other exercise has no expected.json: it is never asked for (a 404 in the console).
    expect(asked).not.toContain(`shared/pack/plots/bar-chart/${EXPECTED_FILE}`);
  });

  it('writes a file that loads back to the same entries', async () => {
    const text = expectedFileText({ 'total-ref': ENTRY });
    const result = await load(text);
    expect(allProblems(result)).toEqual([]);
    expect(sumList(result).recordedExpected).toEqual({ 'total-ref': ENTRY });
    expect(expectedFileText({})).toContain('"checks": {}');
  });
});

describe('the bundled pack and expected.json', () => {
  const SCRIPT = path.join(
    __dirname,
    '..',
    '..',
    '..',
    'scripts',
    'bundle-exercises.js'
  );

  function writeTree(files: Record<string, Uint8Array | string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-expected-'));
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(dir, ...file.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    return dir;
  }

  it('carries the entries that apply, never a hidden check\u2019s, and loads them back', async () => {
    const dir = writeTree(
      packFiles({
        schema: 1,
        checks: { 'total-ref': ENTRY, 'total-hidden': ENTRY }
      })
    );
    const out = path.join(dir, 'bundle.json');
    execFileSync(process.execPath, [SCRIPT, '--out', out, dir], {
      stdio: 'pipe'
    });
    const text = fs.readFileSync(out, 'utf8');
    const data = JSON.parse(text) as {
      packs: Array<{ files: Record<string, string> }>;
    };
    const sidecar = JSON.parse(
      data.packs[0].files[`${EXERCISE}/${EXPECTED_FILE}`]
    ) as { checks: Record<string, unknown> };
    expect(Object.keys(sidecar.checks)).toEqual(['total-ref']);
    expect(text).not.toContain('total-hidden');
    const [loaded] = await loadPacks(
      bundledSources(data).map(source => ({ source, origin: 'bundled' }))
    );
    expect(sumList(loaded).recordedExpected).toEqual({ 'total-ref': ENTRY });
  });

  it('holds the recorded values of the bundled exercises', () => {
    const root = path.join(__dirname, '..', '..', '..', 'exercises');
    const sidecar = JSON.parse(
      fs.readFileSync(
        path.join(root, 'tuning', 'gridsearchcv', EXPECTED_FILE),
        'utf8'
      )
    ) as { checks: Record<string, IRecordedValue> };
    expect(Object.keys(sidecar.checks).sort()).toEqual([
      'best-score',
      'test-f1'
    ]);
  });
});
