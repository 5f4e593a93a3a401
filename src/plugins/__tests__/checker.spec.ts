import type { Kernel } from '@jupyterlab/services';
import type { ICellCheckRequest, ICellVerdict } from '../../checking/types';
import type { ICheckEngine } from '../../tokens';
import { LazyCheckEngine } from '../checker';

const VERDICT: ICellVerdict = {
  status: 'pass',
  message: '',
  criteria: [],
  elapsedMs: 1,
  cancelled: false
};

function engine(log: string[]): ICheckEngine {
  return {
    checkCell: async () => {
      log.push('check');
      return VERDICT;
    },
    prepare: async () => {
      log.push('prepare');
    }
  };
}

const request = {} as ICellCheckRequest;
const kernel = {} as Kernel.IKernelConnection;

describe('LazyCheckEngine: the engine loads on first use, not at start-up', () => {
  it('loads once, on the first call, and forwards every call', async () => {
    const log: string[] = [];
    let loads = 0;
    const lazy = new LazyCheckEngine(async () => {
      loads++;
      return engine(log);
    });
    expect(loads).toBe(0);
    await lazy.prepare(kernel);
    await expect(lazy.checkCell(request)).resolves.toBe(VERDICT);
    expect(loads).toBe(1);
    expect(log).toEqual(['prepare', 'check']);
  });

  it('a chunk that failed to load is a verdict, and is asked again next time', async () => {
    const log: string[] = [];
    let loads = 0;
    const lazy = new LazyCheckEngine(async () => {
      loads++;
      if (loads === 1) {
        throw new Error('Loading chunk 262 failed');
      }
      return engine(log);
    });
    const failed = await lazy.checkCell(request);
    expect(failed.status).toBe('error');
    expect(failed.message).toContain('Loading chunk 262 failed');
    await expect(lazy.checkCell(request)).resolves.toBe(VERDICT);
    expect(loads).toBe(2);
  });
});
