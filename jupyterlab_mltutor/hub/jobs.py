"""The dashboard's grading runs in the class database, so their state outlives a page
reload and a service restart (a run the restart interrupted is marked failed)."""
from datetime import datetime, timezone

from sqlalchemy import select, update

from .db import GradingJob

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
UNFINISHED = (QUEUED, RUNNING)


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _iso(moment):
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def job_view(job):
    """What the page shows of a run."""
    if job is None:
        return None
    end = job.finished_at or (_now() if job.started_at else None)
    return {
        "id": job.pk,
        "scope": job.scope,
        "state": job.state,
        "requestedBy": job.requested_by,
        "createdAt": _iso(job.created_at),
        "startedAt": _iso(job.started_at),
        "finishedAt": _iso(job.finished_at),
        "elapsedSeconds": round((end - job.started_at).total_seconds(), 1)
        if job.started_at and end
        else None,
        "submissions": job.submissions,
        "graded": job.graded,
        "missing": job.missing,
        "error": job.error,
    }


class JobLog:
    """Grading runs, newest last; one store per class."""

    def __init__(self, store):
        self.Session = store.Session
        self._interrupted()

    def _interrupted(self):
        with self.Session() as session:
            session.execute(
                update(GradingJob)
                .where(GradingJob.state.in_(UNFINISHED))
                .values(
                    state=FAILED,
                    finished_at=_now(),
                    error="The class service stopped during this run; press Grade again.",
                )
            )
            session.commit()

    def create(self, scope, requested_by):
        with self.Session() as session:
            job = GradingJob(
                scope=scope, state=QUEUED, requested_by=requested_by, created_at=_now()
            )
            session.add(job)
            session.commit()
            return job

    def update(self, pk, **values):
        if values.get("state") == RUNNING:
            values.setdefault("started_at", _now())
        if values.get("state") in (DONE, FAILED):
            values.setdefault("finished_at", _now())
        with self.Session() as session:
            session.execute(update(GradingJob).where(GradingJob.pk == pk).values(**values))
            session.commit()

    def get(self, pk):
        with self.Session() as session:
            return session.get(GradingJob, pk)

    def latest(self):
        with self.Session() as session:
            return session.execute(
                select(GradingJob).order_by(GradingJob.pk.desc()).limit(1)
            ).scalar_one_or_none()
