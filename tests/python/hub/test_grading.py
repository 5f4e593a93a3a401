"""Grading the class from the dashboard: finding notebooks in homes, a run's life
(queued, running, done or failed), one run at a time, a broken notebook, and what the
dashboard marks. The runs use the real `mltutor grade` (node bin/mltutor.js, real
kernels) on the grading fixture pack; only the failure cases use stand-in commands."""
import asyncio
import csv
import io
import json
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from jupyterlab_mltutor.hub import jobs
from jupyterlab_mltutor.hub.grading import ClassGrader, GradingUnavailable, JobRunning
from jupyterlab_mltutor.hub.store import ClassStore, disagrees
from jupyterlab_mltutor.hub.submissions import find_submissions

REPO = Path(__file__).resolve().parents[3]

PACK = REPO / "tests" / "fixtures" / "grading" / "pack"
CLI = REPO / "bin" / "mltutor.js"
NODE = shutil.which("node")
KEY = "grading-fixture/squares"
ANSWERS = {
    "squares": "def squares(n):\n    if n < 1:\n        raise ValueError('n')\n"
    "    return [i * i for i in range(1, n + 1)]",
    "total": "total = sum(squares(4))",
    "table": "import pandas as pd\ntable = pd.DataFrame({'n': [1, 2, 3], 'square': squares(3)})",
    "word": "word = 'squares'",
}
# Fools a live check (its __eq__ is always True), not the graded run.
FOOLING = "class Always:\n    def __eq__(self, other):\n        return True\ntotal = Always()"


def write_notebook(homes, learner, total=ANSWERS["total"], name="squares.ipynb"):
    notebook = json.loads((PACK / "squares" / "squares.ipynb").read_text())
    notebook["metadata"]["mltutor"] = {
        "pack": "grading-fixture", "exercise": "squares", "version": "1"
    }
    answers = dict(ANSWERS, total=total)
    for cell in notebook["cells"]:
        for tag in cell["metadata"].get("tags", []):
            if tag.startswith("mltutor:"):
                cell["source"] = answers[tag[len("mltutor:"):]]
    folder = Path(homes) / learner / "ml-exercises" / "squares"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(notebook))
    return folder / name


KNOWN_EVENT = {
    "kind": "check", "pack": "grading-fixture", "exercise": "squares", "title": "Squares",
    "cell": "total", "verdict": "pass", "attempts": 1, "passed": True,
    "exerciseStatus": "passed", "checks": [],
}


def live_pass(store, learner):
    store.ingest(learner, [dict(KNOWN_EVENT, id=f"{learner}-squares-pass")])


def make_grader(store, tmp_path, **traits):
    settings = {"homes_root": str(tmp_path / "homes"), "pack": str(PACK), "jobs": 2,
                "time_limit": 120}
    if NODE:
        settings["command"] = [NODE, str(CLI)]
    settings.update(traits)
    (tmp_path / "homes").mkdir(exist_ok=True)
    return ClassGrader(store, str(tmp_path / "data"), **settings)


def stand_in(tmp_path, name, script):
    """An executable standing in for the CLI, for the failure cases only."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return [str(path)]


async def finished(grader, timeout=300):
    deadline = time.monotonic() + timeout
    states = []
    while grader.current is not None:
        state = grader.status()["state"]
        if not states or states[-1] != state:
            states.append(state)
        assert time.monotonic() < deadline, "the run did not finish"
        await asyncio.sleep(0.05)
    states.append(grader.status()["state"])
    return states


# -- finding the class's notebooks ------------------------------------------------------


def test_notebooks_are_found_per_home_renamed_copies_included(tmp_path):
    homes = tmp_path / "homes"
    write_notebook(homes, "ann")
    write_notebook(homes, "ben", name="my squares.ipynb")  # renamed in its folder
    (homes / ".hidden").mkdir()
    found, missing = find_submissions(str(homes))
    assert [(s.learner, s.key, os.path.basename(s.path)) for s in found] == [
        ("ann", KEY, "squares.ipynb"), ("ben", KEY, "my squares.ipynb")
    ]
    assert missing == []
    # Another exercise's scope finds nothing here.
    assert find_submissions(str(homes), scope="grading-fixture/other") == ([], [])


def test_a_broken_or_absent_notebook_is_missing_with_its_reason(tmp_path):
    homes = tmp_path / "homes"
    write_notebook(homes, "ann")
    broken = homes / "ben" / "ml-exercises" / "squares"
    broken.mkdir(parents=True)
    (broken / "squares.ipynb").write_text('{"cells": [')  # cut off mid-save
    outside = tmp_path / "elsewhere.ipynb"
    write_notebook(tmp_path / "x", "y").rename(outside)
    linked = homes / "cat" / "ml-exercises" / "squares"
    linked.mkdir(parents=True)
    (linked / "squares.ipynb").symlink_to(outside)  # another's notebook, linked in
    (homes / "dan").mkdir()  # a home, but the notebook is gone
    known = [("ann", "grading-fixture", "squares"), ("dan", "grading-fixture", "squares"),
             ("eve", "grading-fixture", "squares")]  # eve's home is not on this machine
    found, missing = find_submissions(str(homes), known=known)
    assert [s.learner for s in found] == ["ann"]
    reasons = {m.learner: (m.pack, m.exercise, m.reason) for m in missing}
    assert set(reasons) == {"ben", "cat", "dan"}
    assert reasons["ben"][:2] == ("grading-fixture", "squares")
    assert "cannot be read" in reasons["ben"][2]
    assert "links out of the home" in reasons["cat"][2]
    assert reasons["dan"][2] == "no notebook of this exercise"


# -- the mark: live says passed, verified does not --------------------------------------


@pytest.mark.parametrize(
    "live, verified, marked",
    [
        ("passed", "pass", False),
        ("passed", "fail", True),
        ("passed", "tampering", True),
        ("passed", "missing", True),
        ("passed", "time-limit", True),
        ("passed", "error", True),
        ("in-progress", "fail", False),
        ("in-progress", "pass", False),  # solved, not checked yet: nothing to distrust
        ("solution-revealed", "fail", False),
        ("not-started", "missing", False),
    ],
)
def test_the_mark_is_a_live_pass_the_verified_run_does_not_confirm(live, verified, marked):
    assert disagrees(live, verified) is marked


def test_the_view_carries_the_reasons_and_the_time_of_the_run(db_url):
    store = ClassStore(db_url)
    live_pass(store, "ben")
    store.record_verified(
        "ben", "grading-fixture", "squares", "fail", points=5.5, max_points=6.5,
        details={"failing": ["total/total-value"], "tampering": [], "problems": []},
    )
    live_pass(store, "ann")
    store.record_verified("ann", "grading-fixture", "squares", "pass", points=6.5,
                          max_points=6.5)
    view = store.class_view()
    entry = view["grid"]["ben"][KEY]
    assert entry["disagrees"] is True
    assert entry["verified"]["failing"] == ["total/total-value"]
    assert entry["verified"]["gradedAt"].endswith("Z")
    assert entry["verified"]["beforeLiveChange"] is False
    summary = view["exercises"][0]
    assert (summary["graded"], summary["verifiedPassed"], summary["notConfirmed"]) == (2, 1, 1)
    rows = {r["learner"]: r for r in csv.DictReader(io.StringIO(store.csv()))}
    assert rows["ben"]["live_pass_not_confirmed"] == "True"
    assert rows["ann"]["live_pass_not_confirmed"] == "False"
    assert rows["ben"]["verified_graded_at"] == entry["verified"]["gradedAt"]
    # The lab reports again after the run: the graded notebook may be an older one.
    store.ingest("ben", [dict(KNOWN_EVENT, id="ben-later-000001", attempts=2)])
    later = store.class_view()["grid"]["ben"][KEY]["verified"]
    assert later["beforeLiveChange"] is True


# -- a run's life ------------------------------------------------------------------------


def test_a_run_grades_the_class_and_marks_the_fooled_live_pass(db_url, tmp_path):
    # The real CLI grades: npm test builds it; a missing one fails here, never skips.
    assert NODE and (REPO / "lib" / "cli.js").exists(), "build the CLI: npm run build:cli"
    store = ClassStore(db_url)
    grader = make_grader(store, tmp_path)
    homes = tmp_path / "homes"
    write_notebook(homes, "ann")
    write_notebook(homes, "ben", total=FOOLING)
    broken = homes / "cat" / "ml-exercises" / "squares"
    broken.mkdir(parents=True)
    (broken / "squares.ipynb").write_text("not json")
    for learner in ("ann", "ben", "cat"):
        live_pass(store, learner)

    async def run():
        job = grader.start("", "teacher")
        assert job["state"] == jobs.QUEUED and job["requestedBy"] == "teacher"
        # A second press while it runs is refused, and says which run is going.
        with pytest.raises(JobRunning) as second:
            grader.start(KEY, "teacher")
        assert second.value.job["id"] == job["id"]
        started = time.monotonic()
        states = await finished(grader)
        return states, time.monotonic() - started

    states, seconds = asyncio.run(run())
    print(f"grading run of 2 notebooks (+1 broken), -j 2: {seconds:.1f} s")
    assert states[-1] == jobs.DONE, grader.status()
    assert jobs.RUNNING in states
    status = grader.status()
    assert (status["submissions"], status["graded"], status["missing"]) == (2, 2, 1)
    grid = store.class_view()["grid"]
    ann, ben, cat = (grid[n][KEY] for n in ("ann", "ben", "cat"))
    assert ann["verified"]["status"] == "pass" and ann["disagrees"] is False
    assert ann["verified"]["points"] == ann["verified"]["maxPoints"] == 6.5
    assert ben["verified"]["status"] == "fail" and ben["disagrees"] is True
    assert ben["verified"]["points"] < 6.5
    assert any(f.startswith("total/") for f in ben["verified"]["failing"])
    assert cat["verified"]["status"] == "missing" and cat["disagrees"] is True
    assert cat["verified"]["maxPoints"] == 6.5 and cat["verified"]["points"] == 0
    assert "cannot be read" in cat["verified"]["problems"][0]


def test_a_failing_command_fails_the_run_with_its_error_and_frees_the_class(db_url, tmp_path):
    store = ClassStore(db_url)
    grader = make_grader(
        store, tmp_path,
        command=stand_in(tmp_path, "broken-cli", "echo 'mltutor grade: no server' >&2; exit 2"),
    )
    write_notebook(tmp_path / "homes", "ann")

    async def run():
        grader.start(KEY, "teacher")
        return await finished(grader)

    assert asyncio.run(run())[-1] == jobs.FAILED
    status = grader.status()
    assert "exited with status 2" in status["error"] and "no server" in status["error"]
    assert grader.current is None  # the next press may start again


def test_a_run_past_its_time_is_stopped_and_failed(db_url, tmp_path):
    store = ClassStore(db_url)
    grader = make_grader(
        store, tmp_path, run_timeout=1.0,
        command=stand_in(tmp_path, "endless-cli", "exec sleep 60"),
    )
    write_notebook(tmp_path / "homes", "ann")

    async def run():
        grader.start(KEY, "teacher")
        started = time.monotonic()
        states = await finished(grader, timeout=30)
        return states, time.monotonic() - started

    states, seconds = asyncio.run(run())
    assert states[-1] == jobs.FAILED and seconds < 20
    assert "longer than 1 s" in grader.status()["error"]


def test_the_event_loop_keeps_answering_while_a_run_goes(db_url, tmp_path):
    store = ClassStore(db_url)
    grader = make_grader(
        store, tmp_path, command=stand_in(tmp_path, "slow-cli", "sleep 2; exit 2")
    )
    write_notebook(tmp_path / "homes", "ann")

    async def run():
        grader.start(KEY, "teacher")
        ticks = 0
        while grader.current is not None:
            await asyncio.sleep(0.1)
            ticks += 1
        return ticks

    assert asyncio.run(run()) >= 10  # about 20 ticks in 2 s: nothing blocked the loop


def test_nothing_to_grade_and_no_settings_say_why(db_url, tmp_path):
    store = ClassStore(db_url)
    grader = make_grader(store, tmp_path)

    async def run():
        grader.start(KEY, "teacher")
        return await finished(grader)

    if NODE:
        assert asyncio.run(run())[-1] == jobs.FAILED
        assert "No learner's notebook" in grader.status()["error"]
    unset = ClassGrader(store, str(tmp_path / "data2"), pack=str(PACK), command=["true"])
    assert "homes_root" in unset.settings_problem()
    with pytest.raises(GradingUnavailable):
        unset.start("", "teacher")
    if NODE:  # no pack set: the one bundled with the CLI (the npm package ships exercises/)
        bundled = ClassGrader(store, str(tmp_path / "data4"), command=[NODE, str(CLI)])
        assert bundled.pack_folder(bundled.cli()) == str(REPO / "exercises")
    nowhere = ClassGrader(store, str(tmp_path / "data3"), command=["no-such-mltutor"])
    assert "not an executable" in nowhere.settings_problem()


def test_a_run_interrupted_by_a_service_restart_is_marked_failed(db_url, tmp_path):
    store = ClassStore(db_url)
    log = jobs.JobLog(store)
    pk = log.create("", "teacher").pk
    log.update(pk, state=jobs.RUNNING)
    again = jobs.JobLog(ClassStore(db_url))
    job = jobs.job_view(again.latest())
    assert job["state"] == jobs.FAILED and "stopped during this run" in job["error"]


def test_an_older_database_gains_the_details_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE verified_results (pk INTEGER PRIMARY KEY, learner VARCHAR(255) NOT NULL,"
        " pack VARCHAR(200) NOT NULL, exercise VARCHAR(200) NOT NULL, cell VARCHAR(200) NOT NULL,"
        " status VARCHAR(32) NOT NULL, points FLOAT, max_points FLOAT,"
        " tampering_suspected BOOLEAN NOT NULL, graded_at DATETIME NOT NULL,"
        " source VARCHAR(500) NOT NULL)"
    )
    db.commit()
    db.close()
    store = ClassStore(f"sqlite:///{path}")
    store.record_verified("ann", "p", "x", "pass", details={"failing": []})
    assert store.class_view()["grid"]["ann"]["p/x"]["verified"]["status"] == "pass"


def test_broken_grading_settings_switch_grading_off_not_the_dashboard(db_url, tmp_path):
    from jupyterlab_mltutor.hub.service import make_grader

    store = ClassStore(db_url)
    bad = make_grader(store, str(tmp_path), {"MLTUTOR_CLASS_GRADING": "{not json"})
    assert "settings are not valid" in bad.settings_problem()
    config = tmp_path / "grading_config.py"
    config.write_text(f"c.ClassGrader.homes_root = {str(tmp_path)!r}\nc.ClassGrader.jobs = 3\n")
    good = make_grader(store, str(tmp_path), {
        "MLTUTOR_CLASS_GRADING": json.dumps({"jobs": 1, "pack": str(PACK)}),
        "MLTUTOR_CLASS_CONFIG": str(config),
    })
    # The config file wins over the JSON settings; both are read.
    assert (good.jobs, good.homes_root, good.pack) == (3, str(tmp_path), str(PACK))
