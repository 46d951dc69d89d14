"""The notebook's sliders and buttons, driven from the test as a reader drives them in Jupyter.

Each test moves an ipywidgets slider or clicks an ipywidgets button and checks what the reader
then sees: the line, the MSE written above it, the point on the curve, and a new picture.
"""

from __future__ import annotations

import base64
import io
import sys

import pytest
from PIL import Image

from microgd import Line, Value, animate_backward, draw_graph, fit, house_prices, least_squares_line
from microgd.learning.curves import descend, line_mse, value_and_slope
from microgd.pictures import notebook_widgets as nw
from microgd.pictures.plots import plt

pytest.importorskip("ipywidgets", reason="the notebook widgets need ipywidgets: pip install -e '.[notebook]'")


def bowl(a: Value) -> Value:
    return (a - 2) ** 2 + 1


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def is_png(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return image.format == "PNG" and image.width > 100


def test_moving_the_sliders_moves_the_line_and_its_mse():
    xs, ys = house_prices()
    widget = nw.fit_by_hand(xs, ys, 1.0, 1.0, m_range=(-1, 6), b_range=(-3, 4))
    assert set(widget.sliders) == {"m (slope)", "b (intercept)"}
    assert f"MSE = {line_mse(xs, ys, 1.0, 1.0):,.4g}" in widget.picture.readout.get_text()
    before = widget.image.value
    best_m, best_b = least_squares_line(xs, ys)
    widget.sliders["m (slope)"].value = best_m
    widget.sliders["b (intercept)"].value = best_b
    assert f"MSE = {line_mse(xs, ys, best_m, best_b):,.4g}" in widget.picture.readout.get_text()
    line = widget.picture.line
    assert list(line.get_ydata()) == pytest.approx([best_m * x + best_b for x in line.get_xdata()])
    assert widget.image.value != before and is_png(widget.image.value)  # the reader sees a new picture


def test_the_tangent_slider_moves_the_point_and_the_slope():
    widget = nw.tangent_explorer(bowl, a0=0.5, a_range=(-1, 5))
    (slider,) = widget.sliders.values()
    slider.value = 4.0
    height, slope = value_and_slope(bowl, 4.0)
    assert [list(v) for v in widget.picture.point.get_data()] == [[4.0], [pytest.approx(height)]]
    assert f"{slope:+.3f}" in widget.picture.readout.get_text() and "left" in widget.picture.readout.get_text()


def test_step_walks_downhill_and_reset_starts_over():
    widget = nw.descent_1d(bowl, a0=-1.0, learning_rate=0.15, a_range=(-2, 5))
    first = widget.image.value
    for _ in range(3):
        widget.buttons["Step"].click()
    three_steps = descend(bowl, -1.0, 0.15, 3)
    assert widget.picture.a == pytest.approx(three_steps.a)
    assert [list(v) for v in widget.picture.point.get_data()] == [[pytest.approx(three_steps.a)],
                                                                 [pytest.approx(three_steps.heights[-1])]]
    assert widget.image.value != first
    widget.buttons["Reset"].click()
    assert widget.picture.a == -1.0 and "step 0" in widget.picture.readout.get_text()


def test_update_takes_the_same_steps_as_fit():
    xs, ys = house_prices()
    minimum = least_squares_line(xs, ys)
    widget = nw.train_the_line(xs, ys, m0=0.0, b0=0.0, learning_rate=0.1, minimum=minimum)
    for _ in range(5):
        widget.buttons["Update"].click()
    line = Line()
    history = fit(line, xs, ys, lr=0.1, steps=5, progress=False, warn=False)
    assert (widget.picture.m, widget.picture.b) == pytest.approx((line.m.data, line.b.data))
    assert widget.picture.losses == pytest.approx(history.losses)
    widget.buttons["Reset"].click()
    assert (widget.picture.m, widget.picture.b) == (0.0, 0.0) and len(widget.picture.losses) == 1


def test_the_widget_displays_as_ipywidgets_in_jupyter():
    xs, ys = house_prices()
    bundle = nw.fit_by_hand(xs, ys, 1.0, 1.0, (-1, 6), (-3, 4))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_without_ipywidgets_a_still_picture_and_one_line_saying_so(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    xs, ys = house_prices()
    widget = nw.fit_by_hand(xs, ys, 1.0, 1.0, (-1, 6), (-3, 4))
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "ipywidgets" in said and "pip install" in said
    assert widget.sliders == {} and widget.image is None
    bundle = widget._repr_mimebundle_()
    assert is_png(base64.b64decode(bundle["image/png"]))
    assert f"MSE = {line_mse(xs, ys, 1.0, 1.0):,.4g}" in widget.picture.readout.get_text()


def test_without_ipywidgets_the_buttons_pictures_show_the_descent_after_some_clicks(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # makes `import ipywidgets` fail
    rolling = nw.descent_1d(bowl, a0=-1.0, learning_rate=0.15, a_range=(-2, 5))
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "after 10 steps" in said and "pip install ipywidgets" in said
    ten_steps = descend(bowl, -1.0, 0.15, 10)
    assert rolling.picture.a == pytest.approx(ten_steps.a)
    assert list(rolling.picture.trail.get_xdata()) == pytest.approx(ten_steps.points)  # the walk is drawn
    assert "step 10" in rolling.picture.readout.get_text()

    xs, ys = house_prices()
    training = nw.train_the_line(xs, ys, m0=0.0, b0=0.0, learning_rate=0.1, minimum=least_squares_line(xs, ys))
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "after 30 updates" in said
    line = Line()
    history = fit(line, xs, ys, lr=0.1, steps=30, progress=False, warn=False)
    assert (training.picture.m, training.picture.b) == pytest.approx((line.m.data, line.b.data))
    assert list(training.picture.curve_artist.get_ydata()) == pytest.approx(history.losses)
    assert "update 30" in training.picture.readout.get_text()
    assert is_png(base64.b64decode(training._repr_mimebundle_()["image/png"]))


def test_the_learning_curve_keeps_up_with_the_clicks_past_max_steps():
    xs, ys = house_prices()
    widget = nw.train_the_line(xs, ys, m0=0.0, b0=0.0, learning_rate=0.1, minimum=least_squares_line(xs, ys),
                               max_steps=50)
    curve = widget.picture.curve_artist
    assert widget.picture.curve_ax.get_xlim() == (0, 50)
    for _ in range(80):
        widget.buttons["Update"].click()
    assert "update 80" in widget.picture.readout.get_text()
    assert list(curve.get_xdata()) == list(range(81))  # a point for every update, the 80th included...
    low, high = widget.picture.curve_ax.get_xlim()
    assert low <= 0 and high >= 80  # ...and all of them inside the axis
    widget.buttons["Reset"].click()
    assert widget.picture.curve_ax.get_xlim() == (0, 50)


def one_point_loss():
    m, x, b, y = Value(2.0, label="m"), Value(3.0, label="x"), Value(1.0, label="b"), Value(10.0, label="y")
    loss = (m * x + b - y) ** 2
    loss.backward()
    return loss, m, b


def test_show_graph_without_dot_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    loss, m, b = one_point_loss()
    bundle = nw.show_graph(draw_graph(loss, params=[m, b]))._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "apt-get install graphviz" in bundle["text/plain"] and "trace" in bundle["text/plain"]


@pytest.mark.needs_dot
def test_show_graph_shows_the_svg():
    loss, m, b = one_point_loss()
    bundle = nw.show_graph(draw_graph(loss, params=[m, b]))._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"] and "grad &#45;18" in bundle["image/svg+xml"]


@pytest.mark.needs_dot
def test_animate_backward_shows_its_gif_inline_and_is_still_the_list_of_files(tmp_path):
    from IPython.core.formatters import DisplayFormatter

    loss, m, b = one_point_loss()
    written = animate_backward(loss, tmp_path / "film.gif", params=[m, b], max_frames=3)
    assert written == [tmp_path / "film.gif"] and written[0].exists()  # as before: a list of paths
    shown, _ = DisplayFormatter().format(written)  # what Jupyter does with a cell's last value
    encoded = shown["text/html"].split("base64,")[1].split('"')[0]
    assert base64.b64decode(encoded) == written[0].read_bytes()
