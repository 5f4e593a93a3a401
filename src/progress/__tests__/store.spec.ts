import { ProgressStore } from '../store';
import type { IProgressProblem } from '../types';
import { MemoryContents } from './memory-contents';

const PATH = 'ml-exercises/progress.json';

/** A clock that moves one second on each reading. */
function clock(start = Date.UTC(2024, 0, 1, 10)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

function storeOn(
  contents: MemoryContents,
  tabId: string,
  path = PATH
): ProgressStore {
  return new ProgressStore({
    contents,
    path,
    tabId,
    now: clock(),
    retryDelay: 5,
    maxRounds: 20
  });
}

function onDisk(contents: MemoryContents, path = PATH): unknown {
  return JSON.parse(contents.files.get(path) ?? 'null');
}

describe('ProgressStore', () => {
  it('creates the missing folders, then the file', async () => {
    const contents = new MemoryContents();
    const store = storeOn(contents, 't1', 'one/two/progress.json');
    await store.ready;
    await store.recordVerdict('p', 'e', 'c', 'fail');
    expect(contents.folders).toEqual(new Set(['', 'one', 'one/two']));
    expect(contents.log.filter(line => line.startsWith('save'))).toEqual([
      'save one (directory)',
      'save one/two (directory)',
      'save one/two/progress.json (file)'
    ]);
    expect(store.problem).toBeNull();
  });

  it('records verdicts, hints and solutions, and reloads them in a new store', async () => {
    const contents = new MemoryContents();
    const first = storeOn(contents, 't1');
    const changes: number[] = [];
    first.changed.connect(() => changes.push(1));
    await first.recordVerdict('p', 'e', 'c', 'fail');
    await first.recordHint('p', 'e', 'c', 2);
    await first.recordHint('p', 'e', 'c', 1);
    await first.recordVerdict('p', 'e', 'c', 'pass');
    await first.recordVerdict('p', 'e', 'c', 'fail');
    await first.recordSolutionRevealed('p', 'e', 'd');
    expect(changes.length).toBe(5); // the smaller hint count changed nothing

    const second = storeOn(contents, 't2');
    await second.ready;
    const cells = second.get('p', 'e')?.cells;
    expect(cells?.c).toMatchObject({
      verdict: 'fail',
      attempts: 3,
      hintsUsed: 2,
      solutionRevealed: false
    });
    expect(cells?.c.firstPassAt).toBe(first.get('p', 'e')?.cells.c.firstPassAt);
    expect(cells?.c.firstPassAt).not.toBeNull();
    expect(cells?.d.solutionRevealed).toBe(true);
    expect(second.get('p', 'e')?.startedAt).not.toBeNull();
    expect(second.toJSON()).toBe(first.toJSON());
  });

  it('loses no update when two tabs write at the same time', async () => {
    const contents = new MemoryContents({ seed: 7, maxDelay: 3 });
    const one = storeOn(contents, 't1');
    const two = storeOn(contents, 't2');
    await Promise.all([one.ready, two.ready]);
    const work: Promise<void>[] = [];
    for (let i = 0; i < 8; i++) {
      work.push(one.recordVerdict('p', 'shared', 'c', 'fail'));
      work.push(
        two.recordVerdict('p', 'shared', 'c', i === 7 ? 'pass' : 'fail')
      );
      work.push(one.recordHint('p', `one-${i}`, 'c', 1));
      work.push(two.recordHint('p', `two-${i}`, 'c', 2));
      await new Promise(resolve => setTimeout(resolve, i % 3));
    }
    work.push(one.recordSolutionRevealed('p', 'shared', 'd'));
    await Promise.all(work);
    expect(one.problem).toBeNull();
    expect(two.problem).toBeNull();

    const third = storeOn(contents, 't3');
    await third.ready;
    const shared = third.get('p', 'shared');
    expect(shared?.cells.c.attempts).toBe(16);
    expect(shared?.cells.c.firstPassAt).not.toBeNull();
    expect(shared?.cells.d.solutionRevealed).toBe(true);
    expect(third.all()).toHaveLength(17);
    // After a refresh both tabs agree with the file.
    await Promise.all([one.refresh(), two.refresh()]);
    expect(one.toJSON()).toBe(third.toJSON());
    expect(two.toJSON()).toBe(third.toJSON());
  });

  it('writes a burst of changes in few saves', async () => {
    const contents = new MemoryContents();
    const store = storeOn(contents, 't1');
    await store.ready;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.recordVerdict('p', 'e', 'c', 'fail')
      )
    );
    const saves = contents.log.filter(line => line === `save ${PATH} (file)`);
    expect(saves.length).toBeLessThanOrEqual(2);
    expect(store.get('p', 'e')?.cells.c.attempts).toBe(10);
  });

  it('keeps a copy of a corrupt file, reports it, and starts afresh', async () => {
    const contents = new MemoryContents();
    contents.folders.add('ml-exercises');
    contents.files.set(PATH, '{"version": 1, "exercises": {');
    const store = storeOn(contents, 't1');
    const reported: Array<IProgressProblem | null> = [];
    store.problemChanged.connect((_, problem) => reported.push(problem));
    await store.ready;
    expect(store.problem).toMatchObject({ kind: 'corrupt', path: PATH });
    const backup = store.problem?.backupPath ?? '';
    expect(backup).toMatch(
      /^ml-exercises\/progress\.corrupt-2024-01-01T10-00-0\d-000Z\.json$/
    );
    expect(contents.files.get(backup)).toBe('{"version": 1, "exercises": {');
    expect(reported).toHaveLength(1);

    await store.recordVerdict('p', 'e', 'c', 'pass');
    expect(onDisk(contents)).toMatchObject({
      version: 1,
      exercises: { 'p/e': { cells: { c: { verdict: 'pass' } } } }
    });
  });

  it('keeps a copy of a binary file as it was', async () => {
    const contents = new MemoryContents();
    contents.folders.add('ml-exercises');
    contents.binaries.set(PATH, '//79/Q==');
    const store = storeOn(contents, 't1');
    await store.ready;
    expect(store.problem?.kind).toBe('corrupt');
    expect(contents.binaries.get(store.problem?.backupPath ?? '')).toBe(
      '//79/Q=='
    );
  });

  it('does not replace a file it cannot read', async () => {
    const contents = new MemoryContents();
    contents.folders.add('ml-exercises');
    contents.files.set(PATH, '{"version": 1, "exercises": {}}');
    contents.failing.add(PATH);
    const store = storeOn(contents, 't1');
    await store.ready;
    expect(store.problem?.kind).toBe('read-failed');
    await store.recordVerdict('p', 'e', 'c', 'fail');
    expect(contents.files.get(PATH)).toBe('{"version": 1, "exercises": {}}');
    expect(store.dirty).toBe(true);

    // Once the server answers again, a refresh saves what was kept in memory.
    contents.failing.delete(PATH);
    await store.refresh();
    expect(store.problem).toBeNull();
    expect(store.dirty).toBe(false);
    expect(onDisk(contents)).toMatchObject({
      exercises: { 'p/e': { cells: { c: { attempts: 1 } } } }
    });
  });

  it('merges what it loads with what was recorded before loading finished', async () => {
    const contents = new MemoryContents({ maxDelay: 2 });
    const first = storeOn(contents, 't1');
    await first.recordVerdict('p', 'e', 'c', 'fail');
    const second = storeOn(contents, 't2');
    const recorded = second.recordVerdict('p', 'e', 'c', 'fail');
    await Promise.all([second.ready, recorded]);
    expect(second.get('p', 'e')?.cells.c.attempts).toBe(2);
  });

  it('switches to another file when the path changes', async () => {
    const contents = new MemoryContents();
    const store = storeOn(contents, 't1');
    await store.recordVerdict('p', 'e', 'c', 'fail');
    const changed = jest.fn();
    store.changed.connect(changed);
    await store.setPath('/elsewhere/progress.json/');
    expect(store.path).toBe('elsewhere/progress.json');
    expect(store.all()).toEqual([]);
    expect(changed).toHaveBeenCalled();
    await store.recordHint('p', 'f', 'c', 1);
    expect(onDisk(contents, 'elsewhere/progress.json')).toMatchObject({
      exercises: { 'p/f': {} }
    });
    expect(
      Object.keys((onDisk(contents) as { exercises: object }).exercises)
    ).toEqual(['p/e']);

    await store.setPath(PATH);
    expect(store.get('p', 'e')?.cells.c.attempts).toBe(1);
    expect(store.get('p', 'f')).toBeUndefined();
  });

  it('exports CSV with the cells it is given, and JSON without per-tab counts', async () => {
    const contents = new MemoryContents();
    const store = new ProgressStore({
      contents,
      path: PATH,
      now: clock(),
      cellIds: () => ['c', 'd']
    });
    await store.recordVerdict('p', 'e', 'c', 'pass');
    expect(store.toCSV()).toContain('\r\np,e,in-progress,1,0,false,,');
    expect(store.toCSV(() => ['c'])).toContain('\r\np,e,passed,1,0,false,2024');
    expect(store.toJSON()).not.toContain('attemptsBy');
    expect(JSON.parse(store.toJSON())).toMatchObject({
      version: 1,
      exercises: { 'p/e': { cells: { c: { attempts: 1 } } } }
    });
  });
});
