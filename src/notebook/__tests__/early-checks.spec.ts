import type { Kernel } from '@jupyterlab/services';
import type { CheckPhase } from '../../checking/types';
import {
  behindRun,
  EarlyChecks,
  earlyCheckMatches,
  startEarlyCheck
} from '../early-checks';
import type { IVerdictView } from '../feedback-model';

const PASS: IVerdictView = {
  status: 'pass',
  message: '',
  criteria: [],
  elapsedMs: 1
};

function kernel(disposed = false): Kernel.IKernelConnection {
  return { isDisposed: disposed } as Kernel.IKernelConnection;
}

describe('behindRun: checks go right behind the run that was scheduled', () => {
  it('sends once the run set a new future, a microtask later', async () => {
    const area: { future: object | null } = { future: { old: true } };
    const sent: string[] = [];
    behindRun(area, () => sent.push('checks'));
    // What JupyterLab does synchronously after executionScheduled.
    area.future = { run: true };
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual(['checks']);
  });

  it('sends nothing when the run sent no request (empty cell, no kernel)', async () => {
    const old = { old: true };
    const area = { future: old };
    const sent: string[] = [];
    behindRun(area, () => sent.push('checks'));
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([]);
  });
});

describe('EarlyChecks: one per run, oldest first', () => {
  const check = (sourceHash: string) =>
    startEarlyCheck({
      sourceHash,
      session: 's1',
      kernel: kernel(),
      send: async () => PASS
    });

  it('gives back the checks of a cell in the order its runs were scheduled', () => {
    const checks = new EarlyChecks();
    checks.add('a', check('first'));
    checks.add('a', check('second'));
    checks.add('b', check('other'));
    expect(checks.take('a')?.sourceHash).toBe('first');
    expect(checks.take('a')?.sourceHash).toBe('second');
    expect(checks.take('a')).toBeUndefined();
    expect(checks.has('b')).toBe(true);
    checks.clear();
    expect(checks.take('b')).toBeUndefined();
  });
});

describe('startEarlyCheck', () => {
  it('tells a late listener the phase it missed, then the next ones', async () => {
    let tell: (phase: CheckPhase) => void = () => undefined;
    let finish: (verdict: IVerdictView) => void = () => undefined;
    const early = startEarlyCheck({
      sourceHash: 'h',
      session: 's1',
      kernel: kernel(),
      send: (_signal, onStatus) => {
        tell = onStatus;
        return new Promise(resolve => (finish = resolve));
      }
    });
    tell('waiting');
    const heard: CheckPhase[] = [];
    early.listen(phase => heard.push(phase));
    tell('running');
    expect(heard).toEqual(['waiting', 'running']);
    finish(PASS);
    await expect(early.verdict).resolves.toBe(PASS);
  });

  it('abort aborts the signal the check was sent with', () => {
    let sent: AbortSignal | null = null;
    const early = startEarlyCheck({
      sourceHash: 'h',
      session: 's1',
      kernel: kernel(),
      send: signal => {
        sent = signal;
        return new Promise(() => undefined);
      }
    });
    expect(sent!.aborted).toBe(false);
    early.abort();
    expect(sent!.aborted).toBe(true);
  });
});

describe('earlyCheckMatches: only a check of the code shown, in this kernel process', () => {
  const k = kernel();
  const early = { sourceHash: 'h1', session: 's1', kernel: k };

  it('matches the same source, session and kernel', () => {
    expect(
      earlyCheckMatches(early, { sourceHash: 'h1', session: 's1', kernel: k })
    ).toBe(true);
  });

  it('rejects edited code, a restarted kernel, another kernel or an unknown session', () => {
    expect(
      earlyCheckMatches(early, { sourceHash: 'h2', session: 's1', kernel: k })
    ).toBe(false);
    expect(
      earlyCheckMatches(early, { sourceHash: 'h1', session: 's2', kernel: k })
    ).toBe(false);
    expect(
      earlyCheckMatches(early, {
        sourceHash: 'h1',
        session: 's1',
        kernel: kernel()
      })
    ).toBe(false);
    expect(
      earlyCheckMatches(
        { ...early, session: null },
        { sourceHash: 'h1', session: null, kernel: k }
      )
    ).toBe(false);
    const gone = kernel(true);
    expect(
      earlyCheckMatches(
        { ...early, kernel: gone },
        { sourceHash: 'h1', session: 's1', kernel: gone }
      )
    ).toBe(false);
  });
});
