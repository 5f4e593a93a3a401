"""The `diagnose` operation: diagnoses of checks judged outside the kernel.

Quiz and output checks are judged by the engine (TypeScript); their
diagnoses still run here, on what the engine found (`names`) and the
learner's namespace.
"""


def _diagnose(harness, diagnoses, names, error="wrong"):
    op = {"op": "diagnose", "id": "c", "diagnoses": diagnoses, "error": error, "names": names}
    return harness._run_op(op)


def test_a_quiz_diagnosis_sees_the_answer_given(harness):
    diagnoses = [
        {"id": "picked-a", "when": "answer == 'a'"},
        {"id": "picked-b", "when": "answer == 'b'"},
    ]
    result = _diagnose(harness, diagnoses, {"answer": "b", "answers": ["b"]})
    assert result == {"status": "data", "data": {"diagnosis": "picked-b"}}


def test_no_diagnosis_holds_when_no_condition_is_true(harness):
    diagnoses = [{"id": "picked-a", "when": "answer == 'a'"}]
    result = _diagnose(harness, diagnoses, {"answer": "c", "answers": ["c"]})
    assert result["data"]["diagnosis"] is None


def test_an_output_diagnosis_sees_the_text_and_the_mimes(harness):
    diagnoses = [
        {"id": "no-plot", "when": "'image/png' not in mimes"},
        {"id": "numbers", "when": "'0.97' in text"},
    ]
    names = {"text": "accuracy 0.97\n", "mimes": ["image/png"], "raised": None}
    assert _diagnose(harness, diagnoses, names)["data"]["diagnosis"] == "numbers"


def test_a_condition_that_raises_does_not_hold_and_the_next_is_tried(harness):
    diagnoses = [
        {"id": "broken", "when": "answer.upper() == 'A'"},
        {"id": "unanswered", "when": "answer is None"},
    ]
    result = _diagnose(harness, diagnoses, {"answer": None, "answers": []})
    assert result["data"]["diagnosis"] == "unanswered"


def test_names_that_are_not_identifiers_are_ignored(harness):
    diagnoses = [{"id": "sees-it", "when": "'x y' in dir()"}]
    result = _diagnose(harness, diagnoses, {"x y": 1})
    assert result["data"]["diagnosis"] is None


def test_the_engine_names_override_nothing_of_the_failure(harness):
    diagnoses = [{"id": "msg", "when": "error == 'not the right answer'"}]
    result = _diagnose(harness, diagnoses, {"answer": "a"}, error="not the right answer")
    assert result["data"]["diagnosis"] == "msg"


def test_assert_checks_read_the_source_of_the_last_cell_run(harness):
    class Info:
        raw_cell = "losses = [1.0]\nloss.backward()"

    harness._on_pre_run_cell(Info())
    op = {
        "op": "assert",
        "id": "replay",
        "code": "assert 'backward' in __cell_source__, __cell_source__",
        "diagnoses": [{"id": "sees-it", "when": "__cell_source__.startswith('losses')"}],
    }
    assert harness._run_op(op) == {"status": "pass"}
    Info.raw_cell = "print(1)"
    harness._on_pre_run_cell(Info())
    failed = harness._run_op(op)
    assert failed["status"] == "fail" and failed["message"] == "print(1)"
    assert "diagnosis" not in failed
