"""Polynomial features: the rows [x, x**2, ...], their names, and a curve fitted as a Linear model."""

import math

import numpy as np
import pytest

from microgd.learning.features import polynomial_features, power_names
from microgd.learning.least_squares import least_squares


def test_each_x_becomes_its_powers_in_increasing_order():
    assert polynomial_features([2.0, -3.0, 0.5], 3) == [[2.0, 4.0, 8.0], [-3.0, 9.0, -27.0], [0.5, 0.25, 0.125]]
    assert polynomial_features([4, 5], 1) == [[4.0], [5.0]]  # degree 1: the straight line's one column
    assert polynomial_features([], 2) == []
    assert all(isinstance(v, float) for v in polynomial_features([3], 4)[0])


def test_names_match_the_columns_one_for_one():
    assert power_names("x", 1) == ["x"]
    assert power_names("area", 3) == ["area", "area^2", "area^3"]
    for degree in range(1, 6):
        assert len(power_names("t", degree)) == len(polynomial_features([1.5], degree)[0]) == degree


@pytest.mark.parametrize("degree", [0, -1, 2.5, 2.0, "2", None, True])
def test_a_degree_that_is_not_a_whole_number_from_1_is_refused(degree):
    with pytest.raises(ValueError, match=f"degree.*>= 1.*got degree = {degree!r}"):
        polynomial_features([1.0, 2.0], degree)
    with pytest.raises(ValueError, match="degree"):
        power_names("x", degree)


def test_a_numpy_integer_degree_and_numpy_numbers_are_fine():
    assert polynomial_features(np.array([2.0, 3.0]), np.int64(2)) == [[2.0, 4.0], [3.0, 9.0]]


@pytest.mark.parametrize("bad", [[1.0, 2.0], "3", math.nan, math.inf, None])
def test_xs_must_be_one_column_of_finite_numbers(bad):
    with pytest.raises(ValueError, match=r"one column of finite numbers; xs\[1\] is"):
        polynomial_features([1.0, bad], 2)


def test_a_power_too_large_for_a_float_says_so():
    with pytest.raises(ValueError, match=r"xs\[0\] = 1e\+200 to the power 2 is too large"):
        polynomial_features([1e200], 2)


def test_least_squares_on_the_powers_recovers_an_exact_polynomial():
    xs = [float(x) for x in range(-4, 6)]
    ys = [1.0 - 2.0 * x + 0.5 * x**2 - 0.1 * x**3 for x in xs]
    fit = least_squares(polynomial_features(xs, 3), ys, power_names("x", 3))
    assert fit.weights == pytest.approx([-2.0, 0.5, -0.1], abs=1e-12)
    assert fit.bias == pytest.approx(1.0, abs=1e-12)
    assert fit.warning is None


def test_a_high_degree_over_a_narrow_range_is_flagged_as_ill_conditioned():
    xs = [10.0 + i / 20 for i in range(21)]  # 10 .. 11: every power looks like every other
    fit = least_squares(polynomial_features(xs, 6), [math.sin(x) for x in xs], power_names("x", 6))
    assert fit.warning is not None and "x^6" in fit.warning
