"""The plotting helpers the demos share: headless detection, saving, the landscape grid."""

from __future__ import annotations

import numpy as np
import pytest

from microgd.learning.data import house_prices, least_squares_line
from microgd.pictures.landscape import mse_grid, window
from microgd.pictures.plots import can_show, demo_options, padded_range, plt, save_png
from microgd.learning.curves import line_mse


def test_no_window_under_agg_and_no_show_forces_files():
    assert not can_show()  # conftest selects Agg
    options = demo_options("doc", ["--out", "somewhere", "--no-show"])
    assert options.show is False and str(options.out) == "somewhere"


def test_a_demo_can_add_its_own_options_beside_out_and_no_show():
    options = demo_options("doc", ["--steps", "7", "--no-show"],
                           more=lambda parser: parser.add_argument("--steps", type=int, default=60))
    assert options.steps == 7 and options.show is False
    assert demo_options("doc", [], more=lambda parser: parser.add_argument("--steps", type=int, default=60)).steps == 60


def test_save_png_writes_prints_and_closes(tmp_path, capsys):
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    path = save_png(figure, tmp_path / "new" / "folder", "picture")
    assert path.is_file() and str(path) in capsys.readouterr().out
    assert not plt.fignum_exists(figure.number)


def test_landscape_grid_is_the_mse_microgd_computes():
    xs, ys = house_prices()
    ms, bs = np.array([0.0, 2.0, 3.0]), np.array([-1.0, 0.5])
    grid = mse_grid(xs, ys, ms, bs)
    assert grid.shape == (2, 3)  # rows follow b, columns follow m
    for i, b in enumerate(bs):
        for j, m in enumerate(ms):
            assert grid[i, j] == pytest.approx(line_mse(xs, ys, m, b), rel=1e-12)


def test_padded_range_widens_by_a_fraction_and_never_leaves_an_empty_range():
    assert padded_range([0.0, 4.0, 10.0]) == pytest.approx((-0.5, 10.5))
    assert padded_range([0.0, 10.0], pad=0.4) == pytest.approx((-4.0, 14.0))
    assert padded_range([3.0, 3.0]) == (2.0, 4.0)  # all equal: a margin of 1, not a zero-width axis


def test_line_mse_is_the_mean_of_the_squared_errors():
    assert line_mse([1.0, 2.0, 3.0], [4.0, 5.0, 10.0], 2.0, 1.0) == pytest.approx((1 + 0 + 9) / 3)


def test_landscape_lowest_grid_point_is_next_to_least_squares():
    xs, ys = house_prices()
    best = least_squares_line(xs, ys)
    (m_low, m_high), (b_low, b_high) = window([(0.0, 0.0)], centre=best)
    ms, bs = np.linspace(m_low, m_high, 201), np.linspace(b_low, b_high, 201)
    i, j = np.unravel_index(np.argmin(mse_grid(xs, ys, ms, bs)), (201, 201))
    assert abs(ms[j] - best[0]) <= ms[1] - ms[0] and abs(bs[i] - best[1]) <= bs[1] - bs[0]


def test_window_is_square_and_holds_every_point():
    (m_low, m_high), (b_low, b_high) = window([(0.0, 0.0), (5.0, 1.0)], centre=(3.0, 0.5))
    assert m_high - m_low == pytest.approx(b_high - b_low)
    assert m_low < 0.0 and m_high > 5.0 and b_low < 0.0 and b_high > 1.0


def test_the_pictures_without_matplotlib_say_how_to_install_it():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['matplotlib'] = None\n"  # as if matplotlib were not installed
        "try:\n    import microgd.pictures.plots\nexcept ImportError as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "matplotlib" in done.stdout and "microgd[plots]" in done.stdout
