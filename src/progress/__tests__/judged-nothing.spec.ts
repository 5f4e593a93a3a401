/**
 * Issue 9, case 8: a check that judged nothing (the kernel died, restarted
 * or skipped it) is no attempt and keeps the cell's last verdict.
 */
import { applyCellChange, emptyCell, verdictChange } from '../record';
import type { IProgressFile } from '../types';

function fileWith(verdict: 'pass' | 'fail'): IProgressFile {
  const file = { version: 1, exercises: {} } as unknown as IProgressFile;
  applyCellChange(
    file,
    'p',
    'e',
    'c',
    verdictChange(verdict, 'tab'),
    '2026-01-01T00:00:00Z'
  );
  return file;
}

describe('verdicts that judged nothing', () => {
  it.each(['kernel-dead', 'kernel-restarted', 'kernel-busy'] as const)(
    '%s is not an attempt and does not replace the last verdict',
    status => {
      const file = fileWith('fail');
      const changed = applyCellChange(
        file,
        'p',
        'e',
        'c',
        verdictChange(status, 'tab'),
        '2026-01-01T00:01:00Z'
      );
      expect(changed).toBe(false);
      const cell = Object.values(file.exercises)[0].cells.c;
      expect(cell.verdict).toBe('fail');
      expect(cell.attempts).toBe(1);
    }
  );

  it('a real verdict still counts', () => {
    const cell = emptyCell();
    expect(verdictChange('timeout', 'tab')(cell, '2026-01-01T00:00:00Z')).toBe(
      true
    );
    expect(cell.attempts).toBe(1);
    expect(cell.verdict).toBe('timeout');
  });
});
