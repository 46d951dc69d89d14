"""The interactive figures, driven from the test as a reader would drive them with the mouse."""

from __future__ import annotations

import math

import pytest

from microgd import Value
from microgd.learning.curves import descend, line_mse, mse_slice, tangent_line, value_and_slope
from microgd.learning.data import house_prices, least_squares_line
from microgd.pictures.plots import plt
from microgd.pictures.train_widget import TrainTheLine
from microgd.pictures.widgets import Descent1D, FitByHand, TangentExplorer


def bowl(a: Value) -> Value:
    return (a - 2) ** 2 + 1


def click(button) -> None:
    """Fire a matplotlib Button's callbacks, exactly as a mouse click does."""
    button._observers.process("clicked", None)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---- the one-parameter calculus under the widgets ----


def test_value_and_slope_use_backward():
    assert value_and_slope(bowl, 3.5) == (pytest.approx(3.25), pytest.approx(3.0))  # f' = 2(a - 2)


def test_tangent_touches_the_curve_with_the_derivative_as_slope():
    slope, intercept = tangent_line(bowl, 0.5)
    assert slope == pytest.approx(-3.0)
    assert slope * 0.5 + intercept == pytest.approx(bowl(Value(0.5)).data)


def test_descent_follows_the_update_rule_and_reaches_the_minimum():
    run = descend(bowl, -1.0, 0.15, 60)
    assert run.points[1] == pytest.approx(-1.0 - 0.15 * (-6.0))  # a - k * f'(a)
    assert run.a == pytest.approx(2.0, abs=1e-6)
    assert not run.diverged


def test_the_mse_slice_is_the_landscape_along_m_with_its_bottom_at_least_squares():
    xs, ys = house_prices()
    best_m, best_b = least_squares_line(xs, ys)
    curve = mse_slice(xs, ys, b=best_b)
    for m in (-1.0, 0.0, 2.5, best_m, 5.0):
        height, slope = value_and_slope(curve, m)
        assert height == pytest.approx(line_mse(xs, ys, m, best_b), rel=1e-12)  # the landscape at (m, b*)
        x_squared = sum(x * x for x in xs) / len(xs)
        assert slope == pytest.approx(2 * x_squared * (m - best_m), abs=1e-9)  # a parabola around m*
    assert value_and_slope(curve, best_m)[1] == pytest.approx(0.0, abs=1e-9)


def test_widgets_name_the_knob_and_the_curve_they_are_given():
    explorer = TangentExplorer(bowl, a0=1.0, a_range=(-1.0, 5.0), knob="m", curve="L")
    assert "m = 1.00" in explorer.readout.get_text() and "L'(m)" in explorer.readout.get_text()
    widget = Descent1D(bowl, a0=-1.0, learning_rate=0.15, a_range=(-1.5, 5.0), knob="m", curve="L")
    assert "m - lr * L'(m)" in widget.readout.get_text()


def test_descent_reports_divergence_instead_of_crashing():
    run = descend(lambda a: a**4 - 3 * a**2 + a, 2.0, 0.2, 40)
    assert run.diverged and len(run.points) < 41


# ---- the widgets ----


def test_moving_a_slider_updates_the_line_and_the_mse_text():
    xs, ys = house_prices()
    widget = FitByHand(xs, ys, 1.0, 1.0, m_range=(-1, 6), b_range=(-3, 4))
    before = widget.readout.get_text()
    assert f"MSE = {line_mse(xs, ys, 1.0, 1.0):,.4g}" in before
    best_m, best_b = least_squares_line(xs, ys)
    widget.slider_m.set_val(best_m)
    widget.slider_b.set_val(best_b)
    after = widget.readout.get_text()
    assert after != before
    assert f"MSE = {line_mse(xs, ys, best_m, best_b):,.4g}" in after
    assert list(widget.line.get_ydata()) == pytest.approx([best_m * x + best_b for x in widget.line.get_xdata()])


def test_tangent_slider_moves_the_point_and_reports_the_slope():
    widget = TangentExplorer(bowl, a0=0.5, a_range=(-1, 5))
    assert "-3.000" in widget.readout.get_text() and "right" in widget.readout.get_text()
    widget.slider.set_val(2.0)
    assert "+0.000" in widget.readout.get_text() and "minimum" in widget.readout.get_text()
    widget.slider.set_val(4.0)
    assert "+4.000" in widget.readout.get_text() and "left" in widget.readout.get_text()
    assert list(widget.point.get_xdata()) == [4.0]


def test_step_button_advances_the_point_and_reset_returns_it():
    widget = Descent1D(bowl, a0=-1.0, learning_rate=0.15, a_range=(-1.5, 5))
    click(widget.step_button)
    assert widget.a == pytest.approx(-0.1)  # -1 - 0.15 * f'(-1) = -1 - 0.15 * (-6)
    assert "step 1" in widget.readout.get_text()
    for _ in range(30):
        click(widget.step_button)
    assert widget.a == pytest.approx(2.0, abs=1e-3)
    assert len(widget.trail.get_xdata()) == 32
    click(widget.reset_button)
    assert widget.a == -1.0 and "step 0" in widget.readout.get_text()


def test_update_moves_the_parameters_and_lowers_the_loss_and_reset_restores_them():
    xs, ys = house_prices()
    widget = TrainTheLine(xs, ys, 0.0, 0.0, learning_rate=0.1, minimum=least_squares_line(xs, ys))
    start_loss = widget.loss
    assert start_loss == pytest.approx(line_mse(xs, ys, 0.0, 0.0))
    click(widget.update_button)
    assert (widget.m, widget.b) != (0.0, 0.0)
    assert widget.loss < start_loss
    losses = [widget.loss]
    for _ in range(10):
        click(widget.update_button)
        losses.append(widget.loss)
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    assert len(widget.path_artist.get_xdata()) == 12
    assert "update 11" in widget.readout.get_text()
    click(widget.reset_button)
    assert (widget.m, widget.b) == (0.0, 0.0)
    assert widget.losses == [start_loss]
    assert "update 0" in widget.readout.get_text()


def test_update_takes_exactly_one_gradient_step():
    xs, ys = [0.0, 1.0, 2.0], [1.0, 3.0, 5.0]
    widget = TrainTheLine(xs, ys, 0.0, 0.0, learning_rate=0.1, minimum=(2.0, 1.0))
    widget.update()
    # dL/dm = -(2/3) * sum(x * y) = -26/3, dL/db = -(2/3) * sum(y) = -6
    assert widget.m == pytest.approx(0.1 * 26 / 3)
    assert widget.b == pytest.approx(0.6)
    assert not math.isnan(widget.gradient[0])
