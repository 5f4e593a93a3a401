import type { INotebookContent } from '@jupyterlab/nbformat';
import type { IExerciseSpec } from '../../catalog/format';
import { embeddedChecks, exerciseFromNotebook, NOT_CARRIED } from '../embedded';

const spec: IExerciseSpec = {
  schema: 1,
  id: 'sum-list',
  version: '3',
  title: 'Sum a list',
  topic: 'basics',
  difficulty: 'beginner',
  statement: 'Add them up.',
  notebook: 'sum-list.ipynb',
  cells: [
    {
      cell: 'total',
      title: 'The total',
      checks: [{ id: 'is-ten', kind: 'value', expr: 'total', expected: 10 }],
      hints: ['Use a builtin.', '`sum(numbers)`'],
      solution: 'total = sum(numbers)',
      wrong_answers: [{ code: 'total = len(numbers)', fails: 'is-ten' }]
    }
  ]
};

const notebook: INotebookContent = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: []
};

/** What a shared notebook carries, through JSON as in a file. */
const carried = () => JSON.parse(JSON.stringify(embeddedChecks(spec)));

describe('self-checking notebooks', () => {
  it('carry checks and hints but never the solution or the recorded wrong answers', () => {
    const text = JSON.stringify(embeddedChecks(spec));
    expect(text).toContain('is-ten');
    expect(text).toContain('Use a builtin.');
    expect(text).not.toContain('total = sum(numbers)');
    expect(text).not.toContain('len(numbers)');
  });

  it('give back an exercise whose checks are those of the pack', async () => {
    const exercise = await exerciseFromNotebook(
      'other-pack',
      'sum-list',
      '3',
      carried(),
      notebook
    );
    expect(exercise?.packId).toBe('other-pack');
    expect(exercise?.spec.cells[0].checks).toEqual(spec.cells[0].checks);
    expect(exercise?.spec.cells[0].hints).toEqual(spec.cells[0].hints);
    expect(exercise?.spec.cells[0].solution).toBe(NOT_CARRIED);
  });

  it('are validated like packs: a malformed check is refused', async () => {
    const bad = carried();
    bad.cells[0].checks[0].kind = 'exec';
    expect(
      await exerciseFromNotebook('p', 'sum-list', '3', bad, notebook)
    ).toBeNull();
    const noHints = carried();
    noHints.cells[0].hints = ['only one'];
    expect(
      await exerciseFromNotebook('p', 'sum-list', '3', noHints, notebook)
    ).toBeNull();
    expect(
      await exerciseFromNotebook('p', 'sum-list', '3', 'nonsense', notebook)
    ).toBeNull();
    expect(
      await exerciseFromNotebook('p', 'sum-list', '3', undefined, notebook)
    ).toBeNull();
  });
});
