"""Loads the check harness as a plain module, the way the engine's kernel sees it.

The harness is a resource file sent to kernels, not an importable package
module, so the tests load it from its path; it must import without IPython.
"""
import importlib.util
import pathlib

import pytest

HARNESS = pathlib.Path(__file__).resolve().parents[2] / "src" / "checking" / "harness.py"


@pytest.fixture(scope="session")
def harness():
    spec = importlib.util.spec_from_file_location("_mltutor_harness_under_test", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._capture_libraries()
    return module


@pytest.fixture
def compare(harness):
    """compare(actual, expected, **options) -> None or the difference text."""

    def run(actual, expected, where="x", **options):
        return harness._compare(actual, expected, harness._Options(options), where)

    return run
