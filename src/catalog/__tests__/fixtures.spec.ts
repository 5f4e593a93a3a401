import { readPackFromDisk, readPacksFromDisk } from '../fs-source';
import { allProblems } from '../loader';
import type { IPackLoadResult } from '../types';
import { EXPECTED_PROBLEMS, VALID_EXERCISES } from './expected-problems';
import { FIXTURES, fixture } from './helpers';

function resultOf(results: IPackLoadResult[], name: string): IPackLoadResult {
  const found = results.find(result => result.location === fixture(name));
  if (!found) {
    throw new Error(`no result for fixture ${name}`);
  }
  return found;
}

describe('the valid fixture pack', () => {
  it('loads both exercises with their notebooks and assets', async () => {
    const result = await readPackFromDisk(fixture('valid'));
    expect(allProblems(result)).toEqual([]);
    const pack = result.pack!;
    expect(pack.manifest.topics.map(topic => topic.id)).toEqual([
      'basics',
      'plots'
    ]);
    expect(pack.exercises.map(exercise => exercise.spec.id)).toEqual(
      VALID_EXERCISES
    );
    const [sum, chart] = pack.exercises;
    expect(sum).toMatchObject({
      packId: 'fixture-valid',
      folder: 'basics/sum-list'
    });
    expect(sum.notebook.cells.length).toBe(4);
    expect(chart.assets).toEqual([
      {
        path: 'fruit.csv',
        format: 'text',
        content: 'fruit,sold\napple,12\npear,7\nplum,3\n'
      }
    ]);
  });
});

describe('malformed fixture packs', () => {
  let results: IPackLoadResult[];

  beforeAll(async () => {
    // All fixtures together, as `mltutor validate tests/fixtures/packs` reads them.
    results = await readPacksFromDisk([FIXTURES]);
  });

  it('finds every fixture', () => {
    expect(results.length).toBe(EXPECTED_PROBLEMS.length + 1);
  });

  it.each(EXPECTED_PROBLEMS)(
    '$fixture: $path $message',
    ({ fixture: name, file, path, message }) => {
      const problems = allProblems(resultOf(results, name));
      expect(problems).toHaveLength(1);
      expect(problems[0].file).toBe(file);
      expect(problems[0].path).toBe(path);
      expect(problems[0].message).toContain(message);
    }
  );

  it('do not stop the valid pack from loading', () => {
    const valid = resultOf(results, 'valid');
    expect(allProblems(valid)).toEqual([]);
    expect(valid.pack!.exercises.map(exercise => exercise.spec.id)).toEqual(
      VALID_EXERCISES
    );
  });

  it('lose only their broken exercise: the rest of a pack loads', () => {
    const partial = resultOf(results, 'missing-exercise-folder').pack!;
    expect(partial.exercises.map(exercise => exercise.spec.id)).toEqual([
      'missing-exercise-folder-ex'
    ]);
  });

  it.each(
    EXPECTED_PROBLEMS.filter(
      ({ fixture: name }) => name !== 'valid-duplicate-id'
    )
  )(
    '$fixture loaded with the valid pack leaves it intact',
    async ({ fixture: name, file, path }) => {
      const [valid, broken] = await readPacksFromDisk([
        fixture('valid'),
        fixture(name)
      ]);
      expect(valid.pack!.exercises.map(exercise => exercise.spec.id)).toEqual(
        VALID_EXERCISES
      );
      expect(
        allProblems(broken).map(problem => [problem.file, problem.path])
      ).toEqual([[file, path]]);
    }
  );

  it('make the later of two packs with the same exercise id the error', async () => {
    const [duplicate, valid] = await readPacksFromDisk([
      fixture('valid-duplicate-id'),
      fixture('valid')
    ]);
    expect(allProblems(duplicate)).toEqual([]);
    expect(allProblems(valid)).toEqual([
      expect.objectContaining({
        file: 'basics/sum-list/exercise.json',
        path: '/id'
      })
    ]);
    expect(valid.pack!.exercises.map(exercise => exercise.spec.id)).toEqual([
      'fixture-bar-chart'
    ]);
  });

  it('reject a second pack with the same pack id', async () => {
    const [first, second] = await readPacksFromDisk([
      fixture('valid'),
      fixture('valid')
    ]);
    expect(first.pack).not.toBeNull();
    expect(second.pack).toBeNull();
    expect(second.problems).toEqual([
      expect.objectContaining({
        file: 'pack.json',
        path: '/id',
        message: expect.stringContaining("pack id 'fixture-valid'")
      })
    ]);
  });

  it('report a folder that does not exist', async () => {
    const result = await readPackFromDisk(fixture('no-such-pack'));
    expect(result.problems).toEqual([
      { file: 'pack.json', path: '', message: 'folder not found' }
    ]);
  });
});
