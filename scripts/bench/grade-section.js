// The 'grade' section of `npm run bench`: G's scripts/bench/grade.js is a
// standalone script that saves its own figures into build/bench/results.json;
// this runs it as a child (so that its process.argv and exit stay its own).
const { execFileSync } = require('child_process');
const path = require('path');
const { ROOT } = require('./lib');

module.exports = async function grade(results, { quick }) {
  execFileSync(
    process.execPath,
    [path.join(__dirname, 'grade.js'), ...(quick ? ['--rounds', '1'] : [])],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] }
  );
  // Its figures are in results.json already; run.js keeps them when it saves.
};
