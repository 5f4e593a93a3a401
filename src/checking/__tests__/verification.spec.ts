/**
 * How `mltutor verify` judges recorded answers from a cell's verdict, and the
 * counts it reports: pure functions, the same in both ways of running answers.
 */
import type { ICheckedCell } from '../../catalog/format';
import type { ILoadedExercise } from '../../catalog/types';
import type { ICellVerdict, ICriterionResult } from '../types';
import {
  answersOf,
  countOutcomes,
  formatCounts,
  IRecordedAnswer,
  IVerifyOutcome,
  judgeAnswer,
  undiagnosedAnswers
} from '../verification';

const cell: ICheckedCell = {
  cell: 'fill',
  checks: [
    { id: 'values', kind: 'value', expr: 'x', expected: 1 },
    { id: 'printed', kind: 'output', stream_contains: '1' }
  ],
  hints: ['a', 'b'],
  solution: 'x = 1',
  wrong_answers: [
    { code: 'x = 0', fails: 'values', diagnosis: 'zero' },
    { code: 'x = 2', fails: 'values' }
  ],
  right_answers: [{ code: 'x = 3 - 2', note: 'arithmetic' }]
};
const exercise = {
  packId: 'p',
  folder: 'f',
  notebook: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 },
  spec: {
    schema: 1,
    id: 'e',
    title: 'E',
    topic: 't',
    difficulty: 'beginner',
    statement: 's',
    notebook: 'n.ipynb',
    cells: [cell]
  }
} as ILoadedExercise;

function verdict(
  ...criteria: Array<Partial<ICriterionResult> & { checkId: string }>
): ICellVerdict {
  return {
    status: 'fail',
    message: '',
    elapsedMs: 1,
    cancelled: false,
    criteria: criteria.map(c => ({
      kind: 'value',
      description: c.checkId,
      status: 'pass',
      message: '',
      ...c
    }))
  };
}

const [zero, two, right] = answersOf(exercise);

test('answers come cell by cell, wrong ones first, then right ones', () => {
  expect(answersOf(exercise).map(a => `${a.kind} ${a.index}`)).toEqual([
    'wrong 0',
    'wrong 1',
    'right 0'
  ]);
  expect(zero).toMatchObject({ fails: 'values', diagnosis: 'zero' });
});

test('a right answer must pass every check of its cell', () => {
  expect(
    judgeAnswer(
      right,
      verdict({ checkId: 'values' }, { checkId: 'printed' }),
      []
    )
  ).toEqual({ problems: [], verified: true });
  const failed = judgeAnswer(
    right,
    verdict(
      { checkId: 'values' },
      { checkId: 'printed', status: 'fail', message: 'no 1 printed\n\nmore' }
    ),
    []
  );
  expect(failed).toEqual({
    problems: [
      "right answer 1 of cell 'fill': check 'printed' should pass but gave fail: no 1 printed"
    ],
    verified: false
  });
});

test('a wrong answer must fail its check, with its diagnosis', () => {
  const caught = verdict({
    checkId: 'values',
    status: 'fail',
    message: 'm',
    diagnosis: 'zero'
  });
  expect(judgeAnswer(zero, caught, [])).toEqual({
    problems: [],
    verified: true,
    diagnosisMatched: true
  });
  const otherCause = verdict({
    checkId: 'values',
    status: 'fail',
    message: 'x is 0'
  });
  expect(judgeAnswer(zero, otherCause, [])).toEqual({
    problems: [
      "wrong answer 1 of cell 'fill': check 'values' failed, but diagnosis 'zero' should hold and none did: x is 0"
    ],
    verified: true,
    diagnosisMatched: false
  });
  expect(judgeAnswer(two, verdict({ checkId: 'values' }), [])).toEqual({
    problems: [
      "wrong answer 2 of cell 'fill': check 'values' should fail but gave pass"
    ],
    verified: false
  });
  expect(
    judgeAnswer(
      two,
      verdict({ checkId: 'values', status: 'error', message: 'broken' }),
      []
    ).problems
  ).toEqual([
    "wrong answer 2 of cell 'fill': check 'values' should fail but gave error: broken"
  ]);
  expect(judgeAnswer(two, undefined, ['before']).problems).toEqual([
    'before',
    "wrong answer 2 of cell 'fill': the cell was not checked"
  ]);
});

test('counts: right answers passed, wrong answers caught, diagnoses matched', () => {
  const outcome = (
    answer: IRecordedAnswer | null,
    verified: boolean,
    diagnosisMatched?: boolean
  ): IVerifyOutcome => ({
    job: { exercise, dir: 'd', answer },
    problems: [],
    verified,
    diagnosisMatched,
    elapsedMs: 1
  });
  const counts = countOutcomes([
    outcome(null, true),
    outcome(zero, true, false),
    outcome(two, false),
    outcome(right, true)
  ]);
  expect(counts).toEqual({
    right: { done: 1, total: 1 },
    wrong: { done: 1, total: 2 },
    diagnoses: { done: 0, total: 1 },
    undiagnosed: 1
  });
  expect(formatCounts(counts)).toBe(
    'right answers 1/1 passed, wrong answers 1/2 caught, diagnoses 0/1 matched, 1 wrong answer names no diagnosis'
  );
  expect(formatCounts({ ...counts, undiagnosed: 0 })).toBe(
    'right answers 1/1 passed, wrong answers 1/2 caught, diagnoses 0/1 matched'
  );
});

test('undiagnosedAnswers lists the wrong answers that name no diagnosis', () => {
  expect(undiagnosedAnswers(exercise)).toEqual([
    "wrong answer 2 of cell 'fill' (check 'values') names no diagnosis: give it the 'diagnosis' its failure must produce"
  ]);
});
