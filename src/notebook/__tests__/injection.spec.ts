import type { Contents } from '@jupyterlab/services';
import type { ILoadedExercise } from '../../catalog/types';
import { ExerciseInjector, learnerNotebook } from '../injection';
import { MemoryTree } from './memory-tree';

const exercise: ILoadedExercise = {
  packId: 'ml-interview',
  folder: 'data/missing-data',
  notebook: {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3' } },
    cells: [
      {
        cell_type: 'markdown',
        id: 'intro',
        metadata: {},
        source: '# Missing data'
      },
      {
        cell_type: 'code',
        id: 'count',
        metadata: { tags: ['mltutor:count'] },
        source: 'counts = ...',
        outputs: [{ output_type: 'stream', name: 'stdout', text: 'stale' }],
        execution_count: 3
      }
    ]
  },
  assets: [{ path: 'data.csv', format: 'text', content: 'a,b\n1,2\n' }],
  spec: {
    schema: 1,
    id: 'missing-data',
    version: '2',
    title: 'Missing data',
    topic: 'data',
    difficulty: 'beginner',
    statement: 'Count them.',
    notebook: 'missing-data.ipynb',
    assets: ['data.csv'],
    cells: []
  }
};

function setup() {
  const contents = new MemoryTree();
  const injector = new ExerciseInjector({
    contents: contents as unknown as Contents.IManager,
    folder: () => 'ml-exercises/',
    readAsset: async (ex, path) => {
      const asset = ex.assets!.find(a => a.path === path)!;
      return { content: asset.content, format: asset.format };
    }
  });
  return { contents, injector };
}

describe('notebook injection', () => {
  it("creates the learner's copy with its exercise in the metadata and no stale outputs", async () => {
    const { contents, injector } = setup();
    const result = await injector.ensureCopy(exercise);
    expect(result).toEqual({
      path: 'ml-exercises/missing-data/missing-data.ipynb',
      created: true
    });
    const saved = contents.files.get(result.path)!.content;
    expect(saved.metadata.mltutor).toMatchObject({
      pack: 'ml-interview',
      exercise: 'missing-data',
      version: '2'
    });
    expect(saved.metadata.mltutor.checks.title).toBe('Missing data');
    expect(saved.cells[1].outputs).toEqual([]);
    expect(saved.cells[1].execution_count).toBeNull();
    expect(
      contents.files.get('ml-exercises/missing-data/data.csv')?.content
    ).toBe('a,b\n1,2\n');
  });

  it("never overwrites the learner's work", async () => {
    const { contents, injector } = setup();
    const { path } = await injector.ensureCopy(exercise);
    const edited = { ...contents.files.get(path)!, content: { edited: true } };
    contents.files.set(path, edited);
    contents.files.set('ml-exercises/missing-data/data.csv', {
      type: 'file',
      content: 'mine'
    });
    const again = await injector.ensureCopy(exercise);
    expect(again.created).toBe(false);
    expect(contents.files.get(path)!.content).toEqual({ edited: true });
    expect(
      contents.files.get('ml-exercises/missing-data/data.csv')!.content
    ).toBe('mine');
  });

  it('reset keeps the old copy as a timestamped backup', async () => {
    const { contents, injector } = setup();
    const { path } = await injector.ensureCopy(exercise);
    contents.files.set(path, {
      ...contents.files.get(path)!,
      content: { edited: true }
    });
    const { backup } = await injector.reset(
      exercise,
      new Date(2026, 10, 24, 17, 5, 9)
    );
    expect(backup).toBe(
      'ml-exercises/missing-data/missing-data.backup-20261124-170509.ipynb'
    );
    expect(contents.files.get(backup!)!.content).toEqual({ edited: true });
    expect(contents.files.get(path)!.content.metadata.mltutor.exercise).toBe(
      'missing-data'
    );
  });

  it('leaves the exercise itself untouched', () => {
    const copy = learnerNotebook(exercise);
    expect(copy).not.toBe(exercise.notebook);
    expect(
      (exercise.notebook.cells[1] as { outputs: unknown[] }).outputs
    ).toHaveLength(1);
  });
});
