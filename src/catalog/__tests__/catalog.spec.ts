import { ExerciseCatalog, foldersFromSettings } from '../catalog';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { FIXTURES, FakeContents, fixture, readTree } from './helpers';
import { VALID_EXERCISES } from './expected-problems';

/** A file tree with the valid pack under `shared/valid` and two broken ones under `shared/broken`. */
function tree(): FakeContents {
  const files: Record<string, Uint8Array> = {};
  const add = (name: string, under: string): void => {
    for (const [path, bytes] of Object.entries(readTree(fixture(name)))) {
      files[`${under}/${path}`] = bytes;
    }
  };
  add('valid', 'shared/valid');
  add('unknown-check-kind', 'shared/broken/unknown-check-kind');
  add('path-escape', 'shared/broken/path-escape');
  return new FakeContents(files);
}

/** A bundle as scripts/bundle-exercises.js writes it, holding the valid fixture pack. */
function bundle(): unknown {
  const files: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(readTree(`${FIXTURES}/valid`))) {
    files[path] = new TextDecoder().decode(bytes);
  }
  return {
    format: 1,
    packs: [{ location: 'tests/fixtures/packs/valid', files }]
  };
}

describe('ExerciseCatalog', () => {
  it('loads bundled packs lazily, with their exercises', async () => {
    const catalog = new ExerciseCatalog({ bundled: async () => bundle() });
    await catalog.ready;
    expect(
      catalog.packs.map(pack => [pack.manifest.id, pack.origin, pack.location])
    ).toEqual([
      ['fixture-valid', 'bundled', 'bundled:tests/fixtures/packs/valid']
    ]);
    expect(catalog.exercises.map(exercise => exercise.spec.id)).toEqual(
      VALID_EXERCISES
    );
    expect(
      catalog.findExercise('fixture-valid', 'fixture-bar-chart')?.folder
    ).toBe('plots/bar-chart');
    expect(catalog.findExercise('fixture-valid', 'nope')).toBeUndefined();
    expect(catalog.problems).toEqual([]);
  });

  it('loads folder packs and lists broken ones as problems while the rest loads', async () => {
    const catalog = new ExerciseCatalog({
      bundled: null,
      contents: tree(),
      folders: { packFolders: ['shared/broken', 'shared/valid'] }
    });
    await catalog.ready;
    expect(catalog.exercises.map(exercise => exercise.spec.id)).toEqual(
      VALID_EXERCISES
    );
    expect(
      catalog.problems.map(problem => [
        problem.location,
        problem.file,
        problem.path
      ])
    ).toEqual([
      ['shared/broken/path-escape', 'ex/exercise.json', '/notebook'],
      [
        'shared/broken/unknown-check-kind',
        'ex/exercise.json',
        '/cells/0/checks/1/kind'
      ]
    ]);
    expect(catalog.problems[0]).toMatchObject({
      origin: 'folder',
      packId: 'fixture-path-escape'
    });
  });

  it('puts system folders first: their ids win over the same pack in a user folder', async () => {
    const catalog = new ExerciseCatalog({
      bundled: null,
      contents: tree(),
      folders: {
        packFolders: ['shared/valid'],
        systemPackFolders: ['shared/valid/']
      }
    });
    await catalog.ready;
    // The same folder in both lists is read once, as a system folder.
    expect(
      catalog.results.map(result => [result.location, result.origin])
    ).toEqual([['shared/valid', 'system']]);
  });

  it('reports a duplicate of a bundled exercise on the later pack', async () => {
    const catalog = new ExerciseCatalog({
      bundled: async () => bundle(),
      contents: tree(),
      folders: { packFolders: ['shared/valid'] }
    });
    await catalog.ready;
    expect(catalog.packs.map(pack => pack.origin)).toEqual(['bundled']);
    expect(catalog.problems).toEqual([
      expect.objectContaining({
        location: 'shared/valid',
        file: 'pack.json',
        path: '/id',
        origin: 'folder'
      })
    ]);
  });

  it('keeps loading the other sources when one throws', async () => {
    const contents = tree();
    contents.failing.add('shared/broken');
    const catalog = new ExerciseCatalog({
      bundled: async () => {
        throw new Error('chunk failed to load');
      },
      contents,
      folders: { packFolders: ['shared/broken', 'shared/valid'] }
    });
    await catalog.ready;
    expect(catalog.exercises.map(exercise => exercise.spec.id)).toEqual(
      VALID_EXERCISES
    );
    expect(
      catalog.problems.map(problem => [problem.location, problem.message])
    ).toEqual([
      ['bundled', 'could not load the bundled exercises: chunk failed to load'],
      ['shared/broken', 'could not read the folder: Internal Server Error']
    ]);
  });

  it('reports a bundle in an unknown format', async () => {
    const catalog = new ExerciseCatalog({
      bundled: async () => ({ format: 99, packs: [] })
    });
    await catalog.ready;
    expect(catalog.problems[0].message).toContain('rebuild');
  });

  it('reloads when the folders change, and emits changed', async () => {
    const catalog = new ExerciseCatalog({ bundled: null, contents: tree() });
    await catalog.ready;
    expect(catalog.packs).toEqual([]);
    let emitted = 0;
    catalog.changed.connect(() => emitted++);
    await catalog.setFolders({ packFolders: ['shared/valid'] });
    expect(emitted).toBe(1);
    expect(catalog.findPack('fixture-valid')).toBeDefined();
    await catalog.setFolders({ packFolders: ['shared/valid'] });
    expect(emitted).toBe(1);
    catalog.dispose();
    expect(catalog.isDisposed).toBe(true);
  });

  it('applies only the latest of overlapping reloads', async () => {
    const catalog = new ExerciseCatalog({ bundled: null, contents: tree() });
    await catalog.ready;
    const first = catalog.setFolders({ packFolders: ['shared/broken'] });
    const second = catalog.setFolders({ packFolders: ['shared/valid'] });
    await Promise.all([first, second]);
    expect(catalog.results.map(result => result.location)).toEqual([
      'shared/valid'
    ]);
    expect(catalog.loading).toBe(false);
  });

  it('reports folders it cannot read without a contents manager', async () => {
    const catalog = new ExerciseCatalog({
      bundled: null,
      folders: { packFolders: ['shared/valid'] }
    });
    await catalog.ready;
    expect(catalog.problems).toEqual([
      expect.objectContaining({
        location: 'shared/valid',
        message: expect.stringContaining('no access')
      })
    ]);
  });
});

describe('foldersFromSettings', () => {
  it('reads both lists and ignores what is not a string', () => {
    const settings = {
      composite: { packFolders: ['a', 3, 'b'], systemPackFolders: 'not a list' }
    } as unknown as ISettingRegistry.ISettings;
    expect(foldersFromSettings(settings)).toEqual({
      packFolders: ['a', 'b'],
      systemPackFolders: []
    });
  });
});
