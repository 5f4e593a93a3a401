/**
 * `mltutor` command line: one entry point, one module per subcommand.
 * Each subcommand module exports `run(argv): Promise<number>` (the exit code).
 */
type Subcommand = (argv: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  validate: async () => (await import('./validate')).run,
  verify: async () => (await import('./verify')).run,
  check: async () => (await import('./check')).run,
  grade: async () => (await import('./grade')).run,
  'import-nbgrader': async () => (await import('./import-nbgrader')).run,
  report: async () => (await import('./report')).run
};

const USAGE = `Usage: mltutor <command> [options]

Commands:
  validate [PATH...] [--json]   check exercise packs against the format (default: exercises/)
  verify [PACK...]              run every exercise's solution and recorded wrong answers in a fresh kernel
  check NOTEBOOK [--json]       run a learner's notebook in a fresh kernel and report every check
  grade SUBMISSION... --pack DIR [-j N] [--out gradebook.csv]
                                grade learners' notebooks in sealed fresh kernels, hidden checks included
  import-nbgrader SOURCE.ipynb --out DIR
                                make a one-exercise pack from an nbgrader source notebook
  report DIR... [--out report.csv]
                                the class's progress from progress files copied from homes

Run 'mltutor <command> --help' for the options of a command.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = SUBCOMMANDS[name];
  if (!load) {
    process.stderr.write(`mltutor: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

/** Runs the CLI on this process's arguments and exits with its code. */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    (error: unknown) => {
      const text =
        error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`mltutor: ${text}\n`);
      process.exit(2);
    }
  );
}
