"""One parameter first: the derivative, the tangent line, and gradient descent on a curve.

Before a model with many parameters, take a curve y = f(a) with a single knob a. Three ideas
carry over unchanged to any number of parameters:

* The **derivative** f'(a) is the slope of the curve at a. microgd computes it: build f(a) from a
  Value, call ``backward()``, read ``a.grad``.
* The **tangent line** at a touches the curve there with that slope:
  y = f(a) + f'(a) * (x - a). Left of a minimum it slopes down (f'(a) < 0), right of it up
  (f'(a) > 0), and at the minimum it is flat (f'(a) = 0).
* **Gradient descent** steps against the slope, a step proportional to it:
  a <- a - lr * f'(a). A negative slope moves a right, a positive one moves it left, and the
  steps shrink as the curve flattens near the minimum. lr is the *learning rate*.

The same holds with two knobs: `line_mse` gives the loss of the line y = m*x + b as a function
of (m, b), the surface landscape.py draws, and `mse_slice` cuts one curve out of it, L(m) with b
held fixed, so a real loss can be drawn with one knob. This module needs no matplotlib; the pictures live in
widgets.py and plots.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

from microgd.engine import Value
from microgd.learning.losses import mse
from microgd.learning.models import Line

Curve = Callable[[Value], Value]  # a function built from Value operations, such as a**2 - 2*a


def value_and_slope(f: Curve, a: float) -> tuple[float, float]:
    """f(a) and the slope f'(a), the slope computed by microgd's backward pass.

    Args:
        f: the curve, written with Value operations.
        a: the point.
    Returns:
        (f(a), f'(a)) as floats.
    """
    knob = Value(a, label="a")
    height = f(knob)
    height.backward()  # fills knob.grad = d f / d a
    return height.data, knob.grad


def tangent_line(f: Curve, a: float) -> tuple[float, float]:
    """The tangent at a as (slope, intercept): y = slope * x + intercept.

    The tangent passes through (a, f(a)) with slope f'(a), so its intercept is f(a) - f'(a) * a.
    """
    height, slope = value_and_slope(f, a)
    return slope, height - slope * a


@dataclass
class Descent:
    """The record of gradient descent on a curve: every position, height and slope visited.

    ``points[0]`` is the start; ``points[i]`` is a after i steps. ``diverged`` is True when the
    steps ran away to numbers too large for a float (a learning rate that is too large).
    """

    learning_rate: float
    points: list[float] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    slopes: list[float] = field(default_factory=list)
    diverged: bool = False

    @property
    def a(self) -> float:
        """Where the descent is now."""
        return self.points[-1]


def start_descent(f: Curve, a0: float, learning_rate: float) -> Descent:
    """A descent standing at a0, not yet moved: measure the height and slope there."""
    height, slope = value_and_slope(f, a0)
    return Descent(learning_rate, [float(a0)], [height], [slope])


def descent_step(f: Curve, descent: Descent) -> Descent:
    """Take one step downhill, a <- a - lr * f'(a), and measure the height and slope at the new a."""
    if descent.diverged:
        return descent
    new_a = descent.a - descent.learning_rate * descent.slopes[-1]
    try:
        height, slope = value_and_slope(f, new_a)
    except OverflowError:  # f(a) is too large for a float: the step overshot without bound
        height, slope = math.inf, math.nan
    descent.points.append(new_a)
    descent.heights.append(height)
    descent.slopes.append(slope)
    descent.diverged = not (math.isfinite(height) and math.isfinite(slope))
    return descent


def descend(f: Curve, a0: float, learning_rate: float, steps: int) -> Descent:
    """Run ``steps`` steps of gradient descent from a0 (stopping early if it diverges)."""
    descent = start_descent(f, a0, learning_rate)
    for _ in range(steps):
        if descent.diverged:
            break
        descent_step(f, descent)
    return descent


# ---- two knobs: the loss of a line ----


def line_mse(xs: Sequence[float], ys: Sequence[float], m: float, b: float) -> float:
    """The mean squared error of the line y = m*x + b on the data, computed by microgd.

    L(m, b) = (1/n) * sum over points of (y_i - (m * x_i + b))**2: a forward pass only, no
    gradients. The widgets show it as you drag; landscape.mse_grid is the same formula in numpy.
    """
    line = Line(m, b)
    return mse([line(x) for x in xs], list(ys)).data


def mse_slice(xs: Sequence[float], ys: Sequence[float], b: float) -> Curve:
    """The MSE of the line y = m*x + b with b held fixed: a curve L(m) with one knob, m.

    It is the loss landscape L(m, b) cut along the horizontal line b = const, so its tangents,
    slopes and descents are those of the real loss along m:

        L(m) = (1/n) * sum over points of (y_i - (m * x_i + b))**2,
        dL/dm = -(2/n) * sum over points of x_i * (y_i - (m * x_i + b)).

    With b at the least-squares b*, its lowest point is the least-squares m*, and
    dL/dm = 2 * mean(x**2) * (m - m*): a parabola.

    >>> curve = mse_slice([1.0, 2.0], [2.0, 4.0], b=0.0)   # the data lie on y = 2x
    >>> value_and_slope(curve, 2.0)                        # the bottom: no error, flat
    (0.0, 0.0)
    """
    xs, ys = list(xs), list(ys)

    def loss_along_m(m: Value) -> Value:
        return mse([m * x + b for x in xs], ys)

    return loss_along_m
