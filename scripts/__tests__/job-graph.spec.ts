/**
 * The scheduling of `npm test`'s jobs (scripts/job-graph.js), with jobs that
 * only wait: the budget of cores holds, a ready job is never overtaken, and a
 * failed build stops only the jobs that need it.
 */
const { runJobs } = require('../job-graph') as {
  runJobs: (
    jobs: IJob[],
    options: {
      budget: number;
      start: (job: IJob) => Promise<number>;
      skip: (job: IJob, need: string) => void;
    }
  ) => Promise<Map<string, number>>;
};

interface IJob {
  name: string;
  cores: number;
  needs?: string[];
  /** Test only: how long the job takes (ms) and its exit status. */
  ms: number;
  exit?: number;
}

async function schedule(jobs: IJob[], budget: number) {
  const started: string[] = [];
  const skipped: string[] = [];
  let busy = 0;
  let mostBusy = 0;
  let mostRunning = 0;
  let running = 0;
  const status = await runJobs(jobs, {
    budget,
    start: job => {
      started.push(job.name);
      busy += job.cores;
      running += 1;
      mostBusy = Math.max(mostBusy, busy);
      mostRunning = Math.max(mostRunning, running);
      return new Promise(resolve =>
        setTimeout(() => {
          busy -= job.cores;
          running -= 1;
          resolve(job.exit ?? 0);
        }, job.ms)
      );
    },
    skip: (job, need) => skipped.push(`${job.name} (${need})`)
  });
  return { status, started, skipped, mostBusy, mostRunning };
}

describe('scripts/job-graph.js', () => {
  it('keeps the running jobs within the budget of cores', async () => {
    const jobs: IJob[] = [
      { name: 'integration', cores: 1, ms: 60 },
      { name: 'verify', cores: 1.25, ms: 30 },
      { name: 'hub', cores: 0.4, ms: 40 },
      { name: 'ui-1', cores: 0.5, ms: 40 },
      { name: 'ui-2', cores: 0.5, ms: 40 },
      { name: 'lint', cores: 1, ms: 10 }
    ];
    const run = await schedule(jobs, 2.5);
    expect(run.mostBusy).toBeLessThanOrEqual(2.5);
    // Light jobs share the machine: more run at once than two.
    expect(run.mostRunning).toBeGreaterThan(2);
    expect(run.started).toEqual(jobs.map(job => job.name));
    expect([...run.status.values()].every(code => code === 0)).toBe(true);
  });

  it('never lets a later job overtake a ready one that does not fit yet', async () => {
    const run = await schedule(
      [
        { name: 'big', cores: 2, ms: 30 },
        { name: 'also-big', cores: 2, ms: 10 },
        { name: 'small', cores: 0.1, ms: 10 }
      ],
      2.5
    );
    expect(run.started).toEqual(['big', 'also-big', 'small']);
    expect(run.mostRunning).toBe(2);
  });

  it('starts a job bigger than the budget when nothing else runs', async () => {
    const run = await schedule([{ name: 'huge', cores: 4, ms: 5 }], 2.5);
    expect(run.status.get('huge')).toBe(0);
  });

  it('runs the jobs one after another with a budget of 1', async () => {
    const run = await schedule(
      [
        { name: 'a', cores: 0.5, ms: 10 },
        { name: 'b', cores: 0.5, ms: 10 },
        { name: 'c', cores: 0.1, ms: 10 }
      ],
      1
    );
    expect(run.mostRunning).toBe(1);
  });

  it('waits for what a job needs, and skips the jobs a failed build stops', async () => {
    const run = await schedule(
      [
        { name: 'build-extension', cores: 1, ms: 20, exit: 2 },
        { name: 'build-lab', cores: 1, ms: 5 },
        { name: 'integration', cores: 1, ms: 5, needs: ['build-extension'] },
        { name: 'ui-1', cores: 0.5, ms: 5, needs: ['build-lab'] },
        { name: 'lint', cores: 1, ms: 5 }
      ],
      2.5
    );
    expect(run.skipped).toEqual(['integration (build-extension)']);
    expect(run.started).not.toContain('integration');
    expect(run.status.get('integration')).toBe(1);
    expect(run.status.get('build-extension')).toBe(2);
    expect(run.status.get('ui-1')).toBe(0);
    expect(run.status.get('lint')).toBe(0);
  });
});
