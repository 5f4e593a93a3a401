import { checkFigure, figuresOf, IAxesSnapshot } from '../figure-checks';
import { checkQuiz, quizNames } from '../quiz-checks';
import { outputNames } from '../output-checks';
import type { IQuizCheck } from '../../catalog/format';

const axes = (extra: Partial<IAxesSnapshot> = {}): IAxesSnapshot => ({
  title: 'Age distribution',
  xlabel: 'age (years)',
  ylabel: '',
  xticklabels: ['0', '20', '40'],
  yticklabels: [],
  texts: [' 12 ', '3'],
  patches: 20,
  lines: 0,
  images: 0,
  collections: 0,
  ...extra
});

describe('checkFigure', () => {
  const figures = [{ suptitle: '', axes: [axes()] }];

  it('labels, title and texts', () => {
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', has_title: true, has_xlabel: true },
        figures
      ).status
    ).toBe('pass');
    expect(
      checkFigure({ id: 'f', kind: 'figure', has_ylabel: true }, figures)
        .message
    ).toContain('y axis has no label');
    expect(
      checkFigure({ id: 'f', kind: 'figure', title_contains: 'AGE' }, figures)
        .status
    ).toBe('pass');
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', xlabel_contains: 'income' },
        figures
      ).message
    ).toContain('`age (years)`');
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', texts_include: ['12', '3'] },
        figures
      ).status
    ).toBe('pass');
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', xticklabels_include: ['60'] },
        figures
      ).status
    ).toBe('fail');
  });

  it('counts of patches, images and lines', () => {
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', min_patches: 10, max_patches: 20 },
        figures
      ).status
    ).toBe('pass');
    expect(
      checkFigure({ id: 'f', kind: 'figure', max_patches: 19 }, figures).message
    ).toContain('at most 19');
    expect(
      checkFigure({ id: 'f', kind: 'figure', min_images: 1 }, figures).status
    ).toBe('fail');
    expect(
      checkFigure({ id: 'f', kind: 'figure', min_lines: 1 }, figures).status
    ).toBe('fail');
  });

  it('looks at the last figure and the chosen axes; no figure fails', () => {
    const two = [
      { suptitle: '', axes: [axes({ title: '' })] },
      {
        suptitle: 'Overall',
        axes: [axes({ title: '' }), axes({ title: 'right' })]
      }
    ];
    expect(
      checkFigure({ id: 'f', kind: 'figure', title_contains: 'overall' }, two)
        .status
    ).toBe('pass');
    expect(
      checkFigure(
        { id: 'f', kind: 'figure', axes: 1, title_contains: 'right' },
        two
      ).status
    ).toBe('pass');
    expect(
      checkFigure({ id: 'f', kind: 'figure', axes: 2 }, two).message
    ).toContain('has 2 axes');
    expect(checkFigure({ id: 'f', kind: 'figure' }, []).message).toContain(
      'drew no matplotlib figure'
    );
    expect(checkFigure({ id: 'f', kind: 'figure' }, [], 0).message).toContain(
      'run the cell again'
    );
  });

  it('figuresOf drops malformed entries', () => {
    expect(
      figuresOf({ figures: [{ suptitle: '', axes: [] }, 3, null] })
    ).toHaveLength(1);
    expect(figuresOf(null)).toEqual([]);
  });
});

describe('checkQuiz', () => {
  const quiz: IQuizCheck = {
    id: 'q',
    kind: 'quiz',
    variable: 'q1',
    choices: { a: 'x', b: 'y', c: 'z' },
    answer: 'b'
  };
  const multi: IQuizCheck = { ...quiz, answer: ['a', 'c'] };

  it('a missing variable tells how to answer', () => {
    const outcome = checkQuiz(quiz, { present: false });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('`q1 = "a"`');
  });

  it('single answers are case-insensitive; unknown keys are named', () => {
    expect(checkQuiz(quiz, { present: true, answer: ' B ' }).status).toBe(
      'pass'
    );
    expect(checkQuiz(quiz, { present: true, answer: 'a' }).message).toContain(
      'is not the right answer'
    );
    expect(checkQuiz(quiz, { present: true, answer: 'd' }).message).toContain(
      'not one of the choices'
    );
    expect(
      checkQuiz(quiz, { present: true, other: 'int 3' }).message
    ).toContain('int 3');
  });

  it('several right keys must all be given', () => {
    expect(
      checkQuiz(multi, { present: true, answers: ['A', 'c'] }).status
    ).toBe('pass');
    expect(
      checkQuiz(multi, { present: true, answers: ['a'] }).message
    ).toContain('some right choices are missing');
    expect(
      checkQuiz(multi, { present: true, answers: ['a', 'b', 'c'] }).status
    ).toBe('fail');
  });
});

describe('what quiz and output diagnoses see', () => {
  it('quiz: the key given, trimmed and lowercased, and the keys as a sorted list', () => {
    expect(quizNames({ present: true, answer: ' B ' })).toEqual({
      answer: 'b',
      answers: ['b']
    });
    expect(quizNames({ present: true, answers: ['C', 'a'] })).toEqual({
      answer: ['a', 'c'],
      answers: ['a', 'c']
    });
    expect(quizNames({ present: false })).toEqual({
      answer: null,
      answers: []
    });
  });

  it('output: printed text, MIME types shown (no image data) and the exception raised', () => {
    expect(
      outputNames([
        { output_type: 'stream', name: 'stdout', text: ['a', 'b\n'] },
        {
          output_type: 'display_data',
          metadata: {},
          data: { 'image/png': 'AAAA', 'text/plain': '<Figure>' }
        },
        {
          output_type: 'error',
          ename: 'ValueError',
          evalue: 'bad',
          traceback: []
        }
      ])
    ).toEqual({
      text: 'ab\n',
      mimes: ['image/png', 'text/plain'],
      raised: 'ValueError'
    });
    expect(outputNames([])).toEqual({ text: '', mimes: [], raised: null });
  });
});
