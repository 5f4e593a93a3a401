/**
 * Issue 9, case 2, on disk (the CLI and the bundler): links that leave the
 * pack are refused; sizes are those of what is read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPackFromDisk } from '../fs-source';
import { allProblems } from '../loader';
import { fixture } from './helpers';

let work = '';
let outside = '';

/** A copy of the valid fixture pack whose bar-chart asset is replaced by a link to `target`. */
function packWithLinkedAsset(target: string): string {
  const pack = fs.mkdtempSync(path.join(work, 'pack-'));
  fs.cpSync(fixture('valid'), pack, { recursive: true });
  const asset = path.join(pack, 'plots/bar-chart/fruit.csv');
  fs.rmSync(asset);
  fs.symlinkSync(target, asset);
  return pack;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-links-'));
  outside = path.join(work, 'secret.txt');
  fs.writeFileSync(outside, 'the learner’s private notes\n');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('symbolic links in packs on disk', () => {
  it('refuses an asset that links outside the pack (another file of the user, /etc/passwd)', async () => {
    for (const target of [outside, '/etc/passwd']) {
      const result = await readPackFromDisk(packWithLinkedAsset(target));
      const problems = allProblems(result).map(problem => problem.message);
      expect(problems).toEqual([
        expect.stringContaining('symbolic link that leads outside the pack')
      ]);
      const assets = result.pack?.exercises.flatMap(e => e.assets ?? []) ?? [];
      expect(JSON.stringify(assets)).not.toContain('private notes');
    }
  });

  it('measures a link by what it leads to: a large target is over the limit', async () => {
    const pack = packWithLinkedAsset('fruit-big.csv');
    // The target is inside the pack, so the link is allowed, but it is 30 MB.
    fs.writeFileSync(
      path.join(pack, 'plots/bar-chart/fruit-big.csv'),
      Buffer.alloc(30 * 1024 * 1024, 97)
    );
    const problems = allProblems(await readPackFromDisk(pack)).map(
      problem => problem.message
    );
    expect(problems).toEqual([expect.stringContaining('MB')]);
  });

  it('follows a link that stays inside the pack', async () => {
    const pack = packWithLinkedAsset('../../basics/sum-list/sum-list.ipynb');
    const result = await readPackFromDisk(pack);
    expect(allProblems(result)).toEqual([]);
    const chart = result.pack!.exercises.find(
      e => e.folder === 'plots/bar-chart'
    )!;
    expect(chart.assets![0].content).toContain('nbformat');
  });
});
