"""A fitted model written the way a learner writes it: y = 10.23 x - 117.8, never y = 10.23 x + -117.8.

A model that is linear in its weights, y = w1*x1 + ... + wk*xk + b, prints as one term per
weight and then the bias, each sign written once, between the terms:

    equation(["x"], [10.23], -117.8)                ->  "y = 10.23 x - 117.8"
    equation(["x", "x^2"], [2.78, -0.127], -6.0)    ->  "y = 2.78 x - 0.127 x^2 - 6"

Numbers are written like Python's %g: a few significant digits, and powers of ten for the tiny
and the huge (1e-16, 3.2e+20), so no weight is ever shown as a misleading 0.0000. This module
needs no matplotlib, so the command line prints the same equation the pictures show, and counts
its steps the same way (`count`: "1 step", never "1 steps").
"""

from __future__ import annotations

from typing import Sequence


def readable(x: float, digits: int = 4, commas: bool = False) -> str:
    """``x`` to ``digits`` significant digits, %g style; -0.0 (a rounding artefact) is written 0.

    ``commas`` groups the thousands (17,642), for numbers read on their own such as an MSE; an
    equation leaves them out, where a comma would look like a list.

    >>> readable(10.2345), readable(-0.0), readable(1.5e-16), readable(123456789.0, 6), readable(17642.3, 6, True)
    ('10.23', '0', '1.5e-16', '1.23457e+08', '17,642.3')
    """
    return f"{x + 0.0:{',' if commas else ''}.{digits}g}"  # -0.0 + 0.0 is 0.0


def count(k: int, noun: str) -> str:
    """1 step, 200 steps, 1,000,000 rows: a whole number and its noun, plural unless k is 1."""
    return f"{k:,} {noun}" + ("" if k == 1 else "s")


def equation(names: Sequence[str], weights: Sequence[float], bias: float, y_name: str = "y",
             digits: int = 4) -> str:
    """The model y = w1 x1 + ... + wk xk + b as text, with each sign written once.

    Every weight is written, a zero one too (``0 x``), so the equation shows every parameter
    the model has; the bias comes last.

    >>> equation(["bmi", "bp"], [-0.5, 2.0], 0.0, y_name="target")
    'target = -0.5 bmi + 2 bp + 0'

    Args:
        names: the name of each weight's input, e.g. ["x"], ["bmi", "bp"] or ["x", "x^2"].
        weights: one weight per name.
        bias: the constant term b.
        y_name: the name of the predicted quantity.
        digits: significant digits of each number (4 for pictures; more to check by hand).
    Raises:
        ValueError: a different number of names and weights.
    """
    if len(names) != len(weights):
        raise ValueError(f"an equation needs one name per weight, got {len(names)} names {list(names)} "
                         f"and {len(weights)} weights {list(weights)}")
    terms = [(float(w), f" {name}") for name, w in zip(names, weights)] + [(float(bias), "")]
    text = f"{y_name} ="
    for position, (value, name) in enumerate(terms):
        size, negative = readable(abs(value), digits), value < 0  # -0.0 < 0 is False: written + 0
        if position == 0:
            text += f" -{size}{name}" if negative else f" {size}{name}"
        else:
            text += f" - {size}{name}" if negative else f" + {size}{name}"
    return text
