import { execFileSync } from 'child_process';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { FsSource } from '../../catalog/fs-source';
import { allProblems, loadPack } from '../../catalog/loader';
import { MemorySource } from '../../catalog/source';
import { ContentsSource } from '../../catalog/contents-source';
import type { ContentsReader } from '../../contents';
import {
  hiddenCheckCount,
  stripHiddenChecks,
  stripHiddenChecksFromText
} from '../hidden';

const PACK = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'tests',
  'fixtures',
  'grading',
  'pack'
);
const SPEC = path.join(PACK, 'squares', 'exercise.json');

function packFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of [
    'pack.json',
    'squares/exercise.json',
    'squares/squares.ipynb'
  ]) {
    files[file] = fs.readFileSync(path.join(PACK, file), 'utf8');
  }
  return files;
}

describe('stripping hidden checks', () => {
  it('removes hidden checks and their wrong answers, keeping their count', () => {
    const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8'));
    const stripped = stripHiddenChecks(spec) as typeof spec;
    const cell = stripped.cells[0];
    expect(cell.checks.map((check: { id: string }) => check.id)).toEqual([
      'small'
    ]);
    expect(cell.hidden_checks).toBe(2);
    expect(JSON.stringify(stripped)).not.toContain('squares(12)');
    expect(
      cell.wrong_answers.map((wrong: { fails: string }) => wrong.fails)
    ).toEqual(['small']);
    expect(hiddenCheckCount(cell)).toBe(2);
    expect(hiddenCheckCount(spec.cells[0])).toBe(2);
  });

  it('leaves an exercise without hidden checks, and text that is not JSON, as they are', () => {
    const plain = { cells: [{ checks: [{ id: 'a' }] }] };
    expect(stripHiddenChecks(plain)).toBe(plain);
    expect(stripHiddenChecksFromText('{ not json')).toBe('{ not json');
  });

  it('a stripped exercise still validates; a cell with neither checks nor a count does not', async () => {
    const files = packFiles();
    files['squares/exercise.json'] = stripHiddenChecksFromText(
      files['squares/exercise.json']
    );
    const result = await loadPack(new MemorySource(files, 'mem'), 'folder');
    expect(allProblems(result)).toEqual([]);
    const spec = JSON.parse(files['squares/exercise.json']);
    spec.cells[0].checks = [];
    delete spec.cells[0].hidden_checks;
    files['squares/exercise.json'] = JSON.stringify(spec);
    const broken = await loadPack(new MemorySource(files, 'mem'), 'folder');
    expect(allProblems(broken).map(problem => problem.message)).toEqual(
      expect.arrayContaining([
        "cell 'squares' has no checks: give it at least one"
      ])
    );
  });

  it('the CLI (file system) keeps hidden checks', async () => {
    const result = await loadPack(new FsSource(PACK), 'folder');
    const cell = result.pack?.exercises[0].spec.cells[0];
    expect(cell?.checks.filter(check => check.hidden).length).toBe(2);
  });

  it('the lab (Contents API) never keeps them in memory', async () => {
    const files = packFiles();
    const contents: ContentsReader = {
      get: async (file: string, options?: { content?: boolean }) => {
        const name = file.replace(/^packs\/?/, '');
        const isDir = name === '' || name === 'squares';
        if (isDir) {
          return {
            type: 'directory',
            name,
            path: file,
            content: options?.content
              ? Object.keys(files)
                  .filter(key =>
                    name ? key.startsWith(`${name}/`) : !key.includes('/')
                  )
                  .map(key => ({
                    name: key.split('/').pop(),
                    type: key.endsWith('.ipynb') ? 'notebook' : 'file'
                  }))
                  .concat(name ? [] : [{ name: 'squares', type: 'directory' }])
              : null
          } as never;
        }
        if (!(name in files)) {
          throw new Error('404');
        }
        return {
          type: 'file',
          name,
          path: file,
          format: 'text',
          size: files[name].length,
          content: options?.content ? files[name] : null
        } as never;
      }
    } as ContentsReader;
    const source = new ContentsSource(contents, 'packs');
    const text = (await source.read('squares/exercise.json')) as string;
    expect(text).not.toContain('squares(12)');
    const result = await loadPack(source, 'folder');
    expect(allProblems(result)).toEqual([]);
    const cell = result.pack?.exercises[0].spec.cells[0];
    expect(cell?.checks.some(check => check.hidden)).toBe(false);
    expect(cell?.hidden_checks).toBe(2);
  });
});

describe('the front-end bundle', () => {
  it('carries no hidden check of a pack it bundles, only their count', () => {
    const out = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bundle-')),
      'bundle.json'
    );
    execFileSync(
      process.execPath,
      [
        path.join(
          __dirname,
          '..',
          '..',
          '..',
          'scripts',
          'bundle-exercises.js'
        ),
        '--strict',
        '--out',
        out,
        PACK
      ],
      { stdio: 'pipe' }
    );
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('squares(3)');
    expect(text).not.toContain('squares(12)');
    expect(text).not.toContain('rejects-zero');
    expect(text).toContain('hidden_checks');
  });
});
