import type { ILoadedExercise, ILoadedPack } from '../../catalog/types';
import { buildTree, matches, visibleKeys } from '../tree';

function exercise(id: string, topic: string, title: string): ILoadedExercise {
  return {
    packId: 'p',
    folder: `${topic}/${id}`,
    notebook: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 },
    spec: {
      schema: 1,
      id,
      title,
      topic,
      difficulty: 'beginner',
      statement: 's',
      notebook: `${id}.ipynb`,
      cells: []
    }
  };
}

const pack: ILoadedPack = {
  origin: 'bundled',
  location: 'bundled',
  problems: [],
  manifest: {
    schema: 1,
    id: 'p',
    title: 'Pack',
    topics: [
      { id: 'data', title: 'Data' },
      { id: 'models', title: 'Models' },
      { id: 'empty', title: 'Empty' }
    ],
    exercises: []
  },
  exercises: [
    exercise('linear', 'models', 'Linear regression'),
    exercise('missing', 'data', 'Missing data'),
    exercise('arrays', 'data', 'Arrays and frames')
  ]
};

describe('the panel tree', () => {
  it('orders topics as the pack does and drops empty ones', () => {
    const tree = buildTree([pack], () => 'not-started', '');
    expect(tree[0].topics.map(topic => topic.title)).toEqual([
      'Data',
      'Models'
    ]);
    expect(
      tree[0].topics[0].exercises.map(row => row.exercise.spec.id)
    ).toEqual(['missing', 'arrays']);
  });

  it('counts solved exercises per topic', () => {
    const tree = buildTree(
      [pack],
      e => (e.spec.id === 'missing' ? 'passed' : 'in-progress'),
      ''
    );
    expect(tree[0].topics[0].solved).toBe(1);
    expect(tree[0].topics[1].solved).toBe(0);
  });

  it('filters on every word of the query, topic titles included', () => {
    expect(matches(pack.exercises[1], 'Data', 'missing')).toBe(true);
    expect(matches(pack.exercises[1], 'Data', 'data miss')).toBe(true);
    expect(matches(pack.exercises[1], 'Data', 'regression')).toBe(false);
    const tree = buildTree([pack], () => 'not-started', 'regression');
    expect(tree[0].topics.map(topic => topic.title)).toEqual(['Models']);
  });

  it('lists the keys a keyboard user moves through, skipping collapsed topics', () => {
    const tree = buildTree([pack], () => 'not-started', '');
    expect(visibleKeys(tree, new Set())).toEqual([
      'p#data',
      'p/missing',
      'p/arrays',
      'p#models',
      'p/linear'
    ]);
    expect(visibleKeys(tree, new Set(['p#data']))).toEqual([
      'p#data',
      'p#models',
      'p/linear'
    ]);
  });
});
