"""Feature scaling: why one learning rate wants every number near 1, and how to put it there.

Gradient descent moves every parameter by lr * (its slope). Fit y = w*x + b with x in the
thousands and the slope along w is about a thousand times steeper than along b: the loss is a
long, narrow valley instead of a round bowl. A learning rate small enough not to overshoot
across the valley (along w) crawls along its floor (along b), and training looks finished long
before it is. Polynomials make it worse: for x = 10, x**3 = 1000.

*Standardising* each column puts every number near 1 and turns the valley into a round bowl,
where lr = 0.1 suits every parameter at once:

    x_s = (x - mean_x) / sd_x        for each feature column
    y_s = (y - mean_y) / sd_y        for the target

A model that is linear in its inputs (Line, Linear) is the same line in other units after
this, so what it learns converts back exactly:

    y_s = sum_j ws_j * x_s_j + bs
    =>  w_j = ws_j * sd_y / sd_j,    b = mean_y + sd_y * bs - sum_j w_j * mean_j

and a mean squared error in the data's units is sd_y**2 times the one in standardised units.
`fit(..., scale=True)` does all of this for you; this module is the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

# Below this spread, relative to the column's size, its values differ only in the last digits a
# float can hold (about 16): rounding, not data.
SMALLEST_RELATIVE_SPREAD = 1e-13


@dataclass(frozen=True)
class Standardisation:
    """The mean and standard deviation of each feature column and of the target.

    Build it from the data with ``Standardisation.of(features, ys)``. ``features`` is a list of
    numbers (one column, as a Line takes) or a list of rows (as a Linear takes); the methods
    hand back the same shape they were given.
    """

    x_means: tuple[float, ...]
    x_sds: tuple[float, ...]
    y_mean: float
    y_sd: float
    one_column: bool  # True: features are plain numbers, not rows

    @classmethod
    def of(cls, features: Sequence, ys: Sequence[float], names: Sequence[str] | None = None) -> Standardisation:
        """Measure the columns. A feature column that does not vary cannot be scaled (or fitted).

        Args:
            features: numbers (one column) or rows of numbers.
            ys: the targets.
            names: the columns' names for error messages (default x1, x2, ...; x for one column).
        Raises:
            ValueError: a column whose values are all the same, or differ only by rounding, or are
                too large to square.
        """
        table, one_column = as_table(features)
        targets = np.asarray(ys, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):  # numbers near 1e200 square past the largest float
            means, sds = table.mean(axis=0), table.std(axis=0)
            y_sd = float(targets.std())
        if names is None:
            names = ["x"] if one_column else [f"x{j}" for j in range(1, table.shape[1] + 1)]
        for name, mean, sd, column in zip([*names, "y"], [*means, targets.mean()], [*sds, y_sd], [*table.T, targets]):
            if not (np.isfinite(mean) and np.isfinite(sd)):
                biggest = float(np.max(np.abs(column)))
                raise ValueError(f"column {name!r} holds numbers too large to square (up to {biggest:.3g}; the largest "
                                 f"float is about 1.8e308): divide it by 1e{max(1, int(np.log10(biggest)))} first")
        for name, mean, sd, column in zip(names, means, sds, table.T):
            low, high = float(column.min()), float(column.max())
            if low == high:
                raise ValueError(f"column {name!r} does not vary: every value is {low!r}, so no slope can be fitted "
                                 "to it; a fit needs an input that takes at least two different values")
            if not sd > SMALLEST_RELATIVE_SPREAD * abs(mean) or not sd >= np.finfo(float).tiny:
                raise ValueError(
                    f"column {name!r} barely varies: its values lie between {low!r} and {high!r} (standard deviation "
                    f"{sd:.3g} around {mean:.6g}), closer together than floating-point arithmetic can fit a slope "
                    "to; rescale it (subtract its mean, or multiply it by a power of 10) so the values differ clearly"
                )
        y_sd = y_sd if y_sd > SMALLEST_RELATIVE_SPREAD * abs(float(targets.mean())) and y_sd > 0 else 1.0
        return cls(tuple(map(float, means)), tuple(map(float, sds)), float(targets.mean()), y_sd, one_column)

    def features(self, features: Sequence) -> list:
        """x_s = (x - mean) / sd for every column, in the shape given (numbers or rows)."""
        table, _ = as_table(features)
        scaled = (table - np.array(self.x_means)) / np.array(self.x_sds)
        return scaled[:, 0].tolist() if self.one_column else scaled.tolist()

    def targets(self, ys: Sequence[float]) -> list[float]:
        """y_s = (y - mean_y) / sd_y."""
        return ((np.asarray(ys, dtype=float) - self.y_mean) / self.y_sd).tolist()

    def to_data_units(self, weights: Sequence[float], bias: float) -> tuple[list[float], float]:
        """A model trained on standardised data, in the data's own units: (ws, bs) -> (w, b)."""
        w = [ws * self.y_sd / sd for ws, sd in zip(weights, self.x_sds)]
        return w, self.y_mean + self.y_sd * bias - sum(wj * mean for wj, mean in zip(w, self.x_means))

    def to_training_units(self, weights: Sequence[float], bias: float) -> tuple[list[float], float]:
        """The other way: (w, b) in the data's units -> (ws, bs) on standardised data."""
        ws = [w * sd / self.y_sd for w, sd in zip(weights, self.x_sds)]
        shift = sum(w * mean for w, mean in zip(weights, self.x_means))
        return ws, (bias - self.y_mean + shift) / self.y_sd

    def grads_to_data_units(self, weight_grads: Sequence[float], bias_grad: float) -> tuple[list[float], float]:
        """Slopes of the data-unit MSE from slopes gs_j, gs_b of the standardised one, by the chain rule.

        L = sd_y**2 * L_s(ws, bs), with ws_j = w_j * sd_j / sd_y and bs = (b - mean_y + sum_j w_j * mean_j) / sd_y,
        so  dL/dw_j = sd_y * (gs_j * sd_j + gs_b * mean_j)  and  dL/db = sd_y * gs_b.
        """
        w = [self.y_sd * (g * sd + bias_grad * mean) for g, sd, mean in zip(weight_grads, self.x_sds, self.x_means)]
        return w, self.y_sd * bias_grad

    @property
    def loss_factor(self) -> float:
        """An MSE on standardised data times this (sd_y**2) is the MSE in the data's units."""
        return self.y_sd**2


def as_table(features: Sequence) -> tuple[np.ndarray, bool]:
    """Features as an n-by-k float array, and whether they came as plain numbers (one column)."""
    table = np.asarray(features, dtype=float)
    if table.ndim == 1:
        return table[:, None], True
    if table.ndim != 2:
        raise ValueError(f"features must be numbers or rows of numbers, got an array of shape {table.shape}")
    return table, False
