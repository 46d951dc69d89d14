"""The loss landscape of a line on your data, from five averages: as quick for a million rows as for ten.

The MSE of the line y = m*x + b is L(m, b) = mean((y - (m*x + b))**2). Multiply it out and the
data appear only through five averages: mean(x), mean(x**2), mean(y), mean(x*y), mean(y**2).
Written around the least-squares line (m*, b*), whose MSE is L*,

    L(m, b) = L* + var_x * (m - m*)**2 + ((b - b*) + mean_x * (m - m*))**2

(the cross terms vanish because least squares leaves errors uncorrelated with x and with 1).
So any data with the same mean_x, var_x, m*, b* and L* has *exactly* the same landscape, and
the same gradient at every (m, b). Four points are enough:

    x = mean_x + sd_x, mean_x + sd_x, mean_x - sd_x, mean_x - sd_x
    y = m* x + b* + sqrt(L*) * (+1, -1, +1, -1)

`stand_in` makes them. Contours drawn from them (landscape.py) and a descent walked on them
are those of the full data set, at the cost of four rows instead of a million: that is how
`landscape_figure` draws the landscape of your own data, raw beside standardised, for
`microgd fit`'s report (report.py).

The shape of the bowl is its *Hessian*, the slope of the slope (divergence.py): for a line,

    H = 2 * [[mean(x**2), mean_x],
             [mean_x,     1     ]]

Its eigenvalues are the bowl's curvatures along its two axes. Their ratio says how much longer
the bowl is than wide (its square root is the ratio of the contours' axes): 1 for standardised
data (mean 0, sd 1: a round bowl), and huge when x is far from 0 or spread far from 1.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from matplotlib.figure import Figure

from microgd.learning.divergence import largest_stable_lr
from microgd.learning.equation import count, readable
from microgd.learning.least_squares import least_squares, mse_of
from microgd.learning.models import Line
from microgd.learning.scaling import Standardisation
from microgd.pictures.landscape import draw_contours, draw_path, window
from microgd.pictures.plots import padded_range

SCALED_LR = 0.1  # the descent on standardised data (stable there for any data: the limit is 1)


def stand_in(xs: Sequence[float], ys: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Four points whose MSE landscape over (m, b) is exactly that of (xs, ys): see the module's docstring.

    Raises:
        ValueError: x does not vary (least_squares says so), so there is no bowl to draw.
    """
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    best = least_squares(x, y)
    mean_x, sd_x = float(x.mean()), float(x.std())
    four_x = mean_x + sd_x * np.array([1.0, 1.0, -1.0, -1.0])
    four_y = best.weights[0] * four_x + best.bias + math.sqrt(best.mse) * np.array([1.0, -1.0, 1.0, -1.0])
    return four_x, four_y


def curvature_ratio(xs: Sequence[float]) -> float:
    """The Hessian's largest eigenvalue over its smallest, for the MSE of a line on these x.

    With t = mean(x**2) + 1 and d = var_x (H / 2 has trace t and determinant d), the largest
    eigenvalue of H / 2 is (t + sqrt(t**2 - 4d)) / 2 and the product of the two is d, so
    largest / smallest = largest**2 / d, free of the cancellation a subtraction would bring.
    """
    x = np.asarray(xs, dtype=float)
    mean, var = float(x.mean()), float(x.var())
    trace = var + mean**2 + 1.0
    largest = (trace + math.sqrt(max(trace**2 - 4.0 * var, 0.0))) / 2.0
    return largest**2 / var


def descent_path(xs: Sequence[float], ys: Sequence[float], lr: float, steps: int) -> list[tuple[float, float]]:
    """(m, b) before and after each of ``steps`` full-batch gradient steps from (0, 0).

    The gradient of the MSE, as microgd's backward() finds it for a Line:

        r = y - (m*x + b),   dL/dm = -2 * mean(x * r),   dL/db = -2 * mean(r)

    written in numpy here because it runs on the four `stand_in` points, whose path is the
    full data's.
    """
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    m = b = 0.0
    path = [(m, b)]
    for _ in range(steps):
        errors = y - (m * x + b)
        m, b = m + lr * 2.0 * float(np.mean(x * errors)), b + lr * 2.0 * float(np.mean(errors))
        path.append((m, b))
    return path


def landscape_figure(xs: Sequence[float], ys: Sequence[float], x_name: str = "x", y_name: str = "y", steps: int = 100,
                     scaled: bool = True, lr: float | None = None,
                     trained_path: Sequence[tuple[float, float]] | None = None) -> Figure:
    """The loss over (m, b) for the raw data beside the standardised data, each with a descent path.

    Both sides take the same number of steps: on the raw data at half the largest stable
    learning rate (as fast as plain gradient descent safely goes there), on standardised data
    at lr = 0.1. The standardised side has equal axes, so its round bowl looks round. The raw
    valley is often thousands of times longer than wide, too thin to see at its true shape, so
    its axes are stretched to frame the path and the minimum, and the title gives the shape.

    Args:
        xs, ys: the data: one column of x and the targets (any number of rows).
        x_name, y_name: the columns' names.
        steps: the number of gradient steps on each side.
        scaled, lr, trained_path: the run being reported: whether it trained on standardised
            numbers, its learning rate, and its (m, b) after each step in the units it trained
            on. When a path is given it is drawn on its own side in place of a computed one.
    """
    raw_x, raw_y = stand_in(xs, ys)
    scale = Standardisation.of(xs, ys, [x_name])
    scaled_x, scaled_y = np.array(scale.features(raw_x)), np.array(scale.targets(raw_y))
    raw_lr = largest_stable_lr(Line(), raw_x.tolist()) / 2  # the stand-in's bowl is the data's: the same limit
    figure = Figure(figsize=(13, 6.2), layout="constrained")
    figure.suptitle(f"The loss landscape of your data: the MSE of the line {y_name} = m {x_name} + b "
                    f"over (m, b), and {count(steps, 'step')} of gradient descent from (0, 0)", fontsize=12)
    raw_side, scaled_side = figure.subplots(1, 2)
    for ax, four_x, four_y, to_your_units, side_lr, note, standardised in [
        (raw_side, raw_x, raw_y, 1.0, raw_lr, " (half the largest stable lr)", False),
        (scaled_side, scaled_x, scaled_y, scale.loss_factor, SCALED_LR, "", True),
    ]:
        if trained_path and standardised == scaled:  # the real run, in the units it trained on
            path, side_lr, note = [(float(m), float(b)) for m, b in trained_path], lr, " (your run)"
        else:
            path = descent_path(four_x, four_y, side_lr, steps)
        lr_text = ("lr not given" if side_lr is None else f"lr = {readable(side_lr)}") + note
        name = "standardised, (value - mean) / sd" if standardised else f"raw {x_name} and {y_name}"
        _draw_side(ax, name, four_x, four_y, to_your_units, path, lr_text, square=standardised)
    return figure


def _draw_side(ax, name: str, four_x: np.ndarray, four_y: np.ndarray, to_your_units: float,
               path: list[tuple[float, float]], lr_text: str, square: bool) -> None:
    """One side: contours from the stand-in points, the path, the minimum, and the bowl's shape in the title."""
    fit = least_squares(four_x, four_y)  # the stand-in's least squares: the data's own
    best = (fit.weights[0], fit.bias)
    ms, bs = zip(*path)
    if square:  # a square window and equal axes: the bowl at its true shape
        m_range, b_range = window(path, centre=best)
        ax.set_aspect("equal")
    else:
        m_range, b_range = padded_range([*ms, best[0]], 0.2), padded_range([*bs, best[1]], 0.2)
    draw_contours(ax, four_x, four_y, m_range, b_range, minimum=best)
    ax.lines[-1].set_label(f"minimum: MSE = {_mse(fit.mse * to_your_units)}")  # the red star, in your units
    end = mse_of(four_x, four_y, [ms[-1]], bs[-1]) * to_your_units
    draw_path(ax, ms, bs, label=f"{count(len(path) - 1, 'step')}, {lr_text}:\nends at MSE = {_mse(end)}",
              marker="o" if len(path) <= 300 else None)
    ratio = curvature_ratio(four_x)
    if ratio < 4:
        shape = "a round bowl, equally curved every way" if ratio < 1.01 else "a bowl, nearly round"
    else:
        shape = (f"a narrow valley, {readable(ratio**0.5, 4, True)} times longer than wide\n(the Hessian's "
                 f"eigenvalues differ {readable(ratio, 4, True)}-fold; the axes are stretched to show the path)")
    ax.set_title(f"{name}: {shape}", fontsize=10)
    ax.legend(loc="best", fontsize=8)


def _mse(value: float) -> str:
    return readable(value, 6, commas=True)
