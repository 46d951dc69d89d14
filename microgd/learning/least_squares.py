"""The closed-form answer: the best weights by linear algebra, to check gradient descent against.

For a model that is linear in its parameters, y = w1*x1 + ... + wk*xk + b, the MSE is a bowl
with one lowest point, and linear algebra finds it without a single step of descent: it is the
least-squares solution of X w = y (numpy.linalg.lstsq). Gradient descent on the MSE should
arrive at the same weights, which makes this the answer key for `fit`.

Solving on the raw numbers can go quietly wrong. With x near 1e16 (nanosecond timestamps) the
column of x and the column of 1s for b differ in size by 16 digits, and lstsq treats the smaller
one as noise and drops it. So, as statistics packages do, we solve on centred and scaled columns
(scaling.py) and convert the answer back:

    x_s = (x - mean) / sd,   y_c = y - mean_y,   solve X_s ws = y_c,
    w_j = ws_j / sd_j,       b = mean_y - sum_j w_j * mean_j

What is left is the problem's own difficulty: columns that nearly repeat each other (x and x**2
over x = 10..11, say) leave the bowl almost flat along some direction, so tiny changes in the
data move the answer a lot. The *condition number* measures that (the ratio of the largest to the
smallest singular value of X_s); about log10(condition) of the 16 digits a float holds are lost.
Above ILL_CONDITIONED the answer says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from microgd.learning.scaling import Standardisation, as_table

ILL_CONDITIONED = 1e8  # a condition number above this leaves fewer than about 8 trustworthy digits


@dataclass(frozen=True)
class LeastSquares:
    """The least-squares fit: weights (one per feature column), bias, and how well it fits."""

    weights: tuple[float, ...]
    bias: float
    mse: float  # the smallest MSE any weights can reach on this data
    condition: float  # of the standardised columns: about log10(condition) digits are lost
    warning: str | None  # why these weights may be inaccurate, when they may be

    @property
    def ill_conditioned(self) -> bool:
        return self.warning is not None


def least_squares(features: Sequence, ys: Sequence[float], names: Sequence[str] | None = None) -> LeastSquares:
    """The weights and bias that minimise the MSE of y = w . x + b, by centred and scaled lstsq.

    >>> fit = least_squares([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    >>> [round(w, 12) for w in fit.weights], round(fit.bias, 12)
    ([2.0], 1.0)

    Args:
        features: numbers (one column) or rows of numbers (several).
        ys: the targets, one per row.
        names: the columns' names, for messages.
    Raises:
        ValueError: no data, unequal lengths, or a column that does not vary.
    """
    table, _ = as_table(features)
    targets = np.asarray(ys, dtype=float)
    if len(table) != len(targets) or len(targets) == 0:
        raise ValueError(f"least squares needs one target per row and at least one row, got {len(table)} rows "
                         f"and {len(targets)} targets")
    scale = Standardisation.of(features, ys, names)
    means, sds = np.array(scale.x_means), np.array(scale.x_sds)
    scaled = (table - means) / sds
    solution, *_ = np.linalg.lstsq(scaled, targets - scale.y_mean, rcond=None)
    weights = solution / sds
    bias = scale.y_mean - float(weights @ means)
    residuals = targets - (table @ weights + bias)
    condition = float(np.linalg.cond(scaled)) if len(table) > 1 else math.inf
    return LeastSquares(tuple(map(float, weights)), float(bias), float(np.mean(residuals**2)), condition,
                        _warning(condition, table.shape[1], names))


def least_squares_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """The best line y = m*x + b in closed form: (m, b)."""
    fit = least_squares(xs, ys)
    return fit.weights[0], fit.bias


def mse_of(features: Sequence, ys: Sequence[float], weights: Sequence[float], bias: float) -> float:
    """The MSE of y = w . x + b on the data, in numpy: (1/n) * sum((y - (X w + b))**2).

    The same number microgd's `mse` computes from a graph of Values, without building the graph:
    for summaries of big data sets.
    """
    table, _ = as_table(features)
    errors = np.asarray(ys, dtype=float) - (table @ np.asarray(weights, dtype=float) + bias)
    return float(np.mean(errors**2))


def _warning(condition: float, columns: int, names: Sequence[str] | None) -> str | None:
    if condition <= ILL_CONDITIONED:
        return None
    digits = max(0, 16 - round(math.log10(condition))) if math.isfinite(condition) else 0
    which = f" ({', '.join(names)})" if names else ""
    return (f"the closed-form answer is ill-conditioned (condition number {condition:.3g}): the {columns} "
            f"feature columns{which} nearly repeat each other, so only about {digits} of its digits can be "
            "trusted; drop a column or use a lower polynomial degree")
