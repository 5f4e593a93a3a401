"""The class dashboard's tables (SQLAlchemy): SQLite by default, PostgreSQL by URL.

`events` keeps every verdict event once (the learner's name and the lab's event id are
unique together, so a resend after a lost acknowledgement counts once); `cell_states`
is each learner's latest state per checked cell, what the dashboard shows;
`verified_results` is where graded runs in clean kernels (`mltutor grade`) put what
they verified, shown beside the self-reported state; `grading_jobs` are the runs an
instructor started from the dashboard.
"""
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("learner", "event_id", name="uq_learner_event"),)

    pk = Column(Integer, primary_key=True, autoincrement=True)
    learner = Column(String(255), nullable=False, index=True)
    event_id = Column(String(100), nullable=False)
    kind = Column(String(32), nullable=False)
    pack = Column(String(200), nullable=False)
    exercise = Column(String(200), nullable=False)
    cell = Column(String(200), nullable=False)
    verdict = Column(String(32))
    attempts = Column(Integer, nullable=False, default=0)
    hints_used = Column(Integer, nullable=False, default=0)
    solution_revealed = Column(Boolean, nullable=False, default=False)
    # JSON list of {"id", "status", "message"}: the checks of this verdict.
    checks = Column(Text, nullable=False, default="[]")
    client_time = Column(String(40))
    received_at = Column(DateTime, nullable=False)


class CellState(Base):
    __tablename__ = "cell_states"
    __table_args__ = (
        UniqueConstraint("learner", "pack", "exercise", "cell", name="uq_cell_state"),
    )

    pk = Column(Integer, primary_key=True, autoincrement=True)
    learner = Column(String(255), nullable=False, index=True)
    pack = Column(String(200), nullable=False)
    exercise = Column(String(200), nullable=False)
    cell = Column(String(200), nullable=False)
    verdict = Column(String(32))
    attempts = Column(Integer, nullable=False, default=0)
    hints_used = Column(Integer, nullable=False, default=0)
    solution_revealed = Column(Boolean, nullable=False, default=False)
    passed = Column(Boolean, nullable=False, default=False)
    updated_at = Column(DateTime, nullable=False)


class ExerciseState(Base):
    """Each learner's status per exercise, as their lab computed it (self-reported)."""

    __tablename__ = "exercise_states"
    __table_args__ = (UniqueConstraint("learner", "pack", "exercise", name="uq_exercise_state"),)

    pk = Column(Integer, primary_key=True, autoincrement=True)
    learner = Column(String(255), nullable=False, index=True)
    pack = Column(String(200), nullable=False)
    exercise = Column(String(200), nullable=False)
    title = Column(String(300), nullable=False, default="")
    status = Column(String(32), nullable=False, default="not-started")
    updated_at = Column(DateTime)


class VerifiedResult(Base):
    """A result verified by a graded run in a clean kernel (written by `mltutor grade` imports)."""

    __tablename__ = "verified_results"
    __table_args__ = (
        UniqueConstraint("learner", "pack", "exercise", "cell", name="uq_verified"),
    )

    pk = Column(Integer, primary_key=True, autoincrement=True)
    learner = Column(String(255), nullable=False, index=True)
    pack = Column(String(200), nullable=False)
    exercise = Column(String(200), nullable=False)
    # "" for a result of the whole exercise.
    cell = Column(String(200), nullable=False, default="")
    status = Column(String(32), nullable=False)
    points = Column(Float)
    max_points = Column(Float)
    tampering_suspected = Column(Boolean, nullable=False, default=False)
    graded_at = Column(DateTime, nullable=False)
    source = Column(String(500), nullable=False, default="")
    # JSON {"failing": [...], "tampering": [...], "problems": [...]}: what the
    # instructor reads to see why; added after the first release (see _add_columns).
    details = Column(Text)


class GradingJob(Base):
    """A grading run started from the dashboard; one runs at a time per class."""

    __tablename__ = "grading_jobs"

    pk = Column(Integer, primary_key=True, autoincrement=True)
    # "pack/exercise", or "" for every exercise.
    scope = Column(String(401), nullable=False, default="")
    # queued, running, done, failed
    state = Column(String(16), nullable=False)
    requested_by = Column(String(255), nullable=False, default="")
    created_at = Column(DateTime, nullable=False)
    started_at = Column(DateTime)
    finished_at = Column(DateTime)
    submissions = Column(Integer, nullable=False, default=0)
    graded = Column(Integer, nullable=False, default=0)
    missing = Column(Integer, nullable=False, default=0)
    error = Column(Text)
    folder = Column(String(500), nullable=False, default="")


# Columns added to existing tables after their first release: (table, column, SQL type).
_LATER_COLUMNS = [("verified_results", "details", "TEXT")]


def _add_columns(engine):
    """`create_all` makes missing tables, never missing columns: add those of a newer version."""
    inspector = inspect(engine)
    for table, column, sql_type in _LATER_COLUMNS:
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            with engine.begin() as connection:
                connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


def open_database(url):
    """An engine and a session factory with the tables created."""
    options = {}
    if url.startswith("sqlite"):
        # The service answers from one thread; SQLite is told not to check.
        options["connect_args"] = {"check_same_thread": False}
    engine = create_engine(url, future=True, **options)
    Base.metadata.create_all(engine)
    _add_columns(engine)
    return engine, sessionmaker(engine, future=True, expire_on_commit=False)
