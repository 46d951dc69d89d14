"""A fitted model as text: each sign written once, every number readable at any size."""

from __future__ import annotations

import pytest

from microgd.learning.equation import count, equation, readable


def test_a_negative_bias_is_subtracted_not_added():
    assert equation(["x"], [10.2345], -117.83) == "y = 10.23 x - 117.8"


def test_negative_weights_and_a_negative_first_term():
    assert equation(["x", "x^2"], [2.78, -0.127], -6.0) == "y = 2.78 x - 0.127 x^2 - 6"
    assert equation(["bmi", "bp"], [-0.5, 2.0], 3.0, y_name="target") == "target = -0.5 bmi + 2 bp + 3"


def test_zero_is_written_as_a_plain_zero_whatever_its_sign():
    assert equation(["x", "z"], [0.0, -0.0], -0.0) == "y = 0 x + 0 z + 0"


def test_tiny_and_huge_numbers_keep_their_digits():
    assert equation(["t"], [1.0e-16], 5.0) == "y = 1e-16 t + 5"
    assert equation(["t"], [-3.14159e20], 2.5e-300) == "y = -3.142e+20 t + 2.5e-300"
    assert readable(123456.0) == "1.235e+05" and readable(0.000123456) == "0.0001235"


def test_more_digits_on_request_and_thousands_grouped_for_numbers_read_alone():
    assert equation(["x"], [10.23456789], -117.8, digits=8) == "y = 10.234568 x - 117.8"
    assert readable(17642.31, 6, commas=True) == "17,642.3"


def test_one_name_per_weight_or_the_error_names_both_counts():
    with pytest.raises(ValueError, match=r"2 names.*1 weights"):
        equation(["a", "b"], [1.0], 0.0)


def test_counts_are_plural_unless_one():
    assert (count(1, "step"), count(0, "step"), count(200, "step")) == ("1 step", "0 steps", "200 steps")
    assert count(1_000_000, "row") == "1,000,000 rows"
