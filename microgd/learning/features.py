"""Features made from features: polynomial terms, so that a Linear model can fit a curve.

A curve such as y = w1*x + w2*x**2 + b looks like it needs a new kind of model, but it does not.
"Linear" in linear regression means linear in the *parameters*: the prediction is a weighted sum
w . features + b, and the features may be anything computed from the data beforehand. Compute
the columns x and x**2 first, then fit Linear(2) to them:

    row for x = 3:   [3, 9]            prediction = w1 * 3 + w2 * 9 + b

The model only ever sees two numbers per row and learns two weights and a bias, exactly as it
would for two measured columns (area and rooms, say). So everything that holds for Linear holds
here too: the MSE is still a bowl with a single lowest point, gradient descent still slides
down into it, and least squares still finds that point in closed form.

Why the columns must then be scaled: the powers of x live at very different sizes. For x from
4 to 14 (Anscombe's quartet), x**2 runs from 16 to 196. The loss curves along each weight by
2 * mean(column**2), so it is about 130 times more sharply curved along w2 than along w1 (and
along w3, for x**3, about 19,000 times). One learning rate cannot suit them all: small enough
not to overshoot along w2, it crawls along w1 (the narrow valley of scaling.py). Standardising
each column, x**2 included, turns the valley back into a round bowl. The columns also nearly
repeat each other (over 4..14 the correlation of x and x**2 is 0.988), which leaves the bowl
almost flat in one direction; a higher degree makes that worse, and least_squares' condition
number says by how much.
"""

from __future__ import annotations

import math
import numbers
from typing import Sequence


def polynomial_features(xs: Sequence[float], degree: int) -> list[list[float]]:
    """Each number x as the row [x, x**2, ..., x**degree], for a Linear(degree) model.

    >>> polynomial_features([2.0, 3.0], 3)
    [[2.0, 4.0, 8.0], [3.0, 9.0, 27.0]]

    Args:
        xs: one column of numbers (not rows: a polynomial here is in one input).
        degree: the highest power, an integer >= 1 (1 gives the rows [x], a straight line).
    Returns:
        One row per x, the powers in increasing order, named by ``power_names``.
    Raises:
        ValueError: a degree that is not an integer >= 1, an x that is not a finite number, or
            a power too large for a float.
    """
    _check_degree(degree)
    rows = []
    for position, x in enumerate(xs):
        if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x):
            raise ValueError(f"polynomial_features takes one column of finite numbers; xs[{position}] is {x!r}")
        x = float(x)
        try:
            rows.append([x**power for power in range(1, degree + 1)])
        except OverflowError:
            raise ValueError(f"xs[{position}] = {x!r} to the power {degree} is too large for a float (over 1e308); "
                             "rescale x first (for example into thousands) or use a lower degree") from None
    return rows


def power_names(name: str, degree: int) -> list[str]:
    """The names of polynomial_features' columns: x, x^2, ..., x^degree.

    >>> power_names("area", 3)
    ['area', 'area^2', 'area^3']
    """
    _check_degree(degree)
    return [name] + [f"{name}^{power}" for power in range(2, degree + 1)]


def _check_degree(degree: int) -> None:
    if isinstance(degree, bool) or not isinstance(degree, numbers.Integral) or degree < 1:
        raise ValueError(f"the degree of a polynomial must be a whole number >= 1 (1: a line, 2: a parabola), "
                         f"got degree = {degree!r}")
