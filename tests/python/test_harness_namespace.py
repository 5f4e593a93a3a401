"""Namespace isolation: what a check sees of the learner's names."""
import ast


def test_rebound_builtin_functions_are_restored(harness):
    learner = {"len": lambda value: 0, "sum": 3}
    ns = harness._check_namespace(learner)
    assert ns["len"] is len
    assert ns["sum"] == 3, "data bound to a builtin's name stays the learner's"


def test_names_bound_by_a_check_do_not_leak(harness):
    learner = {"x": 1}
    ns = harness._check_namespace(learner)
    exec("y = x + 1", ns)
    assert "y" not in learner


def test_arguments_of_called_code_are_deep_copied(harness):
    data = [1, 2, 3]
    ns = harness._check_namespace({"data": data, "f": lambda v: v.append(4)})
    tree = ast.parse("f(data)", mode="eval")
    harness._isolate_arguments(tree, ns)
    eval(compile(tree, "<test>", "eval"), ns)
    assert data == [1, 2, 3]


def test_a_plain_read_is_not_copied(harness):
    data = [1, 2, 3]
    ns = harness._check_namespace({"data": data})
    harness._isolate_arguments(ast.parse("data", mode="eval"), ns)
    assert ns["data"] is data


def test_short_repr_survives_a_raising_repr(harness):
    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")

    assert harness._short(Hostile()) == "<Hostile>"
