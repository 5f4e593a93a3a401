import type { Check } from '../../catalog/format';
import {
  diagnoseOp,
  FIGURES_OP_ID,
  HARNESS_MODULE,
  HARNESS_VERSION,
  installExpression,
  isInstalledReply,
  opsForChecks,
  parseRunReply,
  pythonString,
  RESULT_MIME,
  runExpression
} from '../protocol';
import { aggregate, criterion } from '../verdict';

const checks: Check[] = [
  {
    id: 'v',
    kind: 'value',
    expr: 'df',
    reference: 'expected = 1',
    rtol: 0.1,
    check_dtype: true
  },
  { id: 'j', kind: 'value', expr: 'x', expected: [1, 'a'] },
  { id: 'a', kind: 'assert', code: 'assert x', message: 'no', timeout: 3 },
  { id: 'o', kind: 'output', no_error: true },
  { id: 'f1', kind: 'figure', has_title: true },
  { id: 'f2', kind: 'figure', has_xlabel: true },
  {
    id: 'q',
    kind: 'quiz',
    variable: 'q1',
    choices: { a: '1', b: '2' },
    answer: 'a'
  }
];

describe('protocol', () => {
  it('makes one operation per kernel check and one figure read for all figure checks', () => {
    expect(opsForChecks(checks)).toEqual([
      {
        op: 'value',
        id: 'v',
        expr: 'df',
        reference: 'expected = 1',
        rtol: 0.1,
        check_dtype: true
      },
      { op: 'value', id: 'j', expr: 'x', expected: [1, 'a'] },
      { op: 'assert', id: 'a', code: 'assert x', message: 'no' },
      { op: 'figures', id: FIGURES_OP_ID },
      { op: 'read', id: 'q', variable: 'q1' }
    ]);
  });

  it('sends diagnoses (id and condition, not the message) with value and assert ops; figure checks get a diagnose op', () => {
    const diagnoses = [{ id: 'zero', when: 'value == 0', message: 'Zero.' }];
    expect(
      opsForChecks([
        { id: 'v', kind: 'value', expr: 'x', expected: 1, diagnoses },
        { id: 'a', kind: 'assert', code: 'assert x', diagnoses },
        { id: 'n', kind: 'assert', code: 'assert x', diagnoses: [] }
      ])
    ).toEqual([
      {
        op: 'value',
        id: 'v',
        expr: 'x',
        expected: 1,
        diagnoses: [{ id: 'zero', when: 'value == 0' }]
      },
      {
        op: 'assert',
        id: 'a',
        code: 'assert x',
        message: undefined,
        diagnoses: [{ id: 'zero', when: 'value == 0' }]
      },
      { op: 'assert', id: 'n', code: 'assert x', message: undefined }
    ]);
    expect(
      diagnoseOp(
        { id: 'f', kind: 'figure', has_title: true, diagnoses },
        'no title'
      )
    ).toEqual({
      op: 'diagnose',
      id: 'f',
      diagnoses: [{ id: 'zero', when: 'value == 0' }],
      error: 'no title'
    });
    expect(
      diagnoseOp(
        {
          id: 'q',
          kind: 'quiz',
          variable: 'q1',
          choices: { a: 'A', b: 'B' },
          answer: 'a',
          diagnoses
        },
        'not it',
        { answer: 'b', answers: ['b'] }
      )
    ).toEqual({
      op: 'diagnose',
      id: 'q',
      diagnoses: [{ id: 'zero', when: 'value == 0' }],
      error: 'not it',
      names: { answer: 'b', answers: ['b'] }
    });
    expect(
      diagnoseOp(
        { id: 'o', kind: 'output', mime: 'image/png', diagnoses },
        'no image'
      )?.op
    ).toBe('diagnose');
    expect(
      diagnoseOp({ id: 'f', kind: 'figure', has_title: true }, 'x')
    ).toBeNull();
    expect(
      diagnoseOp(
        { id: 'v', kind: 'value', expr: 'x', expected: 1, diagnoses },
        'x'
      )
    ).toBeNull();
  });

  it('installs other modules of ours under their own name', () => {
    const install = installExpression(
      'x = 1',
      'v2',
      '_mltutor_answers',
      '<mltutor-answers>'
    );
    expect(install).toContain('ModuleType("_mltutor_answers")');
    expect(install).toContain('"<mltutor-answers>"');
    expect(install).toContain('m._activate(m, "v2")');
  });

  it('quotes any text as a Python string literal', () => {
    expect(pythonString('a "b"\n\\ \u2028 é')).toBe(
      '"a \\"b\\"\\n\\\\ \u2028 é"'
    );
  });

  it('builds expressions that bind no user name and carry the version', () => {
    const run = runExpression([{ op: 'read', id: 'q', variable: 'q1' }]);
    expect(run).toContain(`__import__('sys').modules.get("${HARNESS_MODULE}")`);
    expect(run).toContain(`m.VERSION == "${HARNESS_VERSION}"`);
    expect(run.startsWith('(lambda m:')).toBe(true);
    const install = installExpression('x = 1', 'v1');
    expect(install).toMatch(/^\(lambda b: \(lambda m: /);
    expect(install).toContain('"x = 1"');
    expect(install).toContain('m._activate(m, "v1")');
    expect(HARNESS_VERSION).toMatch(/^[0-9a-f]{8}$/);
  });

  it('parses answers: results, a missing harness, garbage', () => {
    const results = [{ id: 'v', status: 'pass', ms: 1 }];
    expect(parseRunReply({ [RESULT_MIME]: { results } })).toEqual({
      kind: 'results',
      results
    });
    expect(parseRunReply({ 'text/plain': 'None' })).toEqual({
      kind: 'missing'
    });
    expect(parseRunReply({ 'text/plain': "'x'" }).kind).toBe('invalid');
    expect(
      parseRunReply({ [RESULT_MIME]: { results: [{ id: 1 }] } }).kind
    ).toBe('invalid');
    expect(
      isInstalledReply({ [RESULT_MIME]: { installed: HARNESS_VERSION } })
    ).toBe(true);
    expect(isInstalledReply({ [RESULT_MIME]: { installed: 'old' } })).toBe(
      false
    );
  });
});

describe('verdicts', () => {
  const value = checks[0];

  it('without a diagnosis, shows what differs first and the author message after it, only on failure', () => {
    const withMessage = { ...value, message: 'Look at the **dtypes**.' };
    expect(criterion(withMessage, 'fail', '`df` differs').message).toBe(
      '`df` differs\n\nLook at the **dtypes**.'
    );
    expect(
      criterion(withMessage, 'fail', 'Look at the **dtypes**.').message
    ).toBe('Look at the **dtypes**.');
    expect(criterion(withMessage, 'pass', 'x').message).toBe('');
    expect(criterion(value, 'fail', 'detail').description).toBe(
      '`df` has the expected value'
    );
  });

  it('with a diagnosis that held, names it first, then the message, then what differs', () => {
    const diagnosed = {
      ...value,
      message: 'Use the mean of each column.',
      diagnoses: [
        { id: 'zero', when: 'value == 0', message: 'You filled with **0**.' },
        { id: 'median', when: 'False', message: 'You used the median.' }
      ]
    };
    const result = criterion(
      diagnosed,
      'fail',
      '`df` differs at index 3',
      'zero'
    );
    expect(result.message).toBe(
      'You filled with **0**.\n\nUse the mean of each column.\n\n`df` differs at index 3'
    );
    expect(result.diagnosis).toBe('zero');
    const unknown = criterion(diagnosed, 'fail', 'differs', 'no-such-id');
    expect(unknown.diagnosis).toBeUndefined();
    expect(unknown.message).toBe('differs\n\nUse the mean of each column.');
    expect(criterion(diagnosed, 'pass', '', 'zero').diagnosis).toBeUndefined();
  });

  it('takes the most serious status and summarises', () => {
    const pass = criterion(value, 'pass', '');
    const fail = criterion(value, 'fail', 'no');
    const error = criterion(value, 'error', 'broken');
    const timeout = criterion(value, 'timeout', 'slow');
    expect(aggregate([pass, pass], 5, false)).toMatchObject({
      status: 'pass',
      message: 'All 2 checks pass.'
    });
    expect(aggregate([pass, fail], 5, false)).toMatchObject({
      status: 'fail',
      message: '1 of 2 checks fail.'
    });
    expect(aggregate([fail, error], 5, false).status).toBe('error');
    expect(aggregate([error, timeout], 5, false)).toMatchObject({
      status: 'timeout',
      message: 'slow'
    });
    expect(aggregate([], 5, false).status).toBe('pass');
  });
});
