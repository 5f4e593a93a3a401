"""The class policy file: read as the admin wrote it, locked down when it is broken."""
import json

import pytest

from jupyterlab_mltutor.serverext.policy import NO_POLICY, normalize, read_policy


def write(tmp_path, text):
    path = tmp_path / "policy.json"
    path.write_text(text)
    return str(path)


def test_no_file_no_class(monkeypatch):
    monkeypatch.delenv("MLTUTOR_CLASS_POLICY", raising=False)
    assert read_policy("/nonexistent/policy.json") == NO_POLICY


def test_solutions_off_and_the_first_hints(tmp_path):
    policy = read_policy(write(tmp_path, json.dumps({"solutions": False, "hints": 2})))
    assert policy["locked"] and not policy["allowSolutions"]
    assert policy["maxHints"] == 2 and policy["carryChecks"]


def test_exam_mode_switches_everything_off(tmp_path):
    policy = read_policy(write(tmp_path, json.dumps({"exam": True, "solutions": True})))
    assert policy["exam"] and not policy["allowSolutions"]
    assert policy["maxHints"] == 0 and not policy["carryChecks"]


@pytest.mark.parametrize(
    "text",
    ["{not json", "[]", '{"hints": -1}', '{"solution": false}', '{"packFolders": [""]}'],
)
def test_a_broken_policy_locks_down_and_says_why(tmp_path, text):
    policy = read_policy(write(tmp_path, text))
    assert policy["locked"] and not policy["allowSolutions"] and policy["maxHints"] == 0
    assert "not valid" in policy["error"]


def test_a_policy_named_by_the_admin_but_missing_locks_down(tmp_path, monkeypatch):
    missing = str(tmp_path / "gone.json")
    monkeypatch.setenv("MLTUTOR_CLASS_POLICY", missing)
    policy = read_policy()
    assert policy["locked"] and "missing" in policy["error"]


def test_hints_true_means_all():
    assert normalize({"hints": True})["maxHints"] is None
    assert normalize({"hints": False})["maxHints"] == 0
