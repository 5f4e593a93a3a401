"""Grading the class from the dashboard: `mltutor grade` on the learners' current notebooks.

One run at a time per class, in the background: the service's event loop only waits
on the child process and reads its progress lines; finding notebooks and importing the
gradebook run in a worker thread. Configured like any traitlets class (in the file
named by $MLTUTOR_CLASS_CONFIG, or by `configure_class_service(..., grading={...})`):

    c.ClassGrader.homes_root = "/srv/class/homes"
    c.ClassGrader.pack = "/srv/course/graded-pack"     # with its hidden checks
    c.ClassGrader.command = ["mltutor"]                # found on PATH by default
    c.ClassGrader.jobs = 2
"""
import asyncio
import math
import os
import re
import shutil
import signal
from collections import deque

from traitlets import Float, Integer, List, Unicode
from traitlets.config import LoggingConfigurable

from . import jobs
from .gradebook import read_gradebook, verified_rows
from .submissions import find_submissions

HERE = os.path.dirname(os.path.abspath(__file__))
# `learner (path): ...`, one line per graded submission on grade's stderr.
PROGRESS = re.compile(r" \((.+?)\): ")


class GradingUnavailable(Exception):
    """The service is not set up to grade (no command, no pack, no homes): the reason says how."""


class JobRunning(Exception):
    """A second press while a run is going: the page says so."""

    def __init__(self, job):
        super().__init__("a grading run is already going")
        self.job = job


def _node_script_command(script):
    node = shutil.which("node")
    return [node, script] if node else None


class ClassGrader(LoggingConfigurable):
    """Runs `mltutor grade` on the class's notebooks and imports the gradebook."""

    command = List(
        Unicode(),
        config=True,
        help="""The mltutor CLI as a command line, e.g. ["mltutor"] or
        ["node", "/opt/mltutor/bin/mltutor.js"]; `grade ...` is appended. Default: `mltutor`
        on PATH, else the bin/mltutor.js of a source checkout beside this package.""",
    )
    pack = Unicode(
        "",
        config=True,
        help="""The pack folder (or folder of packs) to grade against: the graded copy, with
        its hidden checks. Default: the pack bundled with the CLI, if it has one.""",
    )
    homes_root = Unicode(
        "",
        config=True,
        help="The folder holding one home per learner, <homes_root>/<name> (the spawner's).",
    )
    exercise_folder = Unicode(
        "ml-exercises", config=True, help="Where the lab puts exercise notebooks in a home."
    )
    jobs = Integer(2, config=True, help="Notebooks graded at a time (`grade -j`).")
    time_limit = Float(300, config=True, help="Seconds per notebook (`grade --time-limit`).")
    memory_limit = Integer(
        2048, config=True, help="Megabytes a notebook may allocate (`grade --memory-limit`)."
    )
    run_timeout = Float(
        0,
        config=True,
        help="""Seconds for a whole run before it is stopped; 0: the time limit times the
        rounds of `jobs` notebooks, plus two minutes.""",
    )
    max_submissions = Integer(
        2000, config=True, help="A run with more notebooks is refused (split it by exercise)."
    )
    keep_runs = Integer(20, config=True, help="Run folders kept in the service's data folder.")

    def __init__(self, store, data_dir, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.folder = os.path.join(data_dir, "grading")
        self.log_book = jobs.JobLog(store)
        self.current = None  # the pk of the running job
        self.config_problem = None  # set when the settings could not be read
        self._process = None
        self._task = None

    # -- set-up -------------------------------------------------------------------------

    def cli(self):
        """The command line of the mltutor CLI; raises GradingUnavailable."""
        if self.command:
            program = self.command[0]
            found = program if os.path.isabs(program) else shutil.which(program)
            if not found or not os.access(found, os.X_OK):
                raise GradingUnavailable(
                    f"c.ClassGrader.command names {program!r}, which is not an executable"
                )
            return [found] + list(self.command[1:])
        on_path = shutil.which("mltutor")
        if on_path:
            return [on_path]
        script = os.path.join(HERE, "..", "..", "bin", "mltutor.js")
        if os.path.isfile(script):
            command = _node_script_command(os.path.abspath(script))
            if command:
                return command
        raise GradingUnavailable(
            "The mltutor command was not found: install the npm package jupyterlab-mltutor "
            "where the class service runs, or set c.ClassGrader.command."
        )

    def pack_folder(self, cli):
        if self.pack:
            if not os.path.exists(self.pack):
                raise GradingUnavailable(f"c.ClassGrader.pack: {self.pack} does not exist")
            return self.pack
        script = os.path.realpath(cli[-1])
        bundled = os.path.join(os.path.dirname(os.path.dirname(script)), "exercises")
        if os.path.isfile(os.path.join(bundled, "pack.json")):
            return bundled
        raise GradingUnavailable(
            "No pack to grade against: set c.ClassGrader.pack to the graded copy of the pack."
        )

    def settings_problem(self):
        """Why the dashboard cannot grade, or None (shown beside the button)."""
        if self.config_problem:
            return self.config_problem
        try:
            self.pack_folder(self.cli())
            if not self.homes_root:
                raise GradingUnavailable(
                    "c.ClassGrader.homes_root is not set: the folder of the learners' homes."
                )
        except GradingUnavailable as error:
            return str(error)
        return None

    def timeout_for(self, count):
        if self.run_timeout > 0:
            return self.run_timeout
        rounds = math.ceil(max(count, 1) / max(self.jobs, 1))
        return self.time_limit * rounds + 120

    # -- a run --------------------------------------------------------------------------

    def status(self):
        return jobs.job_view(self.log_book.latest())

    def start(self, scope, requested_by):
        """Queues a run of `scope` ("pack/exercise" or "" for all); raises JobRunning."""
        if self.current is not None:
            raise JobRunning(jobs.job_view(self.log_book.get(self.current)))
        problem = self.settings_problem()
        if problem:
            raise GradingUnavailable(problem)
        job = self.log_book.create(scope, requested_by)
        # Taken before the first await: a second press on the same loop sees it.
        self.current = job.pk
        self._task = asyncio.ensure_future(self._run(job.pk, scope))
        return jobs.job_view(job)

    async def _run(self, pk, scope):
        loop = asyncio.get_running_loop()
        try:
            known = await loop.run_in_executor(None, self.store.known_exercises)
            submissions, missing = await loop.run_in_executor(
                None, find_submissions, self.homes_root, self.exercise_folder, scope, known
            )
            if len(submissions) > self.max_submissions:
                raise GradingUnavailable(
                    f"{len(submissions)} notebooks: more than c.ClassGrader.max_submissions "
                    f"({self.max_submissions}); grade one exercise at a time"
                )
            if not submissions and not missing:
                raise GradingUnavailable(
                    f"No learner's notebook found in {self.homes_root}"
                    + (f" for {scope}" if scope else "")
                )
            self.log_book.update(
                pk, state=jobs.RUNNING, submissions=len(submissions), missing=len(missing)
            )
            self.store.changed()
            folder = os.path.join(self.folder, f"run-{pk}")
            os.makedirs(folder, exist_ok=True)
            book = None
            if submissions:
                book = await self._grade(pk, submissions, folder)
            rows = self._rows(book, submissions, missing, folder)
            await loop.run_in_executor(None, self.store.record_verified_many, rows)
            self.log_book.update(pk, state=jobs.DONE)
            self._prune()
        except asyncio.CancelledError:
            self.log_book.update(pk, state=jobs.FAILED, error="The run was stopped.")
            raise
        except Exception as error:  # a fault fails this run, never the service
            self.log.warning("grading run %s failed: %s", pk, error)
            self.log_book.update(pk, state=jobs.FAILED, error=str(error)[:2000])
        finally:
            self.current = None
            self._process = None
            self.store.changed()

    async def _grade(self, pk, submissions, folder):
        cli = self.cli()
        out = os.path.join(folder, "gradebook.csv")
        argv = cli + ["grade"] + [s.path for s in submissions] + [
            "--pack", self.pack_folder(cli),
            "-j", str(self.jobs),
            "--out", out,
            "--time-limit", f"{self.time_limit:g}",
            "--memory-limit", str(self.memory_limit),
        ]
        self.log.info("grading run %s: %d notebook(s)", pk, len(submissions))
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=folder,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own process group: a stop reaches its kernels
        )
        self._process = process
        paths = {s.path for s in submissions}
        tail = deque(maxlen=20)
        graded = 0

        async def read_progress():
            nonlocal graded
            with open(os.path.join(folder, "grade.log"), "w", encoding="utf-8") as log:
                async for raw in process.stderr:
                    line = raw.decode("utf-8", "replace").rstrip("\n")
                    log.write(line + "\n")
                    tail.append(line)
                    match = PROGRESS.search(line)
                    if match and match.group(1) in paths:
                        graded += 1
                        self.log_book.update(pk, graded=graded)
            await process.wait()

        timeout = self.timeout_for(len(submissions))
        try:
            await asyncio.wait_for(read_progress(), timeout)
        except asyncio.TimeoutError:
            self.stop_process()
            await process.wait()
            raise GradingUnavailable(f"The run took longer than {timeout:g} s and was stopped.")
        except asyncio.CancelledError:
            self.stop_process()
            raise
        book_path = os.path.join(folder, "gradebook.json")
        if process.returncode not in (0, 1) or not os.path.exists(book_path):
            raise GradingUnavailable(
                f"mltutor grade exited with status {process.returncode}: "
                + ("\n".join(tail)[-1500:] or "no output")
            )
        return read_gradebook(book_path)

    def _rows(self, book, submissions, missing, folder):
        """Verified rows for every graded notebook and every missing one."""
        by_path = {s.path: s.learner for s in submissions}
        source = os.path.join(folder, "gradebook.json")
        rows = verified_rows(book, source, lambda sub: by_path.get(sub.get("path"))) if book else []
        # A missing notebook scores nothing out of what the exercise gives the others.
        most = {}
        for row in rows:
            key = (row["pack"], row["exercise"])
            most[key] = max(most.get(key) or 0, row["max_points"] or 0)
        for m in missing:
            rows.append(
                {
                    "learner": m.learner,
                    "pack": m.pack,
                    "exercise": m.exercise,
                    "status": "missing",
                    "points": 0,
                    "max_points": most.get((m.pack, m.exercise)),
                    "source": source,
                    "details": {"problems": [m.reason]},
                }
            )
        return rows

    def stop_process(self):
        """Stops the running grade (its process group): asked first, killed 5 s later.

        Its kernels have sessions of their own and end with their parent.
        """
        process = self._process
        if process is None or process.returncode is not None:
            return

        def send(sig):
            if process.returncode is None:
                try:
                    os.killpg(process.pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass

        send(signal.SIGTERM)
        try:
            asyncio.get_running_loop().call_later(5, send, signal.SIGKILL)
        except RuntimeError:  # no loop (the service is exiting): no time to be polite
            send(signal.SIGKILL)

    def _prune(self):
        try:
            runs = sorted(
                (int(n[4:]), n) for n in os.listdir(self.folder)
                if n.startswith("run-") and n[4:].isdigit()
            )
        except FileNotFoundError:
            return
        for _, name in runs[: max(len(runs) - self.keep_runs, 0)]:
            shutil.rmtree(os.path.join(self.folder, name), ignore_errors=True)
