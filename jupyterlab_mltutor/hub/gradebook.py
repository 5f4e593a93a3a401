"""Verified results from `mltutor grade`'s gradebook.json into the class database.

    python -m jupyterlab_mltutor.hub import-gradebook gradebook.json [--db URL]

A graded run is verified (clean kernel, sealed harness), unlike what labs report; the
dashboard shows it beside the live state and marks where they disagree.
"""
import json
import os


def verified_status(submission):
    """'pass' only for a graded submission with no failing check and no tampering."""
    if submission.get("status") != "graded":
        return submission.get("stopped") or submission.get("status") or "error"
    if submission.get("tampering"):
        return "tampering"
    return "fail" if submission.get("failing") else "pass"


def import_gradebook(store, path):
    """Records every submission of the gradebook; returns how many were recorded."""
    with open(path, encoding="utf-8") as f:
        book = json.load(f)
    if book.get("kind") != "mltutor-gradebook" or book.get("format") != 1:
        raise ValueError(f"{path} is not an mltutor gradebook (format 1)")
    count = 0
    for sub in book.get("submissions", []):
        if not all(isinstance(sub.get(k), str) and sub.get(k) for k in ("learner", "exercise")):
            continue
        store.record_verified(
            sub["learner"],
            sub.get("pack") or "",
            sub["exercise"],
            verified_status(sub),
            points=sub.get("points"),
            max_points=sub.get("max_points"),
            tampering_suspected=bool(sub.get("tampering")),
            source=os.path.abspath(path),
        )
        count += 1
    return count
