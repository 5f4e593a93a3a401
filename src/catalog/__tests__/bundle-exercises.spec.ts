import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledLocations, bundledSources } from '../bundled';
import { readPacksFromDisk } from '../fs-source';
import { allProblems, loadPacks } from '../loader';
import { fixture } from './helpers';

const SCRIPT = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'scripts',
  'bundle-exercises.js'
);

/** Runs the bundler on `dirs` and returns the bundle it wrote and its exit code. */
function bundle(
  dirs: string[],
  flags: string[] = []
): { data: unknown; code: number } {
  const out = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bundle-')),
    'bundle.json'
  );
  let code = 0;
  try {
    execFileSync(process.execPath, [SCRIPT, '--out', out, ...flags, ...dirs], {
      stdio: 'pipe'
    });
  } catch (error) {
    code = (error as { status: number }).status;
  }
  return { data: JSON.parse(fs.readFileSync(out, 'utf8')) as unknown, code };
}

describe('scripts/bundle-exercises.js', () => {
  it('bundles what the loader reads, and the bundle loads like the folder', async () => {
    const { data, code } = bundle([fixture('valid'), fixture('non-utf8')]);
    expect(code).toBe(0);
    const packs = (data as { packs: Array<{ files: Record<string, unknown> }> })
      .packs;
    expect(Object.keys(packs[0].files)).toEqual([
      'basics/sum-list/exercise.json',
      'basics/sum-list/sum-list.ipynb',
      'pack.json',
      'plots/bar-chart/bar-chart.ipynb',
      'plots/bar-chart/exercise.json',
      'plots/bar-chart/fruit.csv'
    ]);
    // Non-UTF-8 bytes travel as base64 and are reported the same way at run time.
    expect(packs[1].files['ex/exercise.json']).toEqual({
      base64: expect.any(String)
    });
    const fromBundle = await loadPacks(
      bundledSources(data).map(source => ({ source, origin: 'bundled' }))
    );
    const fromDisk = await readPacksFromDisk([
      fixture('valid'),
      fixture('non-utf8')
    ]);
    expect(fromBundle.map(allProblems)).toEqual(fromDisk.map(allProblems));
    expect(
      fromBundle[0].pack!.exercises.map(exercise => exercise.notebook)
    ).toEqual(fromDisk[0].pack!.exercises.map(exercise => exercise.notebook));
  });

  it('marks the packs it found sound as validated; only the others are validated again at run time', async () => {
    const { data } = bundle([fixture('valid'), fixture('too-few-hints')]);
    const packs = (data as { packs: Array<{ validated?: boolean }> }).packs;
    expect(packs.map(pack => pack.validated)).toEqual([true, false]);
    // The pack with problems still shows them in the lab (validated there).
    const loaded = await loadPacks(bundledLocations(data));
    expect(allProblems(loaded[0])).toEqual([]);
    expect(allProblems(loaded[1]).length).toBeGreaterThan(0);
    expect(loaded[0].pack!.exercises.length).toBeGreaterThan(0);
    // A pack marked validated is taken as the build checked it: not validated again.
    const valid = packs[0] as { files: Record<string, string> };
    const manifest = JSON.parse(valid.files['pack.json']);
    const edited = (validated: boolean) => ({
      format: 1,
      packs: [
        {
          ...valid,
          validated,
          files: {
            ...valid.files,
            'pack.json': JSON.stringify({ ...manifest, unknown: 1 })
          }
        }
      ]
    });
    const [checked] = await loadPacks(bundledLocations(edited(false)));
    expect(allProblems(checked).map(problem => problem.file)).toEqual([
      'pack.json'
    ]);
    const [trusted] = await loadPacks(bundledLocations(edited(true)));
    expect(allProblems(trusted)).toEqual([]);
  });

  it('fails with --strict when a pack has problems', () => {
    expect(bundle([fixture('too-few-hints')], ['--strict']).code).toBe(1);
    expect(bundle([fixture('too-few-hints')]).code).toBe(0);
  });
});
