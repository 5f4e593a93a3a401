import * as fs from 'fs';
import * as path from 'path';
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import type { PartialJSONObject } from '@lumino/coreutils';
import type { IAssertCheck } from '../../catalog/format';
import { allProblems, loadPack } from '../../catalog/loader';
import {
  convertNbgrader,
  NBGRADER_HINTS,
  STARTER_MISTAKE,
  type INbgraderPack,
  type NbgraderConversion
} from '../convert';
import { slugify } from '../names';
import { MemorySource } from '../../catalog/source';
import { isHiddenCheck } from '../../grading/hidden';

const PROBLEM1 = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'tests',
  'fixtures',
  'nbgrader',
  'problem1.ipynb'
);

function problem1(): INotebookContent {
  return JSON.parse(fs.readFileSync(PROBLEM1, 'utf8')) as INotebookContent;
}

function text(cell: ICell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

function converted(result: NbgraderConversion): INbgraderPack {
  if (!result.ok) {
    throw new Error(result.problems.join('\n'));
  }
  return result;
}

function problemsOf(result: NbgraderConversion): string[] {
  if (result.ok) {
    throw new Error('the conversion should have been refused');
  }
  return result.problems;
}

/** The learner notebook's cell with this id. */
function cellById(notebook: INotebookContent, id: string): ICell {
  const cell = notebook.cells.find(one => one.id === id);
  if (!cell) {
    throw new Error(`no cell '${id}'`);
  }
  return cell;
}

/** A source notebook of the given cells (source, nbgrader flags). */
function nbgraderNotebook(
  cells: Array<{
    type?: 'code' | 'markdown';
    source: string;
    nbgrader?: PartialJSONObject;
  }>
): INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: {},
    cells: cells.map((cell): ICell =>
      cell.type === 'markdown'
        ? {
            cell_type: 'markdown',
            metadata: cell.nbgrader ? { nbgrader: cell.nbgrader } : {},
            source: cell.source
          }
        : {
            cell_type: 'code',
            metadata: cell.nbgrader ? { nbgrader: cell.nbgrader } : {},
            source: cell.source,
            execution_count: 3,
            outputs: [{ output_type: 'stream', name: 'stdout', text: 'x' }]
          }
    )
  };
}

const ANSWER = { solution: true, grade: false, grade_id: 'answer' };
const TEST = { solution: false, grade: true, grade_id: 'test_answer' };

describe('convertNbgrader on nbgrader ps1/problem1', () => {
  const result = converted(convertNbgrader(problem1(), { name: 'problem1' }));

  it('makes each tested code answer a checked cell, each test an assert check', () => {
    expect(result.exercise.cells.map(cell => cell.cell)).toEqual([
      'squares',
      'sum-of-squares'
    ]);
    expect(
      result.exercise.cells.map(cell => cell.checks.map(check => check.id))
    ).toEqual([
      ['correct-squares', 'squares-invalid-input'],
      ['correct-sum-of-squares', 'sum-of-squares-uses-squares']
    ]);
    // nbgrader's points travel with each test.
    expect(
      result.exercise.cells.flatMap(cell => cell.checks.map(c => c.points))
    ).toEqual([1, 1, 0.5, 0.5]);
    const first = result.exercise.cells[0].checks[0] as IAssertCheck;
    expect(first.kind).toBe('assert');
    expect(first.description).toBe(
      'Check that squares returns the correct output for several inputs'
    );
    expect(first.code).toContain('assert squares(10) == [1, 4, 9');
  });

  it('writes solutions without delimiters and starters as nbgrader does', () => {
    const squares = result.exercise.cells[0];
    expect(squares.solution).toContain(
      'return [i ** 2 for i in range(1, n + 1)]'
    );
    expect(squares.solution).not.toContain('BEGIN SOLUTION');
    expect(squares.solution).not.toContain('END SOLUTION');
    expect(squares.wrong_answers).toEqual([
      {
        code: expect.stringContaining(
          '    # YOUR CODE HERE\n    raise NotImplementedError()'
        ),
        fails: 'correct-squares',
        mistake: STARTER_MISTAKE
      }
    ]);
    expect(squares.hints).toEqual(NBGRADER_HINTS);
    const cell = cellById(result.notebook, 'squares');
    expect(text(cell)).toBe(squares.wrong_answers[0].code);
    expect(text(cell)).not.toContain('range(1, n + 1)');
    expect(cell.metadata.tags).toEqual(['mltutor:squares']);
  });

  it('keeps tests that delete or rebind notebook names as graded-only checks, with a warning', () => {
    const check = result.exercise.cells[1].checks[1] as IAssertCheck;
    expect(check.id).toBe('sum-of-squares-uses-squares');
    expect(check.mutates_namespace).toBe(true);
    expect(check.code).toContain('del squares');
    expect(isHiddenCheck(check)).toBe(true);
    expect(
      text(cellById(result.notebook, 'sum-of-squares-uses-squares'))
    ).toContain('del squares');
    expect(result.warnings).toEqual([
      expect.stringContaining("test 'sum_of_squares_uses_squares'"),
      expect.stringContaining(
        "'sum_of_squares_application' (cell 16) has no test"
      )
    ]);
  });

  it('keeps written answers and untested code answers as unchecked student versions', () => {
    expect(text(cellById(result.notebook, 'sum-of-squares-equation'))).toBe(
      'YOUR ANSWER HERE'
    );
    expect(text(cellById(result.notebook, 'sum-of-squares-application'))).toBe(
      '# YOUR CODE HERE\npass'
    );
    expect(result.exercise.statement).toContain('YOUR ANSWER HERE');
  });

  it('writes an nbformat 4.5 notebook without nbgrader metadata or outputs', () => {
    const notebook = result.notebook;
    expect([notebook.nbformat, notebook.nbformat_minor]).toEqual([4, 5]);
    expect(notebook.cells).toHaveLength(problem1().cells.length);
    const ids = notebook.cells.map(cell => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const cell of notebook.cells) {
      expect(cell.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      expect(cell.metadata.nbgrader).toBeUndefined();
      if (cell.cell_type === 'code') {
        expect(cell.outputs).toEqual([]);
        expect(cell.execution_count).toBeNull();
      }
    }
    expect(notebook.metadata.kernelspec?.name).toBe('python3');
    expect(notebook.metadata.celltoolbar).toBeUndefined();
  });

  it('names the pack, topic and exercise from the file or the options', () => {
    expect(result.pack).toMatchObject({
      schema: 1,
      id: 'problem1',
      topics: [{ id: 'nbgrader', title: 'problem1' }],
      exercises: ['problem1']
    });
    expect(result.exercise.notebook).toBe('problem1.ipynb');
    const named = converted(
      convertNbgrader(problem1(), {
        name: 'problem1',
        packId: 'ps1',
        exerciseId: 'ps1-squares'
      })
    );
    expect(named.pack.id).toBe('ps1');
    expect(named.pack.exercises).toEqual(['ps1-squares']);
    expect(named.exercise.notebook).toBe('ps1-squares.ipynb');
  });

  it('gives a pack that the catalog loads without a problem', async () => {
    const folder = result.exercise.id;
    const source = new MemorySource(
      {
        'pack.json': JSON.stringify(result.pack),
        [`${folder}/exercise.json`]: JSON.stringify(result.exercise),
        [`${folder}/${result.exercise.notebook}`]: JSON.stringify(
          result.notebook
        )
      },
      'imported'
    );
    const loaded = await loadPack(source, 'folder');
    expect(allProblems(loaded)).toEqual([]);
    expect(loaded.pack?.exercises).toHaveLength(1);
  });
});

describe('hidden tests', () => {
  // problem1 has none: add a hidden region to a copy of its first test.
  const source = problem1();
  const test = source.cells.find(cell =>
    text(cell).startsWith('"""Check that squares returns the correct')
  )!;
  test.source = `${text(test)}\n### BEGIN HIDDEN TESTS\nassert squares(3) == [1, 4, 9]\n### END HIDDEN TESTS`;
  const result = converted(convertNbgrader(source, { name: 'problem1' }));

  it('are in a hidden check but not in the learner notebook; the visible part is a check worth nothing', () => {
    const [visiblePart, check] = result.exercise.cells[0]
      .checks as IAssertCheck[];
    expect(visiblePart.id).toBe('correct-squares-visible');
    expect(visiblePart.points).toBe(0);
    expect(visiblePart.hidden).toBeUndefined();
    expect(visiblePart.code).not.toContain('squares(3)');
    expect(check.id).toBe('correct-squares');
    expect(check.hidden).toBe(true);
    expect(check.points).toBe(1);
    expect(check.code).toContain('assert squares(3) == [1, 4, 9]');
    expect(check.code).not.toContain('HIDDEN TESTS');
    const visible = text(cellById(result.notebook, 'correct-squares'));
    expect(visible).not.toContain('squares(3)');
    expect(visible).not.toContain('HIDDEN TESTS');
    expect(visible).toContain('assert squares(11) ==');
  });
});

describe('convertNbgrader refuses', () => {
  it('what is not a notebook', () => {
    expect(problemsOf(convertNbgrader([1, 2], { name: 'x' }))).toEqual([
      expect.stringMatching(/^not an nbformat 4 notebook/)
    ]);
    expect(
      problemsOf(convertNbgrader({ nbformat: 3, cells: [] }, { name: 'x' }))[0]
    ).toMatch(/nbformat 3 is not supported/);
  });

  it('a notebook without nbgrader cells', () => {
    const plain = nbgraderNotebook([{ source: 'x = 1' }]);
    expect(problemsOf(convertNbgrader(plain, { name: 'x' }))).toEqual([
      expect.stringContaining('no cell has nbgrader metadata')
    ]);
  });

  it('unbalanced solution and hidden-test delimiters, naming the cell', () => {
    const unclosed = nbgraderNotebook([
      {
        source: 'def f():\n    ### BEGIN SOLUTION\n    return 1',
        nbgrader: ANSWER
      },
      { source: 'assert f() == 1', nbgrader: TEST }
    ]);
    expect(problemsOf(convertNbgrader(unclosed, { name: 'x' }))).toEqual([
      "cell 0 ('answer'): 'BEGIN SOLUTION' on line 2 has no matching 'END SOLUTION'"
    ]);
    const unopened = nbgraderNotebook([
      { source: 'x = 1\n### END SOLUTION', nbgrader: ANSWER },
      {
        source: 'assert x\n### BEGIN HIDDEN TESTS\nassert x == 1',
        nbgrader: TEST
      }
    ]);
    expect(problemsOf(convertNbgrader(unopened, { name: 'x' }))).toEqual([
      "cell 0 ('answer'): 'END SOLUTION' on line 2 has no 'BEGIN SOLUTION' before it",
      "cell 1 ('test_answer'): 'BEGIN HIDDEN TESTS' on line 2 has no matching 'END HIDDEN TESTS'"
    ]);
  });

  it('a notebook with nothing to check, and ids that are not ids', () => {
    const untested = nbgraderNotebook([
      {
        source: '### BEGIN SOLUTION\nx = 1\n### END SOLUTION',
        nbgrader: ANSWER
      }
    ]);
    expect(problemsOf(convertNbgrader(untested, { name: 'x' }))).toEqual([
      expect.stringContaining(
        'no code answer (an nbgrader solution cell) has a test cell after it'
      )
    ]);
    expect(
      problemsOf(convertNbgrader(problem1(), { name: 'p', packId: 'Bad Id' }))
    ).toEqual([expect.stringMatching(/^--pack-id 'Bad Id' is not an id/)]);
  });
});

describe('a small source notebook', () => {
  it('replaces regions at their indentation, keeps code around them, dedupes names', () => {
    const source = nbgraderNotebook([
      {
        source:
          'import math\n\ndef f(x):\n    y = 2\n    ### BEGIN SOLUTION\n    return y * x\n    ### END SOLUTION',
        nbgrader: { solution: true, grade_id: 'Answer #1' }
      },
      { source: 'assert f(2) == 4', nbgrader: { grade: true, grade_id: 't' } },
      { source: 'assert f(0) == 0', nbgrader: { grade: true, grade_id: 't' } }
    ]);
    const result = converted(convertNbgrader(source, { name: 'Week 1!' }));
    const cell = result.exercise.cells[0];
    expect(cell.cell).toBe('answer-1');
    expect(cell.solution).toBe(
      'import math\n\ndef f(x):\n    y = 2\n    return y * x'
    );
    expect(cell.wrong_answers[0].code).toBe(
      'import math\n\ndef f(x):\n    y = 2\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    );
    expect(cell.checks.map(check => check.id)).toEqual(['t', 't-2']);
    expect(cell.checks[0].description).toBe("nbgrader test 't'");
    expect(result.pack.id).toBe('week-1');
  });

  it('slugifies grade ids into format ids', () => {
    expect(slugify('correct_squares')).toBe('correct-squares');
    expect(slugify('--Cell-938593C4__')).toBe('cell-938593c4');
    expect(slugify('x'.repeat(80))).toHaveLength(64);
    expect(slugify('###')).toBe('');
  });
});
