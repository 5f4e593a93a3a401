import type { ICellExecution } from '../cell-execution';
import { unjudgedWhenRaised } from '../notebook-run';
import type { ICellVerdict } from '../types';

const verdict: ICellVerdict = {
  status: 'fail',
  message: '1 of 2 checks fail.',
  criteria: [
    {
      checkId: 'intact',
      kind: 'assert',
      description: 'df is left unmodified',
      status: 'pass',
      message: ''
    },
    {
      checkId: 'rows',
      kind: 'value',
      description: 'rows kept',
      status: 'fail',
      message: "NameError: name 'clean_df' is not defined"
    }
  ],
  elapsedMs: 12,
  cancelled: false
};

const execution = (status: ICellExecution['status']): ICellExecution => ({
  status,
  outputs:
    status === 'error'
      ? [
          {
            output_type: 'error',
            ename: 'NotImplementedError',
            evalue: '',
            traceback: []
          }
        ]
      : [],
  executionCount: 3
});

describe('a check never passes for a cell that did not run to the end', () => {
  it('turns the passes of a cell that raised into fails that say why', () => {
    const judged = unjudgedWhenRaised(verdict, execution('error'));
    expect(judged.status).toBe('fail');
    expect(judged.criteria.map(c => c.status)).toEqual(['fail', 'fail']);
    expect(judged.criteria[0].message).toContain(
      'the cell raised NotImplementedError'
    );
    expect(judged.message).toMatch(/^Not judged: the cell raised/);
  });

  it('keeps the verdict of a cell that ran to the end', () => {
    expect(unjudgedWhenRaised(verdict, execution('ok'))).toBe(verdict);
  });
});
