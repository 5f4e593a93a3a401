/**
 * Issue 9, cases 1 and 9: what `mltutor check` copies into its temporary
 * folder, and that nothing is written outside it.
 */
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { confined, namedFiles } from '../check-workspace';

const code = (source: string) => ({
  cell_type: 'code' as const,
  metadata: {},
  source,
  outputs: [],
  execution_count: null
});

describe('the check workspace', () => {
  it('never writes outside the temporary folder', () => {
    const root = path.join(path.sep, 'tmp', 'mltutor-check-x', 'work');
    expect(confined(root, 'data/a.csv')).toBe(path.join(root, 'data', 'a.csv'));
    for (const escape of [
      '../../x',
      '/etc/passwd',
      'C:/x',
      'a\\..\\..\\x',
      'a\0b'
    ]) {
      expect(() => confined(root, escape)).toThrow();
    }
  });

  it('copies the files the notebook names, not the rest of its folder', () => {
    const notebook: INotebookContent = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        code("import pandas as pd\ndf = pd.read_csv('data/houses.csv')"),
        code(
          'open("notes.txt").read()\nopen("../secret.txt")\nopen("/etc/passwd")'
        ),
        { cell_type: 'markdown', metadata: {}, source: "'ignored.csv'" }
      ]
    };
    expect(namedFiles(notebook).sort()).toEqual([
      'data/houses.csv',
      'notes.txt'
    ]);
  });
});
