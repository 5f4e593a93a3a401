import { ContentsSource } from '../contents-source';
import { readPacksFromDisk } from '../fs-source';
import { allProblems, loadPacks } from '../loader';
import type { IPackLoadResult } from '../types';
import { FIXTURES, FakeContents, readTree } from './helpers';

/** The fixtures as a Jupyter file tree, under `course/packs`. */
function fixtureTree(): FakeContents {
  const files: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(readTree(FIXTURES))) {
    files[`course/packs/${path}`] = bytes;
  }
  return new FakeContents(files);
}

/** Results keyed by the pack's folder name, with every problem; `root` (where the packs are) left out. */
function summarise(
  results: IPackLoadResult[],
  root: string
): Record<string, unknown> {
  return Object.fromEntries(
    results.map(result => [
      result.location.split(/[\\/]/).pop(),
      {
        exercises:
          result.pack?.exercises.map(exercise => exercise.spec.id) ?? null,
        problems: allProblems(result).map(problem => ({
          ...problem,
          message: problem.message.split(root).join('<root>')
        }))
      }
    ])
  );
}

describe('ContentsSource', () => {
  it('gives the same packs and problems as the file system', async () => {
    const contents = fixtureTree();
    const viaContents = await loadPacks([
      {
        source: new ContentsSource(contents, '/course/packs/'),
        origin: 'folder'
      }
    ]);
    const onDisk = await readPacksFromDisk([FIXTURES]);
    expect(summarise(viaContents, 'course/packs')).toEqual(
      summarise(onDisk, FIXTURES)
    );
    expect(viaContents.map(result => result.location)).toContain(
      'course/packs/valid'
    );
  });

  it('asks the server for nothing that is not there when it loads a folder of packs', async () => {
    // A missing path is a 404 that the browser's console shows on every load.
    // Two good packs only: a broken pack's missing files are rightly asked for.
    const files: Record<string, Uint8Array> = {};
    for (const [path, bytes] of Object.entries(readTree(FIXTURES))) {
      if (/^valid(-duplicate-id)?\//.test(path)) {
        files[`course/packs/${path}`] = bytes;
      }
    }
    const contents = new FakeContents(files);
    await loadPacks([
      {
        source: new ContentsSource(contents, 'course/packs'),
        origin: 'folder'
      }
    ]);
    const missing: string[] = [];
    for (const { path } of [...contents.requests]) {
      try {
        await contents.get(path);
      } catch {
        missing.push(path);
      }
    }
    expect(contents.requests.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('detects non-UTF-8 files from the base64 the server falls back to', async () => {
    const contents = fixtureTree();
    const [result] = await loadPacks([
      {
        source: new ContentsSource(contents, 'course/packs/non-utf8'),
        origin: 'folder'
      }
    ]);
    expect(allProblems(result)).toEqual([
      expect.objectContaining({
        file: 'ex/exercise.json',
        message: expect.stringContaining('not valid UTF-8')
      })
    ]);
    // No format forced: a forced 'text' would make the server fail instead of sending base64.
    const reads = contents.requests.filter(
      request => request.options?.content && request.options.type === 'file'
    );
    expect(reads.every(request => request.options?.format === undefined)).toBe(
      true
    );
  });

  it('rejects a huge file from its size, without downloading it', async () => {
    const contents = fixtureTree();
    await loadPacks([
      {
        source: new ContentsSource(contents, 'course/packs/huge-file'),
        origin: 'folder'
      }
    ]);
    const downloads = contents.requests.filter(
      request =>
        request.path.endsWith('ex/exercise.json') && request.options?.content
    );
    expect(downloads).toEqual([]);
  });

  it('turns a server error into a problem of that file only', async () => {
    const contents = fixtureTree();
    contents.failing.add('course/packs/valid/plots/bar-chart/bar-chart.ipynb');
    const [result] = await loadPacks([
      {
        source: new ContentsSource(contents, 'course/packs/valid'),
        origin: 'folder'
      }
    ]);
    expect(result.pack!.exercises.map(exercise => exercise.spec.id)).toEqual([
      'fixture-sum-list'
    ]);
    expect(allProblems(result)).toEqual([
      {
        file: 'plots/bar-chart/bar-chart.ipynb',
        path: '',
        message: 'could not read the file: Internal Server Error'
      }
    ]);
  });

  it('reports a folder that does not exist', async () => {
    const [result] = await loadPacks([
      { source: new ContentsSource(fixtureTree(), 'nowhere'), origin: 'system' }
    ]);
    expect(result).toMatchObject({
      location: 'nowhere',
      origin: 'system',
      pack: null
    });
    expect(result.problems).toEqual([
      { file: 'pack.json', path: '', message: 'folder not found' }
    ]);
  });
});
