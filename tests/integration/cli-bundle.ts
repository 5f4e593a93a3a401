/**
 * The two ways the integration tests run `mltutor`: bundled from the sources
 * as `npm run build:cli` bundles it and run in a child process (as users run
 * it), or its `main` called in this process with the output captured (faster,
 * for tests that only need the CLI's logic over a real kernel).
 */
import { buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { main } from '../../src/cli/main';

export const ROOT = resolve(__dirname, '../..');

/** What a run of the CLI returned. */
export interface ICliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Bundles `entry` (the CLI's `main.ts` unless given) into `outfile` with the
 * options of `npm run build:cli`.
 */
export function bundleCli(
  outfile: string,
  entry = join(ROOT, 'src/cli/main.ts')
): void {
  mkdirSync(dirname(outfile), { recursive: true });
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.py': 'text' },
    outfile,
    logLevel: 'warning'
  });
}

/**
 * Bundles the CLI into `outfile` and writes `run.js` beside `dir` that starts
 * it as `bin/mltutor.js` does; returns the runner's path.
 */
export function bundleCliRunner(dir: string, outfile: string): string {
  bundleCli(outfile);
  const runner = join(dir, 'run.js');
  writeFileSync(runner, `require(${JSON.stringify(outfile)}).runCli();\n`);
  return runner;
}

/** Runs `mltutor ARGS` in this process; returns its exit code and what it wrote. */
export async function runInProcess(args: string[]): Promise<ICliOutput> {
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    jest
      .spyOn(process[stream], 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        captured[stream] += String(chunk);
        return true;
      });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    spies.forEach(spy => spy.mockRestore());
  }
}
