"""The class service's storage: events in once, state out, on SQLite and PostgreSQL."""
import csv
import io

from jupyterlab_mltutor.hub.store import ClassStore


def event(event_id, **fields):
    base = {
        "id": event_id,
        "kind": "check",
        "pack": "ml-interview",
        "exercise": "missing-data",
        "title": "Missing data",
        "cell": "count",
        "verdict": "fail",
        "attempts": 1,
        "hintsUsed": 0,
        "solutionRevealed": False,
        "passed": False,
        "exerciseStatus": "in-progress",
        "checks": [{"id": "counts", "status": "fail", "message": "Expected 3 missing, got 2"}],
        "time": "2026-12-01T10:00:00Z",
    }
    base.update(fields)
    return base


def test_an_event_sent_twice_counts_once(db_url):
    store = ClassStore(db_url)
    first = event("ev-0000000000000001")
    assert store.ingest("alice", [first, first]) == (["ev-0000000000000001"] * 2, 1)
    assert store.ingest("alice", [first]) == (["ev-0000000000000001"], 0)
    view = store.class_view()
    assert view["grid"]["alice"]["ml-interview/missing-data"]["attempts"] == 1
    assert view["exercises"][0]["mostFailed"][0]["count"] == 1


def test_the_same_id_from_two_learners_is_two_events(db_url):
    store = ClassStore(db_url)
    shared = event("ev-0000000000000002")
    store.ingest("alice", [shared])
    store.ingest("bob", [shared])
    assert store.class_view()["learners"] == ["alice", "bob"]


def test_the_learner_is_who_the_service_says_never_a_name_in_the_event(db_url):
    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-0000000000000003", learner="mallory", user="mallory")])
    assert store.class_view()["learners"] == ["alice"]


def test_malformed_events_are_acknowledged_and_never_stored(db_url):
    store = ClassStore(db_url)
    bad = [
        event("ev-0000000000000004", kind="grade"),
        event("ev-0000000000000005", attempts=-1),
        event("ev-0000000000000006", pack=""),
        event("ev-0000000000000007", checks="everything passed"),
        "not an event",
    ]
    acknowledged, new = store.ingest("alice", bad)
    assert new == 0
    assert acknowledged == [f"ev-000000000000000{i}" for i in range(4, 8)]
    assert store.class_view()["learners"] == []


def test_counters_only_grow_when_events_arrive_out_of_order(db_url):
    store = ClassStore(db_url)
    later = event("ev-0000000000000009", attempts=3, verdict="pass", passed=True,
                  exerciseStatus="passed", checks=[{"id": "counts", "status": "pass"}])
    earlier = event("ev-0000000000000008", attempts=2, hintsUsed=1)
    store.ingest("alice", [later])
    store.ingest("alice", [earlier])
    entry = store.class_view()["grid"]["alice"]["ml-interview/missing-data"]
    assert entry["attempts"] == 3
    assert entry["hints"] == 1
    assert entry["status"] == "passed"


def test_per_exercise_passes_and_the_checks_the_class_fails_most(db_url):
    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-a000000000000001")])
    store.ingest("bob", [event("ev-b000000000000001")])
    store.ingest("bob", [event("ev-b000000000000002", attempts=2, checks=[
        {"id": "median", "status": "fail", "message": "Fill with the median"},
        {"id": "counts", "status": "pass"},
    ])])
    store.ingest("carol", [event("ev-c000000000000001", verdict="pass", passed=True,
                                 exerciseStatus="passed", checks=[])])
    summary = store.class_view()["exercises"][0]
    assert (summary["started"], summary["passed"]) == (3, 1)
    failed = summary["mostFailed"]
    assert [f["check"] for f in failed] == ["counts", "median"]
    assert failed[0]["learners"] == 2
    assert failed[0]["message"] == "Expected 3 missing, got 2"
    assert failed[1]["message"] == "Fill with the median"


def test_verified_results_sit_beside_live_ones_and_disagreements_are_marked(db_url):
    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-a000000000000002", verdict="pass", passed=True,
                                 exerciseStatus="passed", checks=[])])
    store.record_verified("alice", "ml-interview", "missing-data", "fail", points=1,
                          max_points=3, tampering_suspected=True, source="gradebook.json")
    entry = store.class_view()["grid"]["alice"]["ml-interview/missing-data"]
    assert entry["status"] == "passed"
    verified = {k: entry["verified"][k]
                for k in ("status", "points", "maxPoints", "tamperingSuspected")}
    assert verified == {"status": "fail", "points": 1, "maxPoints": 3,
                        "tamperingSuspected": True}
    assert entry["disagrees"] is True


def test_csv_has_a_row_per_learner_and_exercise(db_url):
    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-a000000000000003")])
    store.ingest("bob", [event("ev-b000000000000003", hintsUsed=2, kind="hint")])
    rows = list(csv.DictReader(io.StringIO(store.csv())))
    assert [(r["learner"], r["status"], r["hints_used"]) for r in rows] == [
        ("alice", "in-progress", "0"),
        ("bob", "in-progress", "2"),
    ]


def test_state_survives_a_service_restart(db_url):
    ClassStore(db_url).ingest("alice", [event("ev-a000000000000004")])
    again = ClassStore(db_url)
    assert again.ingest("alice", [event("ev-a000000000000004")])[1] == 0
    assert again.class_view()["learners"] == ["alice"]


def test_the_view_version_changes_across_a_service_restart(db_url):
    """The dashboard redraws only when the version changes: a restarted service that
    counted from zero again showed a replayed batch as "nothing new" (the page went stale)."""
    before = ClassStore(db_url)
    before.ingest("dave", [event("ev-d000000000000001")])
    seen = before.class_view()["version"]
    after = ClassStore(db_url)  # the service, started again by the hub
    after.ingest("dave", [event("ev-d000000000000002"), event("ev-d000000000000003")])
    assert after.class_view()["version"] != seen
    assert after.class_view()["version"] == after.class_view()["version"]


def test_a_gradebook_becomes_verified_results(db_url, tmp_path):
    import json

    from jupyterlab_mltutor.hub.gradebook import import_gradebook

    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-a000000000000005", verdict="pass", passed=True,
                                 exerciseStatus="passed", checks=[])])
    book = tmp_path / "gradebook.json"
    book.write_text(json.dumps({"format": 1, "kind": "mltutor-gradebook", "submissions": [
        {"learner": "alice", "pack": "ml-interview", "exercise": "missing-data",
         "status": "graded", "points": 1, "max_points": 2, "failing": ["count/counts"],
         "tampering": ["patched json.dumps"]},
        {"learner": "bob", "pack": "ml-interview", "exercise": "missing-data",
         "status": "stopped", "stopped": "time-limit", "points": 0, "max_points": 2,
         "failing": [], "tampering": []},
    ]}))
    assert import_gradebook(store, str(book)) == 2
    grid = store.class_view()["grid"]
    alice = grid["alice"]["ml-interview/missing-data"]
    assert alice["verified"]["status"] == "tampering" and alice["disagrees"] is True
    assert grid["bob"]["ml-interview/missing-data"]["verified"]["status"] == "time-limit"


def test_a_batch_gives_the_same_state_as_its_events_one_by_one(db_url, tmp_path):
    """A burst is stored in one transaction; the class's state must not depend on it."""
    burst = [
        event("ev-0000000000000101", attempts=1, verdict="fail"),
        event("ev-0000000000000102", attempts=2, verdict="fail", hintsUsed=1),
        event("ev-0000000000000103", cell="impute", attempts=1, verdict="pass", passed=True),
        event("ev-0000000000000104", attempts=3, verdict="pass", passed=True,
              exerciseStatus="passed"),
        event("ev-0000000000000102", attempts=2, verdict="fail", hintsUsed=1),
    ]
    batched = ClassStore(db_url)
    assert batched.ingest("alice", burst)[1] == 4
    single = ClassStore(f"sqlite:///{tmp_path / 'single.sqlite'}")
    assert sum(single.ingest("alice", [one])[1] for one in burst) == 4

    def state(store):
        view = store.class_view()
        return view["grid"], view["exercises"]

    assert state(batched) == state(single)
    assert batched.class_view()["grid"]["alice"]["ml-interview/missing-data"]["status"] == "passed"


def test_a_batch_that_repeats_stored_events_stores_only_the_new_ones(db_url):
    store = ClassStore(db_url)
    store.ingest("alice", [event("ev-0000000000000201")])
    ids, new = store.ingest("alice", [event("ev-0000000000000201"), event("ev-0000000000000202")])
    assert (ids, new) == (["ev-0000000000000201", "ev-0000000000000202"], 1)
    assert store.class_view()["grid"]["alice"]["ml-interview/missing-data"]["attempts"] == 1
