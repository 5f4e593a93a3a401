/**
 * Issue 9, cases 1 and 8: asset paths that would leave the exercise folder,
 * path tricks, and values nested deeper than Open can write.
 */
import type { IPackManifest } from '../format';
import { loadPack } from '../loader';
import { resolveAsset, resolveInsidePack } from '../paths';
import { MemorySource } from '../source';
import { exerciseWarnings, validateExerciseSpec } from '../validate';

const manifest: IPackManifest = {
  schema: 1,
  id: 'hostile',
  title: 'Hostile',
  topics: [{ id: 'data', title: 'Data' }],
  exercises: ['data/deep/ex']
};

function spec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: 1,
    id: 'ex',
    title: 'Ex',
    topic: 'data',
    difficulty: 'beginner',
    statement: 'Do it.',
    notebook: 'ex.ipynb',
    cells: [
      {
        cell: 'answer',
        checks: [{ id: 'is-42', kind: 'value', expr: 'answer', expected: 42 }],
        hints: ['a', 'b'],
        solution: 'answer = 42',
        wrong_answers: [{ code: 'answer = 0', fails: 'is-42' }]
      }
    ],
    ...extra
  };
}

const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      cell_type: 'code',
      id: 'answer',
      metadata: { tags: ['mltutor:answer'] },
      source: 'answer = ...',
      outputs: [],
      execution_count: null
    }
  ]
};

describe('asset paths stay in their exercise folder', () => {
  it.each([
    ['../../x', 'leads outside its exercise folder'],
    ['a/../../x', 'leads outside its exercise folder'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Users/x', 'absolute path'],
    ['~/x', 'absolute path'],
    ['..\\x', 'backslash'],
    ['data\0.csv', 'NUL'],
    ['', 'empty'],
    ['.', 'names no file']
  ])('refuses %j', (asset, message) => {
    const resolved = resolveAsset(asset);
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.message).toContain(message);
  });

  it('normalises paths that stay inside', () => {
    expect(resolveAsset('./data/../data.csv')).toEqual({
      ok: true,
      path: 'data.csv'
    });
    expect(resolveAsset('sub/file.csv')).toEqual({
      ok: true,
      path: 'sub/file.csv'
    });
  });

  it('refuses NUL in pack paths too', () => {
    expect(resolveInsidePack('', 'ex\0/x').ok).toBe(false);
  });

  it("validate refuses '../../x' in an exercise two folders deep (inside the pack, outside the exercise)", () => {
    const problems = validateExerciseSpec(
      spec({ assets: ['../../x'] }),
      manifest,
      'data/deep/ex'
    );
    expect(problems).toEqual([
      {
        path: '/assets/0',
        message: expect.stringContaining(
          "asset '../../x' leads outside its exercise folder"
        )
      }
    ]);
  });

  it('the loader gives assets their normalised path, read from the exercise folder', async () => {
    const source = new MemorySource(
      {
        'pack.json': JSON.stringify(manifest),
        'data/deep/ex/exercise.json': JSON.stringify(
          spec({ assets: ['./sub/../data.csv'] })
        ),
        'data/deep/ex/ex.ipynb': JSON.stringify(notebook),
        'data/deep/ex/data.csv': 'a,b\n'
      },
      'memory'
    );
    const result = await loadPack(source, 'folder');
    expect(result.pack?.problems).toEqual([]);
    expect(result.pack?.exercises[0].assets).toEqual([
      { path: 'data.csv', format: 'text', content: 'a,b\n' }
    ]);
  });
});

describe('values Open cannot write are refused by validate', () => {
  it('refuses an expected value nested 200 levels deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) {
      deep = [deep];
    }
    const nested = spec();
    (
      nested.cells as Array<{ checks: Array<Record<string, unknown>> }>
    )[0].checks[0].expected = deep;
    const problems = validateExerciseSpec(nested, manifest, 'data/deep/ex');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('nest deeper than');
    expect(problems[0].path.startsWith('/cells/0/checks/0/expected')).toBe(
      true
    );
  });

  it('accepts ordinary nesting', () => {
    const nested = spec();
    (
      nested.cells as Array<{ checks: Array<Record<string, unknown>> }>
    )[0].checks[0].expected = { a: [[1, 2], { b: [3] }] };
    expect(validateExerciseSpec(nested, manifest, 'data/deep/ex')).toEqual([]);
  });
});

describe('stream_matches patterns', () => {
  const withPattern = (pattern: string): Record<string, unknown> =>
    spec({
      cells: [
        {
          cell: 'answer',
          checks: [{ id: 'out', kind: 'output', stream_matches: pattern }],
          hints: ['a', 'b'],
          solution: 'print(1)',
          wrong_answers: [{ code: 'pass', fails: 'out' }]
        }
      ]
    });

  it('refuses what the linear-time matcher cannot run (backreferences, lookarounds)', () => {
    for (const pattern of ['(a)\\1', 'a(?=b)', '(?<!x)y']) {
      const problems = validateExerciseSpec(
        withPattern(pattern),
        manifest,
        'data/deep/ex'
      );
      expect(problems).toEqual([
        {
          path: '/cells/0/checks/0/stream_matches',
          message: expect.stringContaining('cannot be used')
        }
      ]);
    }
  });

  it('warns about nested quantifiers, and not about plain patterns', () => {
    const risky = withPattern('^(a+)+$') as never;
    expect(exerciseWarnings(risky)).toEqual([
      {
        path: '/cells/0/checks/0/stream_matches',
        message: expect.stringContaining('nested quantifiers')
      }
    ]);
    expect(
      exerciseWarnings(withPattern('accuracy: 0\\.9\\d+') as never)
    ).toEqual([]);
  });
});
