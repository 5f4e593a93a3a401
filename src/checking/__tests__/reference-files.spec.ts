/**
 * Issue 9, case 6: which of the pack's files travel with a reference.
 */
import type { ILoadedAsset } from '../../catalog/types';
import { filesNamedBy, withReferenceFiles } from '../reference-files';

const assets: ILoadedAsset[] = [
  { path: 'digits_models.py', format: 'text', content: 'HERE = ...' },
  { path: 'digits_cnn_v1.pth', format: 'base64', content: 'AAAA' },
  { path: 'data/apartments.csv', format: 'text', content: 'a\n1\n' }
];

describe('files sent with a reference', () => {
  it('all the pack files once the reference names one (a module may open the others)', () => {
    for (const reference of [
      "import pandas as pd\nexpected = pd.read_csv('data/apartments.csv')",
      'from digits_models import load\nexpected = load()'
    ]) {
      expect(filesNamedBy(reference, assets).map(file => file.path)).toEqual([
        'digits_models.py',
        'digits_cnn_v1.pth',
        'data/apartments.csv'
      ]);
    }
  });

  it('none for a reference that names no file (it runs where it always did)', () => {
    expect(filesNamedBy('expected = 42', assets)).toEqual([]);
    expect(filesNamedBy('expected = digits_modelsX', assets)).toEqual([]);
  });

  it('only value operations with a reference carry them', () => {
    const ops = withReferenceFiles(
      [
        {
          op: 'value',
          id: 'a',
          expr: 'x',
          reference: "expected = open('data/apartments.csv').read()"
        },
        { op: 'value', id: 'b', expr: 'x', expected: 1 },
        { op: 'assert', id: 'c', code: "open('data/apartments.csv')" }
      ],
      assets
    );
    expect(ops.map(op => 'files' in op)).toEqual([true, false, false]);
  });
});
