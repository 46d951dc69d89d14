"""The committed real data sets: they load with many columns, and the closed form on them matches
answers other people computed (NIST's certified Longley regression, numpy's polyfit and lstsq)."""

import re
from pathlib import Path

import numpy as np
import pytest

from microgd.learning.data import load_csv
from microgd.learning.features import polynomial_features, power_names
from microgd.learning.least_squares import ILL_CONDITIONED, least_squares

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
LONGLEY_X = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]
STACKLOSS_X = ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
DIABETES_X = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]

# NIST StRD, Longley: the certified coefficients and residual sum of squares
# (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml)
NIST_LONGLEY_BIAS = -3482258.63459582
NIST_LONGLEY_WEIGHTS = [15.0618722713733, -0.358191792925910e-01, -2.02022980381683, -1.03322686717359,
                        -0.511041056535807e-01, 1829.15146461355]
NIST_LONGLEY_RSS = 836424.055505915


def _load(name, x, y):
    return load_csv(DATASETS / name, x, y)


def _numpy_fit(rows, ys):
    """Least squares by numpy alone, on the raw columns and a column of ones: (weights, bias)."""
    design = np.column_stack([np.asarray(rows, dtype=float), np.ones(len(ys))])
    solution, *_ = np.linalg.lstsq(design, np.asarray(ys), rcond=None)
    return solution[:-1], solution[-1]


@pytest.mark.parametrize("name, x, y, n, first_row, first_y", [
    ("longley.csv", LONGLEY_X, "TOTEMP", 16, [83, 234289, 2356, 1590, 107608, 1947], 60323),
    ("stackloss.csv", STACKLOSS_X, "STACKLOSS", 21, [80, 27, 89], 42),
    ("diabetes.csv", DIABETES_X, "target", 442, [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87], 151),
    ("anscombe.csv", ["x1", "x2", "x3", "x4", "y1", "y2", "y3"], "y4", 11, [10, 10, 10, 8, 8.04, 9.14, 7.46], 6.58),
])
def test_each_data_set_loads_with_all_its_columns(name, x, y, n, first_row, first_y):
    rows, ys = _load(name, x, y)
    assert len(rows) == len(ys) == n and all(len(row) == len(x) for row in rows)
    assert rows[0] == first_row and ys[0] == first_y
    assert _load(name, list(reversed(x)), y)[0][-1] == list(reversed(rows[-1]))  # the order asked for


def test_every_data_set_is_small_and_its_source_and_licence_are_written_beside_it():
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    files = sorted(path.name for path in DATASETS.glob("*.csv"))
    assert files == ["anscombe.csv", "diabetes.csv", "longley.csv", "stackloss.csv"]
    for name in files:
        assert (DATASETS / name).stat().st_size < 50_000
        section = re.search(rf"^## {re.escape(name)}:(.*?)(?=^## |\Z)", readme, re.S | re.M)
        assert section, f"datasets/README.md has no section '## {name}: ...'"
        assert "**Source**" in section.group(1) and "**Licence**" in section.group(1)


def test_longley_closed_form_matches_nists_certified_coefficients_to_6_digits():
    rows, ys = _load("longley.csv", LONGLEY_X, "TOTEMP")
    fit = least_squares(rows, ys, LONGLEY_X)
    for name, weight, certified in zip(LONGLEY_X, fit.weights, NIST_LONGLEY_WEIGHTS):
        assert abs(weight - certified) < 1e-6 * abs(certified), name
    assert abs(fit.bias - NIST_LONGLEY_BIAS) < 1e-6 * abs(NIST_LONGLEY_BIAS)
    assert fit.mse * len(ys) == pytest.approx(NIST_LONGLEY_RSS, rel=1e-6)


def test_longley_is_collinear_but_well_conditioned_once_centred_and_scaled():
    rows, ys = _load("longley.csv", LONGLEY_X, "TOTEMP")
    fit = least_squares(rows, ys, LONGLEY_X)
    raw = np.column_stack([np.asarray(rows), np.ones(len(ys))])
    assert np.linalg.cond(raw) > 1e9  # the famous trap: the raw columns lose 9 of 16 digits
    assert 100 < fit.condition < 120  # about 2 digits lost once standardised
    assert fit.condition < ILL_CONDITIONED and fit.warning is None


def test_anscombe_ii_is_a_parabola_which_the_closed_form_finds_through_polynomial_features():
    xs, ys = _load("anscombe.csv", "x2", "y2")
    fit = least_squares(polynomial_features(xs, 2), ys, power_names("x2", 2))
    w1, w2 = fit.weights
    assert (round(w1, 2), round(w2, 3), round(fit.bias, 1)) == (2.78, -0.127, -6.0)  # 3 digits
    c2, c1, c0 = np.polyfit(xs, ys, 2)
    assert fit.weights == pytest.approx([c1, c2], rel=1e-9) and fit.bias == pytest.approx(c0, rel=1e-9)
    assert fit.mse < 1e-5  # almost exact, where the straight line misses by about 1.1 on average
    assert least_squares(xs, ys).mse > 1.0


@pytest.mark.parametrize("which", "1234")
def test_anscombe_one_column_fits_agree_with_polyfit_and_all_give_the_same_line(which):
    xs, ys = _load("anscombe.csv", f"x{which}", f"y{which}")
    fit = least_squares(xs, ys)
    slope, intercept = np.polyfit(xs, ys, 1)
    assert fit.weights[0] == pytest.approx(slope, rel=1e-10) and fit.bias == pytest.approx(intercept, rel=1e-10)
    assert fit.weights[0] == pytest.approx(0.500, abs=1e-3) and fit.bias == pytest.approx(3.00, abs=3e-3)


@pytest.mark.parametrize("name, x, y", [("stackloss.csv", STACKLOSS_X, "STACKLOSS"),
                                        ("diabetes.csv", DIABETES_X, "target")])
def test_many_feature_fits_agree_with_numpys_lstsq(name, x, y):
    rows, ys = _load(name, x, y)
    fit = least_squares(rows, ys, x)
    weights, bias = _numpy_fit(rows, ys)
    assert fit.weights == pytest.approx(weights, rel=1e-8) and fit.bias == pytest.approx(bias, rel=1e-8)
    assert fit.warning is None


def test_stackloss_matches_the_published_fit():
    fit = least_squares(*_load("stackloss.csv", STACKLOSS_X, "STACKLOSS"))
    assert fit.weights == pytest.approx([0.7156, 1.2953, -0.1521], abs=1e-4)
    assert fit.bias == pytest.approx(-39.92, abs=1e-2)
