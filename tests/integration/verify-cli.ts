/**
 * Shared helper of the verify integration tests: `mltutor verify` bundled
 * from the sources (as `npm run build:cli` bundles the CLI) and run in a
 * child process, with its own Jupyter server and kernels.
 */
import { execFile } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { bundleCli, ROOT } from './cli-bundle';

export { ROOT };

export interface ICliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Bundles `src/cli/verify.ts` into a temporary folder; `run(args)` takes verify's arguments (no subcommand); `dispose` removes it. */
export function bundleVerify(): {
  run: (args: string[]) => Promise<ICliResult>;
  dispose: () => void;
} {
  const work = mkdtempSync(join(tmpdir(), 'mltutor-verify-cli-'));
  const bundle = join(work, 'verify.js');
  bundleCli(bundle, join(ROOT, 'src/cli/verify.ts'));
  const runner = join(work, 'run.js');
  writeFileSync(
    runner,
    `require(${JSON.stringify(bundle)}).run(process.argv.slice(2)).then(code => process.exit(code));\n`
  );
  const run = (args: string[]): Promise<ICliResult> =>
    new Promise(done => {
      const started = Date.now();
      execFile(
        'node',
        [runner, ...args],
        { cwd: ROOT, timeout: 600000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error
            ? typeof error.code === 'number'
              ? error.code
              : -1
            : 0;
          done({ code, stdout, stderr, ms: Date.now() - started });
        }
      );
    });
  return { run, dispose: () => rmSync(work, { recursive: true, force: true }) };
}
