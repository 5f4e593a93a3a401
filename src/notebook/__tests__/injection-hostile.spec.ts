/**
 * Issue 9, cases 1, 7 and 8: Open never writes outside the learner's
 * exercise folder, never overwrites the learner's files, leaves nothing half
 * made when it fails, and carries no more than checking needs.
 */
import type { Contents } from '@jupyterlab/services';
import type { ILoadedExercise } from '../../catalog/types';
import { ExerciseInjector, learnerNotebook } from '../injection';
import { MemoryTree } from './memory-tree';

function exercise(assets: string[], checks: unknown[] = []): ILoadedExercise {
  return {
    packId: 'hostile',
    folder: 'data/deep/ex',
    notebook: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] },
    assets: assets.map(path => ({
      path,
      format: 'text',
      content: `pack ${path}`
    })),
    spec: {
      schema: 1,
      id: 'ex',
      title: 'Ex',
      topic: 'data',
      difficulty: 'beginner',
      statement: 'Do it.',
      notebook: 'ex.ipynb',
      assets,
      cells: [
        {
          cell: 'answer',
          checks: (checks.length > 0
            ? checks
            : [
                { id: 'is-42', kind: 'value', expr: 'answer', expected: 42 }
              ]) as never,
          hints: ['a', 'b'],
          solution: 'answer = 42',
          wrong_answers: [{ code: 'pass', fails: 'is-42' }]
        }
      ]
    }
  };
}

function setup(carryChecks?: () => boolean) {
  const contents = new MemoryTree();
  const injector = new ExerciseInjector({
    contents: contents as unknown as Contents.IManager,
    folder: () => 'ml-exercises',
    readAsset: async (ex, path) => {
      const asset = ex.assets!.find(a => a.path === path);
      if (!asset) {
        throw new Error(`no asset ${path}`);
      }
      return { content: asset.content, format: asset.format };
    },
    carryChecks
  });
  return { contents, injector };
}

describe('Open writes only inside the exercise folder', () => {
  it("refuses an asset '../../x' and writes nothing (the learner's progress.json and notebooks stay)", async () => {
    const { contents, injector } = setup();
    contents.files.set('ml-exercises', { type: 'directory' });
    contents.files.set('ml-exercises/progress.json', {
      type: 'file',
      content: 'mine'
    });
    const before = new Map(contents.files);
    await expect(
      injector.ensureCopy(exercise(['../progress.json']))
    ).rejects.toThrow('leads outside its exercise folder');
    await expect(injector.ensureCopy(exercise(['../../x']))).rejects.toThrow(
      'leads outside its exercise folder'
    );
    expect(contents.files).toEqual(before);
  });

  it("never overwrites a learner's file, nested ones included", async () => {
    const { contents, injector } = setup();
    for (const folder of [
      'ml-exercises',
      'ml-exercises/ex',
      'ml-exercises/ex/data'
    ]) {
      contents.files.set(folder, { type: 'directory' });
    }
    contents.files.set('ml-exercises/ex/data/x.csv', {
      type: 'file',
      content: 'mine'
    });
    await injector.ensureCopy(exercise(['data/x.csv', 'y.csv']));
    expect(contents.files.get('ml-exercises/ex/data/x.csv')!.content).toBe(
      'mine'
    );
    expect(contents.files.get('ml-exercises/ex/y.csv')!.content).toBe(
      'pack y.csv'
    );
  });

  it('a failed Open leaves nothing half made', async () => {
    const { contents, injector } = setup();
    contents.failOn = path => path.endsWith('.ipynb');
    await expect(
      injector.ensureCopy(exercise(['sub/data.csv']))
    ).rejects.toThrow('the server refused');
    expect([...contents.files.keys()]).toEqual([]);
  });
});

describe('what a learner notebook carries', () => {
  it('exam mode (carryChecks false) carries no checks, reference values or quiz keys', async () => {
    const { contents, injector } = setup(() => false);
    const { path } = await injector.ensureCopy(exercise([]));
    const meta = (
      contents.files.get(path)!.content as { metadata: { mltutor: unknown } }
    ).metadata.mltutor;
    expect(meta).toEqual({ pack: 'hostile', exercise: 'ex', version: '1' });
    expect(JSON.stringify(contents.files.get(path))).not.toContain('42');
  });

  it('hidden checks (nbgrader hidden tests, graded checks) are never carried', () => {
    const copy = learnerNotebook(
      exercise(
        [],
        [
          { id: 'is-42', kind: 'value', expr: 'answer', expected: 42 },
          {
            id: 'secret',
            kind: 'assert',
            code: 'assert answer != 41  # HIDDEN',
            hidden: true
          }
        ]
      )
    );
    const carried = JSON.stringify(copy.metadata.mltutor);
    expect(carried).toContain('is-42');
    expect(carried).not.toContain('HIDDEN');
    expect(carried).not.toContain('secret');
  });
});
