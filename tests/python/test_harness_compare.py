"""Comparison rules of the harness (docs/checks.md, kind `value`)."""
import numpy as np
import pandas as pd


def test_numbers_within_tolerance_match(compare):
    assert compare(0.1 + 0.2, 0.3) is None
    assert compare(1.0, 1.001, rtol=1e-2) is None


def test_numbers_outside_tolerance_say_both_values(compare):
    difference = compare(1.5, 2.0)
    assert "1.5" in difference and "2.0" in difference


def test_integers_compare_exactly(compare):
    assert compare(10**18 + 1, 10**18) is not None


def test_nan_equals_nan_only(compare):
    assert compare(float("nan"), float("nan")) is None
    assert compare(1.0, float("nan")) is not None


def test_booleans_equal_only_booleans(compare):
    assert compare(True, True) is None
    assert compare(1, True) is not None
    assert compare(True, 1) is not None


def test_numpy_scalars_and_zero_dim_arrays_are_numbers(compare):
    assert compare(np.float64(2.5), 2.5) is None
    assert compare(np.array(3), 3) is None


def test_a_string_is_not_a_number(compare):
    assert "number" in compare("3", 3)


def test_strings_compare_exactly(compare):
    assert compare("median", "median") is None
    assert compare("Median", "median") is not None


def test_list_length_is_reported(compare):
    assert "has 2 items but expected 3" in compare([1, 2], [1, 2, 3])


def test_list_order_matters_unless_ignored(compare):
    assert compare([3, 1, 2], [1, 2, 3]) is not None
    assert compare([3, 1, 2], [1, 2, 3], ignore_order=True) is None


def test_dict_keys_then_values(compare):
    assert "missing key" in compare({"a": 1}, {"a": 1, "b": 2})
    difference = compare({"a": 1, "b": 3}, {"a": 1, "b": 2})
    assert "x['b']" in difference


def test_sets_name_missing_and_extra_items(compare):
    difference = compare({1, 4}, {1, 2})
    assert "missing" in difference and "unexpected" in difference


def test_array_shape_first(compare):
    assert "shape" in compare(np.zeros((2, 3)), np.zeros((3, 2)))


def test_array_values_name_the_first_difference(compare):
    difference = compare(np.array([1.0, 2.0, 9.0]), np.array([1.0, 2.0, 3.0]))
    assert "9.0" in difference and "1 of 3" in difference


def test_series_by_index_and_values(compare):
    expected = pd.Series([1, 2], index=["a", "b"])
    assert compare(pd.Series([1, 2], index=["a", "b"]), expected) is None
    assert compare(pd.Series([1, 2], index=["a", "c"]), expected) is not None
    assert compare(pd.Series([1, 2], index=["a", "c"]), expected, check_index=False) is None


def test_series_dtype_ignored_by_default(compare):
    assert compare(pd.Series([1.0, 2.0]), pd.Series([1, 2])) is None
    assert compare(pd.Series([1.0, 2.0]), pd.Series([1, 2]), check_dtype=True) is not None


def test_frame_column_order_is_ignored(compare):
    expected = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert compare(expected[["b", "a"]], expected) is None


def test_frame_missing_column_is_named(compare):
    expected = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert "'b'" in compare(expected[["a"]], expected)


def test_frame_cell_difference_names_column_and_row(compare):
    expected = pd.DataFrame({"age": [41.0, 38.5]})
    difference = compare(pd.DataFrame({"age": [41.0, 40.0]}), expected)
    assert "age" in difference and "40.0" in difference


def test_a_list_against_a_frame_is_a_type_error(compare):
    assert "DataFrame" in compare([1, 2], pd.DataFrame({"a": [1, 2]}))
