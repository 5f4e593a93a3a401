"""What the class dashboard knows: verdict events in, the class's state out.

Events are self-reported by the learners' labs (a learner can forge them from their own
kernel or token); the learner's name is never taken from an event, only from the hub.
"""
import csv
import io
import json
import secrets
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .db import CellState, Event, ExerciseState, VerifiedResult, open_database

KINDS = {"check", "hint", "solution", "progress"}
EXERCISE_STATUSES = {"not-started", "in-progress", "passed", "solution-revealed"}
MAX_TEXT = 200
MAX_MESSAGE = 2000
MAX_CHECKS = 50


class InvalidEvent(ValueError):
    """An event that can never be stored (acknowledged so the lab stops resending it)."""


def _text(value, name, limit=MAX_TEXT, required=True):
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value) or len(value) > limit:
        raise InvalidEvent(f"{name} must be text of at most {limit} characters")
    return value


def _count(value, name):
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 1_000_000:
        raise InvalidEvent(f"{name} must be a count")
    return value


def _checks(value):
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_CHECKS:
        raise InvalidEvent("checks must be a list")
    checks = []
    for check in value:
        if not isinstance(check, dict):
            raise InvalidEvent("each check must be an object")
        checks.append(
            {
                "id": _text(check.get("id"), "check id"),
                "status": _text(check.get("status"), "check status", 32),
                "message": _text(check.get("message", ""), "message", MAX_MESSAGE, False) or "",
            }
        )
    return checks


def parse_event(raw):
    """The fields of an event, validated; raises InvalidEvent."""
    if not isinstance(raw, dict):
        raise InvalidEvent("an event must be an object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InvalidEvent(f"kind must be one of {sorted(KINDS)}")
    status = raw.get("exerciseStatus", "in-progress")
    if status not in EXERCISE_STATUSES:
        raise InvalidEvent("exerciseStatus is not a status")
    return {
        "event_id": _text(raw.get("id"), "id", 100),
        "kind": kind,
        "pack": _text(raw.get("pack"), "pack"),
        "exercise": _text(raw.get("exercise"), "exercise"),
        "title": _text(raw.get("title", ""), "title", 300, False) or "",
        "cell": _text(raw.get("cell"), "cell"),
        "verdict": _text(raw.get("verdict"), "verdict", 32, False),
        "attempts": _count(raw.get("attempts", 0), "attempts"),
        "hints_used": _count(raw.get("hintsUsed", 0), "hintsUsed"),
        "solution_revealed": bool(raw.get("solutionRevealed", False)),
        "passed": bool(raw.get("passed", False)),
        "exercise_status": status,
        "checks": _checks(raw.get("checks")),
        "client_time": _text(raw.get("time"), "time", 40, False),
    }


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class ClassStore:
    """The class's events and state in a SQL database."""

    def __init__(self, url):
        self.url = url
        self.engine, self.Session = open_database(url)
        # The dashboard redraws when the version differs from the last it drew: a
        # counter alone starts at 0 again when the hub restarts the service, and a
        # replayed batch then looked like nothing new.
        self._started = secrets.token_hex(4)
        self._changes = 0

    @property
    def version(self):
        """Changes whenever the class's state may have: unique across restarts."""
        return f"{self._started}-{self._changes}"

    def changed(self):
        """Marks the state as changed, so every open dashboard draws it again."""
        self._changes += 1

    def ingest(self, learner, events):
        """Stores new events of `learner`; returns the ids that need no resend and the count new.

        A batch is stored in one transaction (a commit per event made the service the
        class's bottleneck under a burst); if another request stored one of these events
        meanwhile, the batch is stored again event by event.
        """
        acknowledged, valid = [], {}
        for raw in events:
            event_id = raw.get("id") if isinstance(raw, dict) else None
            try:
                fields = parse_event(raw)
            except InvalidEvent:
                if isinstance(event_id, str):
                    acknowledged.append(event_id)  # never storable: do not ask again
                continue
            valid.setdefault(fields["event_id"], fields)
            acknowledged.append(fields["event_id"])
        try:
            new = self._store_batch(learner, list(valid.values()))
        except IntegrityError:
            new = sum(self._store(learner, fields) for fields in valid.values())
        if new:
            self.changed()
        return acknowledged, new

    def _store_batch(self, learner, batch):
        if not batch:
            return 0
        with self.Session() as session:
            seen = set(
                session.execute(
                    select(Event.event_id).where(
                        Event.learner == learner,
                        Event.event_id.in_([f["event_id"] for f in batch]),
                    )
                ).scalars()
            )
            fresh = [f for f in batch if f["event_id"] not in seen]
            now, states = _now(), {}
            for f in fresh:
                self._add_event(session, learner, f, now, states)
            session.commit()
            return len(fresh)

    def _store(self, learner, f):
        with self.Session() as session:
            seen = session.execute(
                select(Event.pk).where(Event.learner == learner, Event.event_id == f["event_id"])
            ).first()
            if seen:
                return False
            self._add_event(session, learner, f, _now())
            try:
                session.commit()
            except IntegrityError:  # the same event from another request, just now
                session.rollback()
                return False
            return True

    def _add_event(self, session, learner, f, now, states=None):
        """Adds one event and its effect on the cell's and exercise's state.

        `states` keeps the rows a batch already touched, so that a burst on one cell
        reads its state once, not once per event.
        """
        states = {} if states is None else states
        session.add(
            Event(
                learner=learner,
                event_id=f["event_id"],
                kind=f["kind"],
                pack=f["pack"],
                exercise=f["exercise"],
                cell=f["cell"],
                verdict=f["verdict"],
                attempts=f["attempts"],
                hints_used=f["hints_used"],
                solution_revealed=f["solution_revealed"],
                checks=json.dumps(f["checks"]),
                client_time=f["client_time"],
                received_at=now,
            )
        )
        self._update_cell(session, learner, f, now, states)
        self._update_exercise(session, learner, f, now, states)

    def _update_cell(self, session, learner, f, now, states):
        key = dict(learner=learner, pack=f["pack"], exercise=f["exercise"], cell=f["cell"])
        state = states.get(("cell", f["pack"], f["exercise"], f["cell"]))
        if state is None:
            state = session.execute(select(CellState).filter_by(**key)).scalar_one_or_none()
        if state is None:
            state = CellState(
                **key, attempts=0, hints_used=0, solution_revealed=False, passed=False
            )
            session.add(state)
        states[("cell", f["pack"], f["exercise"], f["cell"])] = state
        # Counters only grow: events may arrive out of order after an outbox replay.
        if f["attempts"] >= (state.attempts or 0) and f["verdict"]:
            state.verdict = f["verdict"]
        state.attempts = max(state.attempts or 0, f["attempts"])
        state.hints_used = max(state.hints_used or 0, f["hints_used"])
        state.solution_revealed = bool(state.solution_revealed or f["solution_revealed"])
        state.passed = bool(state.passed or f["passed"] or f["verdict"] == "pass")
        state.updated_at = now

    def _update_exercise(self, session, learner, f, now, states):
        key = dict(learner=learner, pack=f["pack"], exercise=f["exercise"])
        state = states.get(("exercise", f["pack"], f["exercise"]))
        if state is None:
            state = session.execute(select(ExerciseState).filter_by(**key)).scalar_one_or_none()
        if state is None:
            state = ExerciseState(**key)
            session.add(state)
        states[("exercise", f["pack"], f["exercise"])] = state
        state.title = f["title"] or state.title or f["exercise"]
        rank = ["not-started", "in-progress", "passed", "solution-revealed"]
        current = state.status or "not-started"
        # A status never goes back (passed stays passed; a revealed solution stays revealed).
        if rank.index(f["exercise_status"]) >= rank.index(current):
            state.status = f["exercise_status"]
        state.updated_at = now

    def record_verified(
        self, learner, pack, exercise, status, *, cell="", points=None, max_points=None,
        tampering_suspected=False, source="", graded_at=None, details=None,
    ):
        """Stores a result verified in a clean kernel (replaces the previous one).

        `graded_at` is when the run graded it (default now); `details` is a dict of
        lists ("failing", "tampering", "problems") the dashboard shows as the reasons.
        """
        with self.Session() as session:
            self._put_verified(
                session, learner, pack, exercise, status, cell, points, max_points,
                tampering_suspected, source, graded_at, details,
            )
            session.commit()
        self.changed()

    def record_verified_many(self, results):
        """Stores many verified results in one transaction (a whole gradebook at once).

        `results` holds dicts of record_verified's arguments.
        """
        with self.Session() as session:
            for r in results:
                self._put_verified(
                    session, r["learner"], r["pack"], r["exercise"], r["status"],
                    r.get("cell", ""), r.get("points"), r.get("max_points"),
                    r.get("tampering_suspected", False), r.get("source", ""),
                    r.get("graded_at"), r.get("details"),
                )
            session.commit()
        self.changed()

    def _put_verified(
        self, session, learner, pack, exercise, status, cell, points, max_points,
        tampering_suspected, source, graded_at, details,
    ):
        key = dict(learner=learner, pack=pack, exercise=exercise, cell=cell)
        row = session.execute(select(VerifiedResult).filter_by(**key)).scalar_one_or_none()
        if row is None:
            row = VerifiedResult(**key)
            session.add(row)
        row.status = status
        row.points = points
        row.max_points = max_points
        row.tampering_suspected = bool(tampering_suspected)
        row.source = (source or "")[:500]
        row.graded_at = graded_at or _now()
        row.details = json.dumps(details) if details else None
        # Flushed now, so a second result for the same key in one transaction updates it.
        session.flush()

    def known_exercises(self):
        """(learner, pack, exercise) of every exercise a lab has reported on."""
        with self.Session() as session:
            return [
                tuple(row)
                for row in session.execute(
                    select(ExerciseState.learner, ExerciseState.pack, ExerciseState.exercise)
                ).all()
            ]

    def class_view(self):
        """Learners x exercises, per-exercise summaries, and the checks the class fails most."""
        with self.Session() as session:
            exercises = session.execute(select(ExerciseState)).scalars().all()
            cells = session.execute(select(CellState)).scalars().all()
            verified = session.execute(select(VerifiedResult)).scalars().all()
            check_events = session.execute(
                select(Event.learner, Event.pack, Event.exercise, Event.cell, Event.checks).where(
                    Event.kind == "check"
                )
            ).all()
        return build_view(exercises, cells, verified, check_events, self.version)

    def csv(self):
        view = self.class_view()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "learner", "pack", "exercise", "title", "status", "attempts", "hints_used",
                "solution_revealed", "verified_status", "verified_points", "verified_max_points",
                "verified_graded_at", "tampering_suspected", "live_pass_not_confirmed",
            ]
        )
        titles = {(e["pack"], e["exercise"]): e["title"] for e in view["exercises"]}
        for learner in view["learners"]:
            for (pack, exercise), title in titles.items():
                entry = view["grid"].get(learner, {}).get(f"{pack}/{exercise}")
                if entry is None:
                    continue
                verified = entry.get("verified") or {}
                writer.writerow(
                    [
                        learner, pack, exercise, title, entry["status"], entry["attempts"],
                        entry["hints"], entry["solutionRevealed"], verified.get("status", ""),
                        _blank(verified.get("points")), _blank(verified.get("maxPoints")),
                        _blank(verified.get("gradedAt")),
                        bool(verified.get("tamperingSuspected")), bool(entry.get("disagrees")),
                    ]
                )
        return out.getvalue()


def _blank(value):
    return "" if value is None else value


def disagrees(live_status, verified_status):
    """Whether the learner's lab says passed and the clean-kernel run does not.

    That is the case to look at: a live check fooled from the learner's kernel, a
    notebook changed after the pass, or one that is gone ("missing"). The other way
    round (verified pass, live not passed) is a learner who has not checked yet.
    """
    return live_status == "passed" and verified_status != "pass"


def _details(raw):
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: [str(x) for x in v] for k, v in value.items() if isinstance(v, list)}


def _iso(moment):
    """UTC datetimes are stored naive; the page wants them marked as UTC."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def build_view(exercises, cells, verified, check_events, version):
    grid = {}
    live_at = {(e.learner, f"{e.pack}/{e.exercise}"): e.updated_at for e in exercises}
    for e in exercises:
        grid.setdefault(e.learner, {})[f"{e.pack}/{e.exercise}"] = {
            "status": e.status,
            "attempts": 0,
            "hints": 0,
            "solutionRevealed": False,
            "verified": None,
        }
    for c in cells:
        entry = grid.setdefault(c.learner, {}).setdefault(
            f"{c.pack}/{c.exercise}",
            {"status": "in-progress", "attempts": 0, "hints": 0, "solutionRevealed": False,
             "verified": None},
        )
        entry["attempts"] += c.attempts
        entry["hints"] += c.hints_used
        entry["solutionRevealed"] = entry["solutionRevealed"] or c.solution_revealed
    for v in verified:
        if v.cell:
            continue
        entry = grid.setdefault(v.learner, {}).setdefault(
            f"{v.pack}/{v.exercise}",
            {"status": "not-started", "attempts": 0, "hints": 0, "solutionRevealed": False},
        )
        details = _details(v.details)
        entry["verified"] = {
            "status": v.status,
            "points": v.points,
            "maxPoints": v.max_points,
            "tamperingSuspected": v.tampering_suspected,
            "gradedAt": _iso(v.graded_at),
            "failing": details.get("failing", []),
            "tampering": details.get("tampering", []),
            "problems": details.get("problems", []),
            # The lab reported after the run: the notebook may have changed since.
            "beforeLiveChange": bool(
                live_at.get((v.learner, f"{v.pack}/{v.exercise}"))
                and live_at[(v.learner, f"{v.pack}/{v.exercise}")] > v.graded_at
            ),
        }
        entry["disagrees"] = disagrees(entry["status"], v.status)
    failures = {}
    for learner, pack, exercise, cell, checks_json in check_events:
        for check in json.loads(checks_json or "[]"):
            if check.get("status") == "pass":
                continue
            key = (pack, exercise, cell, check.get("id"))
            item = failures.setdefault(
                key, {"cell": cell, "check": check.get("id"), "count": 0, "learners": set(),
                      "message": ""}
            )
            item["count"] += 1
            item["learners"].add(learner)
            item["message"] = check.get("message") or item["message"]
    summaries = []
    seen = sorted({(e.pack, e.exercise, e.title) for e in exercises})
    for pack, exercise, title in seen:
        key = f"{pack}/{exercise}"
        statuses = [row[key]["status"] for row in grid.values() if key in row]
        graded = [row[key] for row in grid.values() if row.get(key, {}).get("verified")]
        failing = sorted(
            (f for (p, x, _, _), f in failures.items() if (p, x) == (pack, exercise)),
            key=lambda f: (-len(f["learners"]), -f["count"], f["check"] or ""),
        )[:5]
        summaries.append(
            {
                "pack": pack,
                "exercise": exercise,
                "title": title,
                "started": len(statuses),
                "passed": statuses.count("passed"),
                "solutionRevealed": statuses.count("solution-revealed"),
                "graded": len(graded),
                "verifiedPassed": sum(e["verified"]["status"] == "pass" for e in graded),
                "notConfirmed": sum(bool(e.get("disagrees")) for e in graded),
                "mostFailed": [
                    {**f, "learners": len(f["learners"])} for f in failing
                ],
            }
        )
    return {
        "version": version,
        "learners": sorted(grid),
        "exercises": summaries,
        "grid": grid,
        "selfReported": True,
    }
