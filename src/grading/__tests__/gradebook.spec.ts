import type { IExerciseSpec } from '../../catalog/format';
import type { INotebookRun } from '../../checking';
import { learnerNames } from '../../cli/grade';
import {
  gradebookCsv,
  maxPoints,
  parseGradebook,
  scoreRun
} from '../gradebook';
import { journalPath } from '../batch';

const spec: IExerciseSpec = {
  schema: 1,
  id: 'ex',
  title: 'Ex',
  topic: 't',
  difficulty: 'beginner',
  statement: 's',
  notebook: 'ex.ipynb',
  cells: [
    {
      cell: 'a',
      checks: [
        { id: 'a1', kind: 'value', expr: 'x', expected: 1 },
        {
          id: 'a2',
          kind: 'value',
          expr: 'x',
          expected: 1,
          points: 2,
          hidden: true
        }
      ],
      hints: ['h', 'h'],
      solution: 'x = 1',
      wrong_answers: [{ code: 'x = 2', fails: 'a1' }]
    },
    {
      cell: 'b',
      points: 5,
      checks: [
        { id: 'b1', kind: 'value', expr: 'y', expected: 1 },
        { id: 'b2', kind: 'value', expr: 'y', expected: 1 }
      ],
      hints: ['h', 'h'],
      solution: 'y = 1',
      wrong_answers: [{ code: 'y = 2', fails: 'b1' }]
    },
    {
      cell: 'c',
      checks: [
        { id: 'c1', kind: 'value', expr: 'z', expected: 1, points: 0.5 }
      ],
      hints: ['h', 'h'],
      solution: 'z = 1',
      wrong_answers: [{ code: 'z = 2', fails: 'c1' }]
    }
  ]
};

function ran(
  cell: number,
  statuses: Record<string, string>
): INotebookRun['checked'][number] {
  return {
    cell: spec.cells[cell],
    index: cell,
    execution: { status: 'ok', outputs: [], executionCount: 1 },
    verdict: {
      status: 'fail',
      message: '',
      elapsedMs: 1,
      cancelled: false,
      criteria: Object.entries(statuses).map(([checkId, status]) => ({
        checkId,
        kind: 'value',
        description: checkId,
        status: status as 'pass',
        message: status === 'pass' ? '' : 'wrong'
      }))
    }
  } as INotebookRun['checked'][number];
}

describe('points', () => {
  it('checks earn their points (default 1); a cell with points earns them only when every check passes', () => {
    expect(maxPoints(spec)).toBe(3 + 5 + 0.5);
    const cells = scoreRun(spec, {
      checked: [
        ran(0, { a1: 'pass', a2: 'fail' }),
        ran(1, { b1: 'pass', b2: 'fail' })
      ],
      missing: [],
      problems: []
    });
    expect(cells.map(c => [c.cell, c.points, c.max_points])).toEqual([
      ['a', 1, 3],
      ['b', 0, 5],
      ['c', 0, 0.5]
    ]);
    expect(cells[1].checks[0]).toMatchObject({
      status: 'pass',
      points: null,
      max_points: null
    });
    expect(cells[2].checks[0]).toMatchObject({ status: 'not-run', points: 0 });
    expect(cells[0].checks[1]).toMatchObject({
      hidden: true,
      points: 0,
      max_points: 2
    });
    const all = scoreRun(spec, {
      checked: [ran(1, { b1: 'pass', b2: 'pass' })],
      missing: [{ cell: spec.cells[0], message: 'no cell tagged mltutor:a' }],
      problems: []
    });
    expect(all[1].points).toBe(5);
    expect(all[0].checks[0].message).toContain('the cell is missing');
  });
});

describe('the gradebook files', () => {
  const book = {
    format: 1,
    kind: 'mltutor-gradebook' as const,
    generated: 'now',
    submissions: [
      {
        learner: '=cmd',
        path: 'a, "b".ipynb',
        sha256: 'x',
        pack: 'p',
        exercise: 'e',
        status: 'graded' as const,
        stopped: null,
        points: 0.1 + 0.2,
        max_points: 1,
        failing: ['a/a1', 'a/a2'],
        tampering: ['gc'],
        problems: [],
        cells: [],
        elapsed_ms: 1,
        graded_at: 'now'
      }
    ]
  };

  it('CSV: quoted fields, no spreadsheet formulas, rounded points, failing checks and tampering', () => {
    const [head, row] = gradebookCsv(book).trim().split('\n');
    expect(head.split(',')).toContain('tampering_suspected');
    expect(row).toBe(
      `'=cmd,"a, ""b"".ipynb",p/e,0.3,1,graded,,yes,gc,a/a1; a/a2,`
    );
  });

  it('JSON round-trips and refuses what is not a gradebook', () => {
    expect(parseGradebook(JSON.stringify(book)).submissions[0].learner).toBe(
      '=cmd'
    );
    expect(() => parseGradebook('{"kind": "other"}')).toThrow(
      'not an mltutor gradebook'
    );
  });

  it('journal next to the gradebook', () => {
    expect(journalPath('out/gradebook.csv')).toBe(
      'out/gradebook.journal.jsonl'
    );
  });
});

describe('learner names', () => {
  it('are the file names when they differ, else the deepest folder where the paths differ', () => {
    expect(learnerNames(['x/alice.ipynb', 'y/bob.ipynb'])).toEqual([
      'alice',
      'bob'
    ]);
    expect(
      learnerNames([
        'submitted/alice/ps1/problem1.ipynb',
        'submitted/bob/ps1/problem1.ipynb'
      ])
    ).toEqual(['alice', 'bob']);
    expect(
      learnerNames([
        'homes/ann/ml-exercises/ex/ex.ipynb',
        'homes/ben/ml-exercises/ex/ex.ipynb'
      ])
    ).toEqual(['ann', 'ben']);
  });
});
