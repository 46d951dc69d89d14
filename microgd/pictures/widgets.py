"""Figures you can play with: sliders and buttons that call microgd on every move.

Each widget is a small object holding its matplotlib figure and its controls, so a demo script
can show it and a test can drive it without a screen:

    FitByHand        sliders for m and b, the line and its MSE update as you drag
    TangentExplorer  a slider moves a point along a curve; the tangent and slope f'(a) follow
    Descent1D        a "Step" button takes one step a <- a - lr * f'(a) down a curve

Every number shown (the MSE, the slope, the step) is computed by microgd as you move:
a forward pass builds the graph, ``backward()`` fills in the gradient. The training widget,
with three panels and "Update"/"Reset" buttons, is in train_widget.py.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from matplotlib.widgets import Button, Slider

from microgd.learning.curves import Curve, descent_step, line_mse, start_descent, tangent_line, value_and_slope
from microgd.engine import Value
from microgd.pictures.plots import (LINE_COLOR, PATH_COLOR, draw_data, line_through, move_line, padded_range, plt,
                           refresh)


class FitByHand:
    """The data, a line y = m*x + b, and two sliders: try to match the data by eye.

    The vertical red segments are the errors y_real - y_pred; the MSE readout is the mean of
    their squares. Read it with ``widget.readout.get_text()``.
    """

    def __init__(self, xs, ys, m0: float, b0: float, m_range, b_range, xlabel="x", ylabel="y") -> None:
        self.xs, self.ys = list(xs), list(ys)
        self.figure, self.ax = plt.subplots(figsize=(7, 5.5))
        self.figure.subplots_adjust(bottom=0.27)
        draw_data(self.ax, self.xs, self.ys, xlabel, ylabel)
        self.line = line_through(self.ax, self.xs, m0, b0, label="y = m*x + b")
        self.errors = self.ax.vlines(self.xs, self.ys, self.ys, color=LINE_COLOR, alpha=0.4, label="errors")
        self.ax.legend(loc="upper left")
        self.ax.set_ylim(*padded_range(self.ys, 0.4))
        self.readout = self.ax.set_title("")
        self.slider_m = Slider(self.figure.add_axes([0.15, 0.12, 0.7, 0.04]), "m (slope)", *m_range, valinit=m0)
        self.slider_b = Slider(self.figure.add_axes([0.15, 0.05, 0.7, 0.04]), "b (intercept)", *b_range, valinit=b0)
        self.slider_m.on_changed(self.update)
        self.slider_b.on_changed(self.update)
        self.update()

    def update(self, _value: float | None = None) -> float:
        """Redraw for the sliders' current m and b; returns the new MSE."""
        m, b = self.slider_m.val, self.slider_b.val
        move_line(self.line, self.xs, m, b)
        predictions = [m * x + b for x in self.xs]
        self.errors.set_segments([[(x, y), (x, p)] for x, y, p in zip(self.xs, self.ys, predictions)])
        loss = line_mse(self.xs, self.ys, m, b)
        self.readout.set_text(f"y = {m:.3g} * x + {b:.3g}      MSE = {loss:,.4g}")
        refresh(self.figure)
        return loss


class TangentExplorer:
    """A curve, a point on it, and the tangent line there; a slider moves the point.

    ``knob`` and ``curve`` name the parameter and the function in the readout and on the slider
    ("a" and "f" by default; "m" and "L" for the loss along the slope of a line).
    """

    def __init__(self, f: Curve, a0: float, a_range: tuple[float, float], marked: Sequence[float] = (),
                 knob: str = "a", curve: str = "f") -> None:
        self.f, self.knob, self.curve = f, knob, curve
        self.figure, self.ax = plt.subplots(figsize=(7.5, 6))
        self.figure.subplots_adjust(bottom=0.18, top=0.82)
        draw_curve(self.ax, f, *a_range)
        for a in marked:  # fixed tangents, so a still picture tells the story too
            draw_tangent(self.ax, f, a, color="0.55", linewidth=1.2, annotate=True)
        self.tangent = draw_tangent(self.ax, f, a0, color=LINE_COLOR, linewidth=2.2)
        (self.point,) = self.ax.plot([a0], [value_and_slope(f, a0)[0]], "o", color=LINE_COLOR, zorder=4)
        self.readout = self.ax.set_title("", fontsize=10)
        self.slider = Slider(self.figure.add_axes([0.15, 0.05, 0.7, 0.04]), knob, *a_range, valinit=a0)
        self.slider.on_changed(self.update)
        self.update()

    def update(self, _value: float | None = None) -> float:
        """Move the point and its tangent to the slider's a; returns the slope f'(a)."""
        a = self.slider.val
        height, slope = value_and_slope(self.f, a)
        self.point.set_data([a], [height])
        _move_tangent(self.tangent, slope, height, a)
        trend = "downhill: the minimum is to the right" if slope < -1e-9 else (
            "uphill: the minimum is to the left" if slope > 1e-9 else "flat: this is the minimum")
        x, f = self.knob, self.curve
        self.readout.set_text(f"{x} = {a:.2f}   {f}({x}) = {height:.3f}   slope {f}'({x}) = {slope:+.3f}\n{trend}")
        refresh(self.figure)
        return slope


class Descent1D:
    """Gradient descent on a curve, one click at a time: a <- a - lr * f'(a).

    ``knob`` and ``curve`` name the parameter and the function in the readout, as in TangentExplorer.
    """

    def __init__(self, f: Curve, a0: float, learning_rate: float, a_range: tuple[float, float],
                 knob: str = "a", curve: str = "f") -> None:
        self.f, self.a0, self.learning_rate = f, a0, learning_rate
        self.knob, self.curve = knob, curve
        self.figure, self.ax = plt.subplots(figsize=(7.5, 6))
        self.figure.subplots_adjust(bottom=0.2, top=0.83)
        draw_curve(self.ax, f, *a_range)
        (self.trail,) = self.ax.plot([], [], "o-", color=PATH_COLOR, alpha=0.6, markersize=4, label="steps so far")
        self.tangent = draw_tangent(self.ax, f, a0, color=LINE_COLOR, linewidth=1.5)
        (self.point,) = self.ax.plot([], [], "o", color=LINE_COLOR, markersize=9, zorder=4, label="a now")
        self.ax.legend(loc="upper center")
        self.readout = self.ax.set_title("", fontsize=10)
        self.step_button = add_button(self.figure, [0.58, 0.04, 0.15, 0.07], "Step", self.step)
        self.reset_button = add_button(self.figure, [0.76, 0.04, 0.15, 0.07], "Reset", self.reset)
        self.reset()

    @property
    def a(self) -> float:
        """Where the point is now."""
        return self.descent.a

    def step(self) -> float:
        """One step downhill; returns the new a."""
        descent_step(self.f, self.descent)
        self._redraw()
        return self.a

    def reset(self) -> None:
        """Back to the starting point."""
        self.descent = start_descent(self.f, self.a0, self.learning_rate)
        self._redraw()

    def _redraw(self) -> None:
        d = self.descent
        a, height, slope, lr = d.a, d.heights[-1], d.slopes[-1], d.learning_rate
        x, f = self.knob, self.curve
        self.trail.set_data(d.points, d.heights)
        self.point.set_data([a], [height])
        _move_tangent(self.tangent, slope, height, a)
        self.readout.set_text(
            f"step {len(d.points) - 1}:  {x} = {a:.4f},  {f}({x}) = {height:.4f},  {f}'({x}) = {slope:+.4f}\n"
            f"next {x} = {x} - lr * {f}'({x}) = {a:.4f} - {lr:g} * ({slope:+.4f}) = {a - lr * slope:.4f}"
        )
        refresh(self.figure)


def add_button(figure, where: list[float], text: str, on_click: Callable[[], object]) -> Button:
    """A button that calls ``on_click()`` when clicked.

    Args:
        figure: the widget's figure.
        where: [left, bottom, width, height], as fractions of the figure.
        text: the word on the button.
        on_click: what a click does, e.g. ``self.step``.
    Returns:
        The Button. Keep it (as an attribute): a test clicks it, and matplotlib stops answering
        a button that nothing refers to any more.
    """
    button = Button(figure.add_axes(where), text)
    button.on_clicked(lambda _event: on_click())
    return button


# ---- curve drawing shared by the 1D widgets and demos ----


def draw_curve(ax, f: Curve, low: float, high: float, **style) -> None:
    """Plot y = f(a) for a in [low, high] (forward passes only, no gradients needed)."""
    grid = np.linspace(low, high, 300)
    ax.plot(grid, [f(Value(a)).data for a in grid], **{"color": "tab:blue", "linewidth": 2, **style})
    ax.set_xlabel("a (the parameter)")
    ax.set_ylabel("f(a) (the loss)")
    ax.grid(True, alpha=0.3)


def draw_tangent(ax, f: Curve, a: float, half_width: float = 0.9, annotate: bool = False, **style):
    """Draw the tangent at a as a short segment; with annotate, write its slope beside it."""
    slope, intercept = tangent_line(f, a)
    segment = np.array([a - half_width, a + half_width])
    (artist,) = ax.plot(segment, slope * segment + intercept, **style)
    artist.half_width = half_width
    if annotate:
        ax.plot([a], [slope * a + intercept], "o", color=style.get("color", "k"), markersize=4)
        # write on the open side of the bowl: up-right of a downhill tangent, up-left of an uphill one
        side = 0 if abs(slope) < 1e-9 else (1 if slope < 0 else -1)
        ax.annotate(f"slope {slope:+.2f}", (a, slope * a + intercept), textcoords="offset points",
                    xytext=(8 * side, 8), ha={0: "center", 1: "left", -1: "right"}[side], fontsize=9)
    return artist


def _move_tangent(artist, slope: float, height: float, a: float) -> None:
    segment = np.array([a - artist.half_width, a + artist.half_width])
    artist.set_data(segment, height + slope * (segment - a))

