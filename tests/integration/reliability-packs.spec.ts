/**
 * Issue 9, case 2, in the lab's way of reading packs: the Contents API of a
 * real Jupyter server, which reports a symbolic link's own size and sends its
 * target's bytes. A linked asset (to a file outside the pack, or to a large
 * file) must not load.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ContentsManager } from '@jupyterlab/services';
import { ContentsSource } from '../../src/catalog/contents-source';
import { allProblems, loadPack } from '../../src/catalog/loader';
import { JupyterServer } from '../../src/cli/jupyter-server';

const VALID = resolve(__dirname, '../fixtures/packs/valid');
let root = '';
let server: JupyterServer;
let contents: ContentsManager;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mltutor-rel-packs-'));
  server = await JupyterServer.start(root);
  contents = new ContentsManager({ serverSettings: server.settings });
}, 60000);
afterAll(async () => {
  contents?.dispose();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the valid pack under the server root whose bar-chart asset links to `target`. */
function linkedPack(name: string, target: string): string {
  cpSync(VALID, join(root, name), { recursive: true });
  const asset = join(root, name, 'plots/bar-chart/fruit.csv');
  rmSync(asset);
  symlinkSync(target, asset);
  return name;
}

test("an asset linking to a file outside the pack (the user's other files) is refused", async () => {
  writeFileSync(
    join(root, 'private.txt'),
    'the learner’s private notes, not a pack file\n'
  );
  const name = linkedPack('outside', join(root, 'private.txt'));
  const result = await loadPack(new ContentsSource(contents, name), 'folder');
  const messages = allProblems(result).map(problem => problem.message);
  expect(messages).toEqual([expect.stringContaining('symbolic link')]);
  const assets = result.pack?.exercises.flatMap(e => e.assets ?? []) ?? [];
  expect(JSON.stringify(assets)).not.toContain('private notes');
});

test('an asset linking to a 30 MB file is measured by the bytes read, not the link', async () => {
  writeFileSync(join(root, 'big.csv'), Buffer.alloc(30 * 1024 * 1024, 97));
  const name = linkedPack('big', join(root, 'big.csv'));
  const result = await loadPack(new ContentsSource(contents, name), 'folder');
  const messages = allProblems(result).map(problem => problem.message);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(/MB/);
});

test('the same pack without links loads', async () => {
  cpSync(VALID, join(root, 'plain'), { recursive: true });
  const result = await loadPack(
    new ContentsSource(contents, 'plain'),
    'folder'
  );
  expect(allProblems(result)).toEqual([]);
  expect(result.pack?.exercises).toHaveLength(2);
});
