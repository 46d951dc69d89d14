"""The fit report: each picture for the fits it suits, the closed form beside what was learned."""

from __future__ import annotations

import numpy as np
import pytest

from microgd.learning.divergence import largest_stable_lr
from microgd.learning.equation import readable
from microgd.learning.least_squares import least_squares, mse_of
from microgd.learning.models import Line
from microgd.learning.scaling import Standardisation
from microgd.learning.train import fit
from microgd.pictures.report import (MOST_POINTS, FitReport, fit_line_figure, learning_curve_figure,
                                     predicted_figure, write_fit_report)

RNG = np.random.default_rng(7)
AREA = RNG.uniform(600.0, 3500.0, 40)
PRICE = 150.0 * AREA + 40_000.0 + RNG.normal(0.0, 60_000.0, 40)
ANSCOMBE_II = ([10.0, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5],  # Anscombe (1973), "Graphs in statistical analysis"
               [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74])


def line_report(scaled: bool, steps: int = 60) -> FitReport:
    """A Line trained by microgd as `microgd fit` does: on standardised columns, or raw at half the stable lr."""
    xs, ys = AREA.tolist(), PRICE.tolist()
    scale = Standardisation.of(xs, ys)
    train_x, train_y = (scale.features(xs), scale.targets(ys)) if scaled else (xs, ys)
    lr = 0.1 if scaled else largest_stable_lr(Line(), xs) / 2
    line = Line()
    history = fit(line, train_x, train_y, lr=lr, steps=steps)
    (m,), b = scale.to_data_units([line.m.data], line.b.data) if scaled else ([line.m.data], line.b.data)
    factor = scale.loss_factor if scaled else 1.0
    best = least_squares(xs, ys)
    return FitReport(["area"], "price", [xs], ys, ["area"], [m], b, mse_of(xs, ys, [m], b), list(best.weights),
                     best.bias, best.mse, [loss * factor for loss in history.losses], scaled=scaled, lr=lr,
                     trained_path=list(zip(history.values("m"), history.values("b"))))


def closed_form_report(columns: list[list[float]], ys: list[float], x_names: list[str], degree: int = 1,
                       off_by: float = 1.02) -> FitReport:
    """The least-squares answer, and a 'learned' model a little off it, with a curve that ends above the optimum."""
    if degree > 1:
        features = np.column_stack([np.asarray(columns[0]) ** k for k in range(1, degree + 1)])
        names = [x_names[0]] + [f"{x_names[0]}^{k}" for k in range(2, degree + 1)]
    else:
        features, names = np.column_stack(columns), list(x_names)
    best = least_squares(features, ys)
    weights = [w * off_by for w in best.weights]
    mse = mse_of(features, ys, weights, best.bias)
    losses = list(np.geomspace(100 * mse, mse, 31))
    return FitReport(list(x_names), "y", columns, ys, names, weights, best.bias, mse, list(best.weights), best.bias,
                     best.mse, losses, degree=degree)


def many_columns_report() -> FitReport:
    rng = np.random.default_rng(3)
    bmi, bp = rng.normal(26.0, 4.0, 80), rng.normal(95.0, 14.0, 80)
    target = 10.0 * bmi + 1.2 * bp - 200.0 + rng.normal(0.0, 30.0, 80)
    return closed_form_report([bmi.tolist(), bp.tolist()], target.tolist(), ["bmi", "bp"])


@pytest.mark.parametrize("report, pictures", [
    (line_report(scaled=True), {"fit_line", "learning_curve", "landscape"}),
    (closed_form_report([ANSCOMBE_II[0]], ANSCOMBE_II[1], ["x"], degree=2), {"fit_line", "learning_curve", "predicted"}),
    (many_columns_report(), {"learning_curve", "predicted"}),
], ids=["one column", "polynomial", "many columns"])
def test_each_fit_gets_the_pictures_that_suit_it(report, pictures, tmp_path):
    paths = write_fit_report(tmp_path, report)
    assert {path.stem for path in paths} == pictures
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.png" for name in pictures)
    assert all(path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for path in paths)


def lines_by_style(ax) -> dict[str, object]:
    return {line.get_linestyle(): line for line in ax.get_lines()}


def test_fit_line_shows_the_learned_line_solid_and_least_squares_dashed_with_their_mses():
    report = line_report(scaled=False)  # raw numbers: still well off the least-squares line
    ax = fit_line_figure(report).axes[0]
    lines = lines_by_style(ax)
    for line, (m,), b, mse in [(lines["-"], report.weights, report.bias, report.mse),
                               (lines["--"], report.closed_weights, report.closed_bias, report.closed_mse)]:
        assert line.get_ydata() == pytest.approx(m * np.asarray(line.get_xdata()) + b)
        assert readable(mse, 6, commas=True) in line.get_label()
    assert report.mse > report.closed_mse * 1.001  # the two lines really differ here
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("area", "price")


def test_fit_line_of_a_polynomial_draws_both_curves_on_a_fine_grid():
    report = closed_form_report([ANSCOMBE_II[0]], ANSCOMBE_II[1], ["x"], degree=2)
    lines = lines_by_style(fit_line_figure(report).axes[0])
    for line, weights, bias in [(lines["-"], report.weights, report.bias),
                                (lines["--"], report.closed_weights, report.closed_bias)]:
        x = np.asarray(line.get_xdata())
        assert len(x) >= 100 and x.min() <= 4.0 and x.max() >= 14.0
        assert line.get_ydata() == pytest.approx(weights[0] * x + weights[1] * x**2 + bias)


def optimum_lines(ax, optimum: float) -> list:
    return [line for line in ax.get_lines() if np.allclose(line.get_ydata(), optimum, rtol=1e-12)
            and len(set(np.asarray(line.get_ydata(), dtype=float))) == 1]


def test_the_learning_curve_has_the_optimum_as_a_reference_line_on_both_panels():
    report = line_report(scaled=True)
    figure = learning_curve_figure(report)
    whole, last = figure.axes[:2]
    assert any(list(line.get_ydata()) == pytest.approx(report.losses) for line in whole.get_lines())
    for ax in (whole, last):
        assert len(optimum_lines(ax, report.closed_mse)) == 1
    assert "converged" in figure.get_suptitle() and "not converged" not in figure.get_suptitle().lower()


def test_a_curve_that_flattened_above_the_optimum_is_plainly_above_it():
    report = line_report(scaled=False, steps=200)  # raw numbers: flat long before the optimum
    final, optimum = report.losses[-1], report.closed_mse
    assert final > 1.001 * optimum and abs(report.losses[-2] - final) < 1e-6 * final  # flat, yet short of it
    figure = learning_curve_figure(report)
    zoom = figure.axes[1]
    low, high = zoom.get_ylim()
    assert low < optimum < final < high
    assert (final - optimum) / (high - low) > 0.3  # the gap fills a good part of the zoomed panel
    assert "not converged" in figure.get_suptitle().lower()


def test_predicted_against_actual_for_both_models_and_the_diagonal():
    report = many_columns_report()
    ax = predicted_figure(report).axes[0]
    features, ys = report.features(), np.asarray(report.ys)
    expected = sorted([(features @ report.weights + report.bias).tolist(),
                       (features @ report.closed_weights + report.closed_bias).tolist()])
    drawn = sorted([c.get_offsets()[:, 1].tolist() for c in ax.collections])
    assert np.allclose(drawn, expected)
    assert all(np.allclose(c.get_offsets()[:, 0], ys) for c in ax.collections)
    diagonal = [line for line in ax.get_lines() if list(line.get_xdata()) == list(line.get_ydata())]
    assert diagonal and min(diagonal[0].get_xdata()) <= ys.min() and max(diagonal[0].get_xdata()) >= ys.max()


def test_a_big_data_set_is_drawn_from_a_sample_and_says_so():
    rng = np.random.default_rng(5)
    x = rng.uniform(0.0, 10.0, 3 * MOST_POINTS)
    report = closed_form_report([x.tolist()], (2.0 * x + 1.0 + rng.normal(0.0, 1.0, x.size)).tolist(), ["x"])
    ax = fit_line_figure(report).axes[0]
    assert len(ax.collections[0].get_offsets()) == MOST_POINTS
    assert f"{MOST_POINTS:,} of {3 * MOST_POINTS:,} rows" in ax.get_title()


def test_a_report_that_does_not_add_up_is_refused_with_the_numbers():
    good = dict(x_names=["x"], y_name="y", columns=[[1.0, 2.0, 3.0]], ys=[1.0, 2.0, 3.0], weight_names=["x"],
                weights=[1.0], bias=0.0, mse=0.0, closed_weights=[1.0], closed_bias=0.0, closed_mse=0.0,
                losses=[1.0, 0.0])
    FitReport(**good)
    with pytest.raises(ValueError, match=r"3 targets.*\[2\]"):
        FitReport(**{**good, "columns": [[1.0, 2.0]]})
    with pytest.raises(ValueError, match=r"degree = 2.*2 x columns"):
        FitReport(**{**good, "x_names": ["a", "b"], "columns": [[1.0, 2.0, 3.0]] * 2, "degree": 2})
    with pytest.raises(ValueError, match="losses"):
        FitReport(**{**good, "losses": []})
