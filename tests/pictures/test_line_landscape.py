"""The landscape of a line from five averages: four stand-in points have the data's bowl and paths."""

from __future__ import annotations

import numpy as np
import pytest

from microgd.learning.divergence import largest_stable_lr
from microgd.learning.models import Line
from microgd.learning.scaling import Standardisation
from microgd.learning.train import fit
from microgd.pictures.landscape import mse_grid
from microgd.pictures.line_landscape import curvature_ratio, descent_path, landscape_figure, stand_in


def offset_data(n: int = 50, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Areas in the thousands, prices in the hundreds of thousands: raw columns far from 1."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(600.0, 3500.0, n)
    return x, 150.0 * x + 40_000.0 + rng.normal(0.0, 60_000.0, n)


def test_the_four_stand_in_points_have_the_datas_landscape():
    x, y = offset_data()
    four_x, four_y = stand_in(x, y)
    assert len(four_x) == len(four_y) == 4
    ms, bs = np.linspace(-50.0, 300.0, 15), np.linspace(-1e5, 1e5, 11)
    assert mse_grid(four_x, four_y, ms, bs) == pytest.approx(mse_grid(x, y, ms, bs), rel=1e-9)


def test_descent_on_the_stand_in_is_microgds_full_batch_descent_on_all_the_data():
    x, y = offset_data(n=20)
    scale = Standardisation.of(x, y)
    xs, ys = scale.features(x), scale.targets(y)  # standardised, as the path on the round side
    history = fit(Line(), xs, ys, lr=0.1, steps=30)
    path = descent_path(*stand_in(xs, ys), lr=0.1, steps=30)
    assert len(path) == 31
    assert [m for m, _ in path] == pytest.approx(history.values("m"), rel=1e-9, abs=1e-12)
    assert [b for _, b in path] == pytest.approx(history.values("b"), rel=1e-9, abs=1e-12)


def test_the_stand_in_has_the_datas_largest_stable_learning_rate():
    x, y = offset_data()
    four_x, _ = stand_in(x, y)
    assert largest_stable_lr(Line(), four_x.tolist()) == pytest.approx(largest_stable_lr(Line(), x.tolist()), rel=1e-9)


def test_curvature_ratio_is_the_hessians_eigenvalue_ratio():
    x = np.array([1.0, 2.0, 4.0, 7.0])
    design = np.column_stack([x, np.ones_like(x)])
    eigenvalues = np.linalg.eigvalsh(2.0 / len(x) * design.T @ design)
    assert curvature_ratio(x) == pytest.approx(eigenvalues[-1] / eigenvalues[0], rel=1e-12)


def test_raw_columns_make_a_narrow_valley_and_standardised_ones_a_round_bowl():
    x, y = offset_data()
    assert curvature_ratio(x) > 1e6  # x in the thousands: the bowl is thousands of times longer than wide
    assert curvature_ratio(Standardisation.of(x, y).features(x)) == pytest.approx(1.0, abs=1e-9)


def test_the_figure_shows_the_same_number_of_steps_on_both_sides_and_names_the_valley():
    x, y = offset_data()
    figure = landscape_figure(x, y, "area", "price", steps=40, scaled=True)
    raw, scaled = figure.axes[:2]
    paths = [next(line for line in ax.get_lines() if "40 steps" in line.get_label()) for ax in (raw, scaled)]
    assert [len(path.get_xdata()) for path in paths] == [41, 41]
    assert "valley" in raw.get_title() and "round" in scaled.get_title()
    # the standardised descent arrives; the raw one, at half its largest stable lr, is still far away
    scale = Standardisation.of(x, y)
    best_raw, best_scaled = np.polyfit(x, y, 1), np.polyfit(scale.features(x), scale.targets(y), 1)
    assert abs(paths[1].get_xdata()[-1] - best_scaled[0]) < 1e-3
    assert abs(paths[0].get_ydata()[-1] - best_raw[1]) > 0.5 * abs(best_raw[1])


def test_a_path_from_the_real_run_is_drawn_on_the_side_it_trained_on():
    x, y = offset_data()
    run = [(0.0, 0.0), (0.3, 0.01), (0.5, 0.0)]
    figure = landscape_figure(x, y, steps=2, scaled=True, lr=0.2, trained_path=run)
    drawn = next(line for line in figure.axes[1].get_lines() if "your run" in line.get_label())
    assert list(zip(drawn.get_xdata(), drawn.get_ydata())) == run
