"""Recorded expected values (expected.json): the encoding is exact or refuses."""
import json
import math

import numpy as np
import pandas as pd
import pytest
import torch

VALUES = [
    None,
    True,
    False,
    0,
    -(10**30),
    0.1,
    -0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    "naïve 🌍",
    [1, 2.5, "x"],
    (1, (2, 3)),
    {"a": 1, 2: [None], (1, 2): "t"},
    np.float32(0.1),
    np.int64(-7),
    np.bool_(True),
    np.array([[1.5, np.nan], [np.inf, -0.0]]),
    np.array([1, 2, 3], dtype=">i4"),
    np.array(["a", "bc"]),
    np.array([1, "a", None], dtype=object),
    np.array(["2024-01-01", "NaT"], dtype="datetime64[ns]"),
    np.array([1 + 2j]),
    np.zeros((0, 3)),
    pd.Series([1.0, np.nan], index=["x", "y"], name="s"),
    pd.Series([1, 2], index=pd.Index([10, 20], name="k")),
    pd.Series([True, False]),
    pd.DataFrame({"a": [1, 2], "b": ["u", "v"], "c": [0.5, np.nan]}, index=[3, 4]),
    pd.DataFrame(
        [[1, 2], [3, 4]],
        columns=["a", "b"],
        index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["l", "n"]),
    ),
    pd.DataFrame({"t": pd.to_datetime(["2020-01-01", "2021-02-03"])}),
    pd.Index([1.5, 2.5], name="i"),
    pd.RangeIndex(0, 10, 2, name="r"),
    torch.tensor([[1.0, 2.0]], dtype=torch.float32),
    torch.tensor([1, 2], dtype=torch.int64),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_supported_value_round_trips_exactly(harness, value):
    ok, encoded = harness.recordable(value)
    assert ok, encoded
    # Through JSON text, as expected.json stores it.
    back = harness.decode(json.loads(json.dumps(encoded)))
    assert type(back) is type(value)
    assert harness.identical(back, value)


def test_identical_sees_what_compare_forgives(harness):
    assert not harness.identical(1, 1.0)
    assert not harness.identical([1], (1,))
    assert not harness.identical(0.0, -0.0)
    assert not harness.identical(np.float32(1), np.float64(1))
    assert not harness.identical(np.array([1, 2]), np.array([1, 2], dtype="int32"))
    assert not harness.identical(pd.Series([1], name="a"), pd.Series([1], name="b"))
    assert not harness.identical(pd.Series([1], index=[0]), pd.Series([1], index=[1]))
    assert harness.identical(float("nan"), float("nan"))


@pytest.mark.parametrize(
    "value",
    [
        {1, 2},
        object(),
        pd.Series(["a", "b"], dtype="category"),
        pd.Series([1, None], dtype="Int64"),
        torch.tensor([1.0], requires_grad=True),
        lambda: 1,
        pd.DataFrame([[1, 2]], columns=["dup", "dup"]),
    ],
    ids=["set", "object", "category", "nullable-int", "grad-tensor", "function", "dup-columns"],
)
def test_what_is_not_held_exactly_is_not_recorded(harness, value):
    ok, why = harness.recordable(value)
    assert not ok and why


def test_too_large_values_are_not_recorded(harness):
    ok, why = harness.recordable(np.zeros(harness.MAX_RECORDED_CHARS, dtype="int8"))
    assert not ok and "characters" in why


def test_the_key_covers_the_source_and_each_file_byte(harness):
    files = [{"path": "a.csv", "format": "text", "content": "x,y\n1,2\n"}]
    key = harness.reference_key("expected = 1", files)
    assert key == harness.reference_key("expected = 1", list(files))
    assert key != harness.reference_key("expected = 2", files)
    assert key != harness.reference_key("expected = 1", [])
    changed = [dict(files[0], content="x,y\n1,3\n")]
    assert key != harness.reference_key("expected = 1", changed)
    as_base64 = [{"path": "a.csv", "format": "base64", "content": "eCx5CjEsMgo="}]
    assert key == harness.reference_key("expected = 1", as_base64)  # same bytes


def test_the_environment_names_python_and_installed_libraries_only(harness):
    env = harness.environment()
    assert env["python"].count(".") == 2
    assert env["numpy"] == np.__version__
    assert all(isinstance(v, str) for v in env.values())
    assert set(env) <= {"python", "machine", *harness.ENVIRONMENT_PACKAGES}


def test_the_reference_op_says_how_the_entry_stands(harness):
    op = {"op": "reference", "id": "c", "reference": "expected = [1.5, 'a']"}
    fresh = harness._op_reference(dict(op))["data"]
    assert fresh["recorded"] == "absent" and "value" in fresh
    entry = {"key": fresh["key"], "env": fresh["env"], "value": fresh["value"]}
    assert harness._op_reference(dict(op, cached=entry))["data"]["recorded"] == "same"
    forged = dict(entry, value=harness.encode([1.5, "b"]))
    assert harness._op_reference(dict(op, cached=forged))["data"]["recorded"] == "differs"
    stale = dict(entry, key="0" * 64)
    assert harness._op_reference(dict(op, cached=stale))["data"]["recorded"] == "stale"
    other_env = dict(entry, env=dict(entry["env"], numpy="0.0.1"))
    assert harness._op_reference(dict(op, cached=other_env))["data"]["recorded"] == "stale"
    assert math.isfinite(len(fresh["key"]))
