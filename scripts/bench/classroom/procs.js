// The processes of one classroom bench, found through /proc: their memory, and
// stopping whatever is left of them. Only processes that work inside the
// bench's private folder (the hub, proxy and service run there; learners'
// servers and kernels in their homes under it) or descend from its hub are
// ever touched, one by one by id.
const { execFileSync } = require('child_process');
const fs = require('fs');

const TICKS_PER_S =
  Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

function allPids() {
  return fs
    .readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(Number)
    .filter(pid => pid !== process.pid);
}

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null; // gone, or not ours to read
  }
}

function cwdOf(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

function parentOf(pid) {
  const stat = read(`/proc/${pid}/stat`);
  // "pid (command) state ppid ...": the command may hold spaces and parentheses.
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : 0;
}

/** The command line of a process, joined with spaces. */
function commandOf(pid) {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
}

/** `root` and every process below it. */
function tree(root) {
  const children = new Map();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift();
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Processes whose working folder is `dir` or inside it. */
function workingIn(dir) {
  return allPids().filter(pid => {
    const cwd = cwdOf(pid);
    return cwd !== null && (cwd === dir || cwd.startsWith(`${dir}/`));
  });
}

/** Proportional set size (shared pages counted fairly) of some processes, in MiB. */
function pssMiB(pids) {
  let kib = 0;
  for (const pid of pids) {
    const rollup = read(`/proc/${pid}/smaps_rollup`) ?? '';
    const line = rollup.split('\n').find(l => l.startsWith('Pss:'));
    kib += line ? Number(line.split(/\s+/)[1]) : 0;
  }
  return kib / 1024;
}

/** CPU time (user + system) each process has used so far, in seconds. */
function cpuSeconds(pids) {
  const used = new Map();
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat) {
      // utime and stime: the 12th and 13th fields after "pid (command)".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
    }
  }
  return used;
}

function signal(pids, name) {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/** What is left of the bench: processes in `dir` and below `rootPid`. */
function leftOver(dir, rootPid) {
  const inside = workingIn(dir);
  const pids = new Set(inside);
  // The root's tree only while the root is still the bench's (its pid is not reused).
  if (rootPid && inside.includes(rootPid)) {
    for (const pid of tree(rootPid)) {
      if (read(`/proc/${pid}/stat`) !== null) {
        pids.add(pid);
      }
    }
  }
  return [...pids];
}

/** SIGTERM to what is left, SIGKILL to what is still there after `graceMs`. */
async function stopLeftOver(dir, rootPid, graceMs = 5000) {
  let pids = leftOver(dir, rootPid);
  if (pids.length === 0) {
    return [];
  }
  const stopped = pids.map(pid => `${pid} ${commandOf(pid).slice(0, 80)}`);
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    pids = pids.filter(pid => read(`/proc/${pid}/stat`) !== null);
    if (pids.length === 0) {
      return stopped;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  signal(pids, 'SIGKILL');
  return stopped;
}

/** The synchronous last resort (a process 'exit' handler cannot wait). */
function killLeftOver(dir, rootPid) {
  signal(leftOver(dir, rootPid), 'SIGKILL');
}

module.exports = {
  TICKS_PER_S,
  commandOf,
  cpuSeconds,
  cwdOf,
  killLeftOver,
  pssMiB,
  stopLeftOver,
  tree,
  workingIn
};
