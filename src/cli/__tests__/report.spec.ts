import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collect, learnerOf, summarize, toReportCSV } from '../report';

function progressFile(cells: Record<string, unknown>) {
  return JSON.stringify({
    version: 1,
    exercises: {
      'ml-interview/missing-data': {
        packId: 'ml-interview',
        exerciseId: 'missing-data',
        cells,
        startedAt: '2026-12-01T09:00:00.000Z',
        updatedAt: '2026-12-01T09:10:00.000Z'
      }
    }
  });
}

function cell(passed: boolean, attempts: number, hintsUsed = 0) {
  return {
    verdict: passed ? 'pass' : 'fail',
    attempts,
    hintsUsed,
    solutionRevealed: false,
    firstPassAt: passed ? '2026-12-01T09:05:00.000Z' : null,
    lastCheckedAt: '2026-12-01T09:05:00.000Z'
  };
}

describe('mltutor report', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-report-'));
    const write = (learner: string, text: string) => {
      fs.mkdirSync(path.join(dir, learner, 'ml-exercises'), {
        recursive: true
      });
      fs.writeFileSync(
        path.join(dir, learner, 'ml-exercises', 'progress.json'),
        text
      );
    };
    write(
      'alice',
      progressFile({ count: cell(true, 2), clean: cell(true, 1) })
    );
    write('bob', progressFile({ count: cell(false, 4, 2) }));
    write('carol', '{"version": 1, "exercises": {'); // torn copy
    write('dave', '{"version": 7, "exercises": {}}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names learners by their folder', () => {
    expect(
      learnerOf(dir, path.join(dir, 'alice', 'ml-exercises', 'progress.json'))
    ).toBe('alice');
  });

  it('lists corrupt files, keeps going, and modifies nothing', () => {
    const before = fs.readFileSync(
      path.join(dir, 'carol', 'ml-exercises', 'progress.json'),
      'utf8'
    );
    const { rows, problems } = collect([dir, path.join(dir, 'missing')]);
    expect(rows.map(row => row.learner)).toEqual(['alice', 'bob']);
    expect(problems.map(p => path.relative(dir, p.file))).toEqual([
      path.join('carol', 'ml-exercises', 'progress.json'),
      path.join('dave', 'ml-exercises', 'progress.json'),
      'missing'
    ]);
    expect(problems[0].detail).toMatch(/^corrupt/);
    expect(problems[1].detail).toMatch(/^unsupported-version/);
    expect(
      fs.readFileSync(
        path.join(dir, 'carol', 'ml-exercises', 'progress.json'),
        'utf8'
      )
    ).toBe(before);
  });

  it('writes a CSV row per learner and exercise, and a per-exercise summary', () => {
    const { rows } = collect([dir]);
    const lines = toReportCSV(rows).trim().split('\r\n');
    expect(lines[0]).toBe(
      'learner,pack,exercise,status,attempts,hints_used,solution_revealed,first_pass_at,last_checked_at'
    );
    expect(lines[1]).toMatch(
      /^alice,ml-interview,missing-data,passed,3,0,false,/
    );
    expect(lines[2]).toMatch(/^bob,ml-interview,missing-data,in-progress,4,2,/);
    expect(summarize(rows)).toEqual([
      {
        exercise: 'ml-interview/missing-data',
        learners: 2,
        passed: 1,
        solutionRevealed: 0,
        attempts: 7,
        hintsUsed: 2
      }
    ]);
  });
});
