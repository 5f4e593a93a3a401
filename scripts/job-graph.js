// The scheduling of scripts/test-runner.js, apart from what a job does, so
// that it can be tested with jobs that only wait.

/**
 * Runs `jobs` in order. A job starts once every job it `needs` has succeeded
 * (status 0) and, beside the running jobs, its `cores` (default 1) keep the sum within
 * `budget` (a job runs alone when nothing else runs; a budget of 1 or less
 * runs the jobs one after another). A ready job is never overtaken by a later
 * one. A job whose need failed is passed to `skip(job, need)` and counts as
 * failed (status 1). Resolves with each job's status, by name.
 *
 * @param {Array<{name: string, cores?: number, needs?: string[]}>} jobs
 * @param {{budget: number, start: (job) => Promise<number>, skip: (job, need: string) => void}} options
 * @returns {Promise<Map<string, number>>}
 */
function runJobs(jobs, { budget, start, skip }) {
  const waiting = [...jobs];
  const status = new Map();
  const running = new Set();
  const fits = job => {
    if (running.size === 0) {
      return true;
    }
    let busy = 0;
    for (const other of running) {
      busy += other.cores ?? 1;
    }
    return budget > 1 && busy + (job.cores ?? 1) <= budget;
  };
  return new Promise(done => {
    const schedule = () => {
      for (const job of [...waiting]) {
        const failed = (job.needs ?? []).find(
          need => status.has(need) && status.get(need) !== 0
        );
        if (failed) {
          waiting.splice(waiting.indexOf(job), 1);
          status.set(job.name, 1);
          skip(job, failed);
        }
      }
      for (const job of [...waiting]) {
        if (!(job.needs ?? []).every(need => status.get(need) === 0)) {
          continue;
        }
        if (!fits(job)) {
          break;
        }
        waiting.splice(waiting.indexOf(job), 1);
        running.add(job);
        void start(job).then(code => {
          running.delete(job);
          status.set(job.name, code);
          schedule();
        });
      }
      if (waiting.length === 0 && running.size === 0) {
        done(status);
      }
    };
    schedule();
  });
}

module.exports = { runJobs };
