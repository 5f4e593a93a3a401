"""Verified results from `mltutor grade`'s gradebook.json into the class database.

    python -m jupyterlab_mltutor.hub import-gradebook gradebook.json [--db URL]

A graded run is verified (clean kernel, sealed harness), unlike what labs report; the
dashboard shows it beside the live state and marks where they disagree.
"""
import json
import os
from datetime import datetime, timezone

# How many reasons of each kind are kept per result: enough to explain, not a log.
MAX_REASONS = 20
MAX_REASON_TEXT = 300


def verified_status(submission):
    """'pass' only for a graded submission with no failing check and no tampering."""
    if submission.get("status") != "graded":
        return submission.get("stopped") or submission.get("status") or "error"
    if submission.get("tampering"):
        return "tampering"
    return "fail" if submission.get("failing") else "pass"


def read_gradebook(path):
    """The gradebook's JSON; raises ValueError for anything else."""
    with open(path, encoding="utf-8") as f:
        book = json.load(f)
    if not isinstance(book, dict) or book.get("kind") != "mltutor-gradebook" or (
        book.get("format") != 1
    ):
        raise ValueError(f"{path} is not an mltutor gradebook (format 1)")
    return book


def graded_time(text):
    """The gradebook's ISO time as the naive UTC datetime the database keeps; None if unreadable."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _reasons(value):
    if not isinstance(value, list):
        return []
    return [str(item)[:MAX_REASON_TEXT] for item in value[:MAX_REASONS]]


def verified_row(sub, learner, source):
    """A submission of the gradebook as record_verified's arguments."""
    problems = _reasons(sub.get("problems"))
    if sub.get("stopped"):
        problems.insert(0, f"stopped: {sub['stopped']}")
    return {
        "learner": learner,
        "pack": sub.get("pack") or "",
        "exercise": sub["exercise"],
        "status": verified_status(sub),
        "points": sub.get("points"),
        "max_points": sub.get("max_points"),
        "tampering_suspected": bool(sub.get("tampering")),
        "source": source,
        "graded_at": graded_time(sub.get("graded_at")),
        "details": {
            "failing": _reasons(sub.get("failing")),
            "tampering": _reasons(sub.get("tampering")),
            "problems": problems,
        },
    }


def verified_rows(book, source, learner_of=None):
    """The gradebook's submissions that name a learner and an exercise, as rows to store.

    `learner_of(submission)` says whose it is (the dashboard's grading knows each
    notebook's home); by default the gradebook's own `learner` is used.
    """
    rows = []
    for sub in book.get("submissions", []):
        if not isinstance(sub, dict):
            continue
        learner = learner_of(sub) if learner_of else sub.get("learner")
        if not (isinstance(learner, str) and learner):
            continue
        if not (isinstance(sub.get("exercise"), str) and sub["exercise"]):
            continue
        rows.append(verified_row(sub, learner, source))
    return rows


def import_gradebook(store, path):
    """Records every submission of the gradebook; returns how many were recorded."""
    book = read_gradebook(path)
    rows = verified_rows(book, os.path.abspath(path))
    if rows:
        store.record_verified_many(rows)
    return len(rows)
