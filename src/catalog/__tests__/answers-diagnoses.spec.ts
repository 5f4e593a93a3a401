/**
 * The format's right answers and diagnoses: what the schema and the validator
 * accept and reject (format version 1, optional fields).
 */
import * as fs from 'fs';
import type { IPackManifest } from '../format';
import { validateExerciseSpec } from '../validate';
import { fixture } from './helpers';

type Json = Record<string, unknown> & {
  cells: Array<
    Record<string, unknown> & {
      checks: Array<Record<string, unknown>>;
      wrong_answers: Array<Record<string, unknown>>;
    }
  >;
};

const readJson = (path: string): Json =>
  JSON.parse(fs.readFileSync(fixture(path), 'utf8')) as Json;
const manifest = readJson('valid/pack.json') as unknown as IPackManifest;
const problemsOf = (spec: Json): Array<[string, string]> =>
  validateExerciseSpec(spec, manifest, 'basics/sum-list').map(problem => [
    problem.path,
    problem.message
  ]);

/** The valid fixture exercise with diagnoses on its first value check and its assert check. */
function withDiagnoses(): Json {
  const spec = readJson('valid/basics/sum-list/exercise.json');
  spec.cells[0].checks[0].diagnoses = [
    { id: 'counted', when: 'value == len(numbers)', message: 'You counted.' },
    { id: 'first', when: 'value == numbers[0]', message: 'Only the first.' }
  ];
  spec.cells[1].checks[0].diagnoses = [
    { id: 'median', when: "'2.0' in error", message: 'That is the median.' }
  ];
  spec.cells[0].wrong_answers[0].diagnosis = 'counted';
  spec.cells[0].right_answers = [
    {
      code: 'import numpy as np\ntotal = int(np.sum(numbers))\nprint(total)',
      note: 'NumPy'
    }
  ];
  return spec;
}

describe('right answers and diagnoses', () => {
  it('accepts them on value and assert checks, and a diagnosis named by a wrong answer', () => {
    expect(problemsOf(withDiagnoses())).toEqual([]);
  });

  it('accepts diagnoses on figure checks and the verify option', () => {
    const spec = withDiagnoses();
    spec.cells[0].checks.push({
      id: 'drawn',
      kind: 'figure',
      has_title: true,
      diagnoses: [
        { id: 'no-axes', when: "'no matplotlib' in error", message: 'Draw.' }
      ]
    });
    spec.verify = { fresh_kernels: true };
    expect(problemsOf(spec)).toEqual([]);
  });

  it('accepts diagnoses on output and quiz checks, and a wrong answer naming one', () => {
    const spec = withDiagnoses();
    spec.cells[0].checks[1].diagnoses = [
      { id: 'not-printed', when: "'6' not in text", message: 'Print it.' }
    ];
    spec.cells[0].checks.push({
      id: 'q',
      kind: 'quiz',
      variable: 'q1',
      choices: { a: 'yes', b: 'no' },
      answer: 'a',
      diagnoses: [{ id: 'picked-b', when: "answer == 'b'", message: 'No.' }]
    });
    spec.cells[0].wrong_answers.push({
      code: "q1 = 'b'",
      fails: 'q',
      diagnosis: 'picked-b'
    });
    expect(problemsOf(spec)).toEqual([]);
  });

  it('rejects a diagnosis without a condition, on any check kind', () => {
    const spec = withDiagnoses();
    spec.cells[0].checks[1].diagnoses = [{ id: 'x', message: 'm' }];
    const problems = problemsOf(spec);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map(([path]) => path).join(' ')).toContain(
      '/cells/0/checks/1/diagnoses/0'
    );
  });

  it('rejects a diagnosis id used twice in one check', () => {
    const spec = withDiagnoses();
    (spec.cells[0].checks[0].diagnoses as Array<{ id: string }>)[1].id =
      'counted';
    expect(problemsOf(spec)).toEqual([
      [
        '/cells/0/checks/0/diagnoses/1/id',
        "diagnosis id 'counted' is used twice in check 'total-value'"
      ]
    ]);
  });

  it('rejects a wrong answer naming a diagnosis its check does not have', () => {
    const spec = withDiagnoses();
    spec.cells[0].wrong_answers[0].diagnosis = 'median';
    expect(problemsOf(spec)).toEqual([
      [
        '/cells/0/wrong_answers/0/diagnosis',
        "'median' is not a diagnosis of check 'total-value' (its diagnoses: counted, first)"
      ]
    ]);
    spec.cells[0].wrong_answers[0].diagnosis = 'counted';
    spec.cells[0].wrong_answers[0].fails = 'total-printed';
    expect(problemsOf(spec)).toEqual([
      [
        '/cells/0/wrong_answers/0/diagnosis',
        "'counted' is not a diagnosis of check 'total-printed', which has none"
      ]
    ]);
  });

  it('requires code and note in a right answer, and id, when and message in a diagnosis', () => {
    const spec = withDiagnoses();
    spec.cells[0].right_answers = [{ code: 'total = 14' }];
    (spec.cells[0].checks[0].diagnoses as Array<Record<string, unknown>>)[0] = {
      id: 'counted',
      message: 'no condition'
    };
    const paths = problemsOf(spec).map(
      ([path, message]) => `${path}: ${message}`
    );
    expect(paths.join('\n')).toContain('note');
    expect(paths.join('\n')).toContain('when');
  });
});
