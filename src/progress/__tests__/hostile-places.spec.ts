/**
 * Issue 9, "also to test": a directory where the progress file should be,
 * and a folder the server will not write to (read-only). Progress is kept in
 * memory, the problem is reported, and nothing the learner has is replaced.
 */
import { ProgressStore } from '../store';
import { MemoryContents } from './memory-contents';

const PATH = 'ml-exercises/progress.json';

function storeOn(contents: MemoryContents): ProgressStore {
  let t = Date.UTC(2024, 0, 1, 10);
  return new ProgressStore({
    contents,
    path: PATH,
    tabId: 't1',
    now: () => new Date((t += 1000)),
    retryDelay: 5,
    maxRounds: 20
  });
}

describe('progress in hostile places', () => {
  it('a directory in place of progress.json: reported, kept in memory, the directory untouched', async () => {
    const contents = new MemoryContents();
    contents.folders.add('ml-exercises');
    contents.folders.add(PATH);
    const store = storeOn(contents);
    await store.ready;
    await store.recordVerdict('p', 'e', 'c', 'pass');
    expect(store.problem).not.toBeNull();
    // (The real server refuses to write a file over a folder; this fake does not: not asserted here.)
    expect(contents.folders.has(PATH)).toBe(true);
    expect(store.get('p', 'e')?.cells.c.verdict).toBe('pass');
  });

  it('a folder the server refuses to write: reported, kept in memory, saved once writable', async () => {
    const contents = new MemoryContents();
    contents.folders.add('ml-exercises');
    contents.files.set(PATH, '{"version": 1, "exercises": {}}');
    const store = storeOn(contents);
    await store.ready;
    contents.failing.add(PATH);
    await store.recordVerdict('p', 'e', 'c', 'fail');
    expect(store.get('p', 'e')?.cells.c.attempts).toBe(1);
    expect(contents.files.get(PATH)).toBe('{"version": 1, "exercises": {}}');
    contents.failing.delete(PATH);
    await store.refresh();
    expect(JSON.parse(contents.files.get(PATH)!)).toMatchObject({
      exercises: { 'p/e': { cells: { c: { attempts: 1 } } } }
    });
  });
});
