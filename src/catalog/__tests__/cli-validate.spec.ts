import * as path from 'path';
import { formatProblem, run } from '../../cli/validate';
import { EXPECTED_PROBLEMS } from './expected-problems';
import { FIXTURES, fixture } from './helpers';

/** Runs the CLI, capturing what it writes. */
async function cli(
  argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await run(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const relative = (...parts: string[]): string =>
  path
    .relative(process.cwd(), path.join(...parts))
    .split(path.sep)
    .join('/');

describe('mltutor validate', () => {
  it('exits 0 on a valid pack, with a summary on stderr', async () => {
    const { code, stdout, stderr } = await cli([fixture('valid')]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('ok: 1 of 1 pack(s) and 2 exercise(s) loaded');
  });

  it('accepts a path to pack.json', async () => {
    expect((await cli([fixture('valid/pack.json')])).code).toBe(0);
  });

  it('prints one "file: path: problem" line per malformed fixture and exits 1', async () => {
    const { code, stdout } = await cli([FIXTURES]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(EXPECTED_PROBLEMS.length);
    for (const expected of EXPECTED_PROBLEMS) {
      const prefix = formatProblem({
        file: relative(FIXTURES, expected.fixture, expected.file),
        path: expected.path,
        message: ''
      });
      const line = lines.find(one => one.startsWith(prefix));
      expect(line).toContain(expected.message);
    }
    expect(lines).toContain(
      `${relative(FIXTURES, 'unknown-check-kind/ex/exercise.json')}: /cells/0/checks/1/kind: unknown check kind 'regex' (known: value, assert, output, figure, quiz)`
    );
  });

  it('prints a JSON array with --json', async () => {
    const { code, stdout } = await cli([
      '--json',
      fixture('too-few-hints'),
      fixture('valid')
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        file: relative(fixture('too-few-hints'), 'ex/exercise.json'),
        path: '/cells/0/hints',
        message: 'must have at least 2 items'
      }
    ]);
  });

  it('checks exercise ids across all the paths given', async () => {
    const { code, stdout } = await cli([
      fixture('valid'),
      fixture('valid-duplicate-id')
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "valid-duplicate-id/ex/exercise.json: /id: exercise id 'fixture-sum-list' is already used"
    );
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(['--frobnicate'])).code).toBe(2);
    const missing = await cli([fixture('no-such-pack')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such folder');
  });

  it('prints help with --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: mltutor validate');
  });
});
