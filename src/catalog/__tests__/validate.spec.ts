import * as fs from 'fs';
import type { INotebookContent } from '@jupyterlab/nbformat';
import {
  decodeUtf8,
  formatMegabytes,
  parseJson,
  tooLargeMessage
} from '../decode';
import type { IPackManifest } from '../format';
import { resolveInsidePack } from '../paths';
import {
  checkFormatVersion,
  findCheckedCell,
  validateExerciseSpec,
  validateNotebook,
  validatePackManifest
} from '../validate';
import { fixture } from './helpers';

type Json = Record<string, unknown> & {
  cells: Array<
    Record<string, unknown> & { checks: Array<Record<string, unknown>> }
  >;
};

const readJson = (path: string): Json =>
  JSON.parse(fs.readFileSync(fixture(path), 'utf8')) as Json;
const manifest = readJson('valid/pack.json') as unknown as IPackManifest;
const exercise = (): Json => readJson('valid/basics/sum-list/exercise.json');
const problemsOf = (spec: Json): Array<[string, string]> =>
  validateExerciseSpec(spec, manifest, 'basics/sum-list').map(problem => [
    problem.path,
    problem.message
  ]);

describe('resolveInsidePack', () => {
  it.each([
    ['basics/one', 'nb.ipynb', 'basics/one/nb.ipynb'],
    ['basics/one', './data/../nb.ipynb', 'basics/one/nb.ipynb'],
    ['basics/one', '../shared/data.csv', 'basics/shared/data.csv']
  ])('resolves %s + %s', (base, relative, expected) => {
    expect(resolveInsidePack(base, relative)).toEqual({
      ok: true,
      path: expected
    });
  });

  it.each([
    ['basics/one', '../../../x', 'leads outside the pack'],
    ['', '/etc/passwd', 'absolute path'],
    ['', 'C:/data.csv', 'absolute path'],
    ['', 'data\\x.csv', 'backslash'],
    ['', '', 'empty']
  ])('rejects %s + %s', (base, relative, message) => {
    const resolved = resolveInsidePack(base, relative);
    expect(resolved.ok).toBe(false);
    expect(resolved.ok ? '' : resolved.message).toContain(message);
  });
});

describe('decoding', () => {
  it('rejects invalid UTF-8 and names the byte', () => {
    const decoded = decodeUtf8(new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect(decoded).toEqual({
      ok: false,
      message: expect.stringMatching(/^not valid UTF-8 \(byte 2\)/)
    });
  });

  it('drops a byte-order mark', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toEqual({
      ok: true,
      value: '1'
    });
  });

  it('gives the line and column of a JSON syntax error', () => {
    const parsed = parseJson('{\n  "a": 1\n  "b": 2\n}');
    expect(parsed.ok ? '' : parsed.message).toContain('at line 3, column 3');
  });

  it('formats sizes', () => {
    expect(formatMegabytes(5.24 * 1024 * 1024)).toBe('5.2 MB');
    expect(tooLargeMessage(25 * 1024 * 1024, 20 * 1024 * 1024)).toBe(
      'file too large (25 MB, limit 20 MB)'
    );
  });
});

describe('format version', () => {
  it('asks for an upgrade before any schema error', () => {
    const spec = { schema: 3, unknown: true };
    expect(validateExerciseSpec(spec, manifest, 'x')).toEqual([
      {
        path: '/schema',
        message:
          'exercise.json uses format version 3, but this jupyterlab-mltutor reads version 1: upgrade jupyterlab-mltutor'
      }
    ]);
    expect(checkFormatVersion({ schema: 1 }, 'pack.json')).toBeNull();
  });
});

describe('schema messages', () => {
  it('accepts the valid exercise', () => {
    expect(problemsOf(exercise())).toEqual([]);
  });

  it.each<[string, (spec: Json) => void, string, string]>([
    [
      'a missing reference of a value check',
      spec => delete spec.cells[0].checks[0].expected,
      '/cells/0/checks/0',
      "must have one of 'expected', 'reference'"
    ],
    [
      'an output check without criteria',
      spec => (spec.cells[0].checks[1] = { id: 'o', kind: 'output' }),
      '/cells/0/checks/1',
      "must have at least one of 'stream_contains'"
    ],
    [
      'an unknown difficulty',
      spec => (spec.difficulty = 'easy'),
      '/difficulty',
      '"easy" is not one of: beginner, intermediate, advanced'
    ],
    [
      'a badly typed quiz answer',
      spec => (spec.cells[1].checks[1].answer = 3),
      '/cells/1/checks/1/answer',
      'must be a string or an array'
    ],
    [
      'a typo in a property name',
      spec => (spec.cells[0].checks[0].expr_ = 'x'),
      '/cells/0/checks/0/expr_',
      "unknown property 'expr_' (did you mean 'expr'?)"
    ],
    [
      'an invalid id',
      spec => (spec.id = 'Sum List'),
      '/id',
      'is not a valid id'
    ],
    [
      'a quiz answer that is not a choice',
      spec => (spec.cells[1].checks[1].answer = 'd'),
      '/cells/1/checks/1/answer',
      "answer 'd' is not one of the choices"
    ],
    [
      'an invalid regular expression',
      spec =>
        (spec.cells[0].checks[1] = {
          id: 'o',
          kind: 'output',
          stream_matches: '('
        }),
      '/cells/0/checks/1/stream_matches',
      'not a valid regular expression'
    ],
    [
      'a cell checked twice',
      spec => (spec.cells[1].cell = 'total'),
      '/cells/1/cell',
      "cell 'total' is checked twice"
    ]
  ])('%s', (_name, change, path, message) => {
    const spec = exercise();
    change(spec);
    const problems = problemsOf(spec);
    expect(problems).toHaveLength(1);
    expect(problems[0][0]).toBe(path);
    expect(problems[0][1]).toContain(message);
  });

  it('checks pack.json: duplicate topics and exercise folders outside the pack', () => {
    const pack = readJson('valid/pack.json') as unknown as IPackManifest;
    pack.topics.push({ id: 'basics', title: 'Again' });
    pack.exercises.push('../elsewhere');
    expect(validatePackManifest(pack).map(problem => problem.path)).toEqual([
      '/topics/2/id',
      '/exercises/2'
    ]);
  });
});

describe('notebooks', () => {
  const notebook = (): INotebookContent =>
    JSON.parse(
      fs.readFileSync(fixture('valid/basics/sum-list/sum-list.ipynb'), 'utf8')
    ) as INotebookContent;

  it('finds cells by tag, else by id', () => {
    expect(findCheckedCell(notebook(), 'total')).toEqual({
      ok: true,
      index: 2
    });
    expect(findCheckedCell(notebook(), 'mean-cell')).toEqual({
      ok: true,
      index: 3
    });
  });

  it('rejects a tag on two cells and a markdown cell', () => {
    const nb = notebook();
    nb.cells[3].metadata = { tags: ['mltutor:total'] };
    expect(findCheckedCell(nb, 'total')).toMatchObject({
      ok: false,
      message: expect.stringContaining('2 code cells')
    });
    expect(findCheckedCell(nb, 'intro')).toMatchObject({
      ok: false,
      message: expect.stringContaining('markdown cell')
    });
  });

  it('validates the essential nbformat 4 structure', () => {
    expect(validateNotebook(notebook())).toEqual([]);
    expect(validateNotebook({ nbformat: 3, cells: [] })).toEqual([
      expect.objectContaining({
        path: '/nbformat',
        message: expect.stringContaining('nbformat 3 is not supported')
      })
    ]);
    expect(
      validateNotebook({
        nbformat: 4,
        cells: [{ cell_type: 'code', source: 1, metadata: { tags: 'x' } }]
      })
    ).toEqual([
      {
        path: '/cells/0/source',
        message: 'must be a string or an array of strings'
      },
      { path: '/cells/0/metadata/tags', message: 'must be an array of strings' }
    ]);
    expect(validateNotebook([])).toEqual([
      { path: '', message: 'a notebook must be a JSON object' }
    ]);
  });
});
