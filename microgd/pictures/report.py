"""The report of a fit: pictures that show what gradient descent found, beside the best answer.

`microgd fit` trains a model on your columns. Each picture here sets what it learned beside the
closed-form least-squares answer (least_squares.py), so a fit that is not finished cannot look
finished:

    fit_line.png        one x column: the data, the learned line (or curve) and the least-squares one
    learning_curve.png  the MSE after each step, and the least-squares MSE: the floor it should reach
    landscape.png       one x column, a straight line: the loss over (m, b), raw beside standardised
    predicted.png       several x columns, or a polynomial: predicted against actual y

Fill a `FitReport` with plain numbers, then call ``write_fit_report(out_dir, report)``.

Every number uses every row, but a scatter plot of a million points is a blot: at most
MOST_POINTS rows are drawn, picked at random, and the title says so. The landscape needs only
five averages of the data (line_landscape.py shows why), so it is as quick for a million
rows as for ten.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from matplotlib.figure import Figure

from microgd.learning.equation import count, equation, readable
from microgd.pictures.line_landscape import landscape_figure
from microgd.pictures.plots import DATA_COLOR, LINE_COLOR, draw_data, draw_learning_curve, line_through, save_png

MOST_POINTS = 2000  # rows drawn in a scatter plot; the rest only make it darker
CLOSED_COLOR = "black"  # the least-squares answer, dashed, in every picture
GAP_COLOR = "firebrick"  # the distance a run has still to go
REACHED = 1e-6  # a final MSE within REACHED * var(y) of the optimum has reached it

@dataclass
class FitReport:
    """What a fit learned and what least squares says, in the data's own units: plain numbers.

    Fields:
        x_names: the x columns' names, e.g. ["bmi", "bp"], or ["x"] for one column.
        y_name: the target column's name.
        columns: the raw x columns, one sequence of n numbers per name.
        ys: the n targets.
        weight_names: one name per weight, e.g. ["bmi", "bp"], or ["x", "x^2"] for a polynomial.
        weights, bias, mse: the learned model y = w . features + b, and its MSE on all rows.
        closed_weights, closed_bias, closed_mse: the least-squares answer, and its MSE.
        losses: the MSE after each step, step 0 first, in the data's units (times sd_y**2 when
            training was on standardised numbers).
        degree: 1, or K >= 2 for a polynomial w1 x + ... + wK x^K in one column.
        scaled: True when training was on standardised columns.
        lr: the learning rate training used (in the units it trained on), for the landscape.
        trained_path: (m, b) after each step of the real run, in the units it trained on
            (standardised x and y when ``scaled``); drawn on that side of the landscape in place
            of the path this module computes.
    """

    x_names: list[str]
    y_name: str
    columns: list[Sequence[float]]
    ys: Sequence[float]
    weight_names: list[str]
    weights: list[float]
    bias: float
    mse: float
    closed_weights: list[float]
    closed_bias: float
    closed_mse: float
    losses: list[float]
    degree: int = 1
    scaled: bool = True
    lr: float | None = None
    trained_path: list[tuple[float, float]] | None = None

    def __post_init__(self) -> None:
        n, k = len(self.ys), len(self.weights)
        if len(self.columns) != len(self.x_names) or not self.columns:
            raise ValueError(f"a FitReport needs one column per x name, got {len(self.columns)} columns for "
                             f"x_names = {self.x_names}")
        if n == 0 or any(len(column) != n for column in self.columns):
            raise ValueError(f"every x column needs one value per target, got {n} targets and columns of "
                             f"lengths {[len(column) for column in self.columns]}")
        if not len(self.weight_names) == len(self.closed_weights) == k:
            raise ValueError(f"a FitReport needs one name and one closed-form weight per weight, got {k} weights, "
                             f"{len(self.weight_names)} names and {len(self.closed_weights)} closed-form weights")
        expected = self.degree if len(self.columns) == 1 else len(self.columns)
        if self.degree < 1 or (self.degree > 1 and len(self.columns) > 1) or k != expected:
            raise ValueError(f"degree = {self.degree} with {len(self.columns)} x columns needs {expected} weights, "
                             f"got {k}; a polynomial (degree >= 2) takes exactly one x column")
        if not self.losses:
            raise ValueError("a FitReport needs the losses of the run, at least the starting one (step 0)")

    @property
    def steps(self) -> int:
        return len(self.losses) - 1

    def features(self) -> np.ndarray:
        """The n-by-k inputs the weights multiply: the columns, or x, x^2, ..., x^K for a polynomial."""
        if self.degree > 1:
            x = np.asarray(self.columns[0], dtype=float)
            return np.column_stack([x**power for power in range(1, self.degree + 1)])
        return np.column_stack([np.asarray(column, dtype=float) for column in self.columns])


def write_fit_report(out_dir: Path | str, report: FitReport) -> list[Path]:
    """Draw and save every picture that suits the fit; return their paths (matplotlib's Agg, no window).

    One x column gets fit_line, learning_curve and landscape; a polynomial gets fit_line,
    learning_curve and predicted; several x columns get learning_curve and predicted.
    """
    return [save_png(draw(report), out_dir, name, dpi=100) for name, draw in pictures_for(report)]


def pictures_for(report: FitReport) -> list[tuple[str, Callable[[FitReport], Figure]]]:
    """The (file name, drawing function) of each picture that suits this fit."""
    one_column, straight = len(report.columns) == 1, report.degree == 1
    chosen = [("fit_line", fit_line_figure)] if one_column else []
    chosen.append(("learning_curve", learning_curve_figure))
    chosen.append(("landscape", landscape_of) if one_column and straight else ("predicted", predicted_figure))
    return chosen


def fit_line_figure(report: FitReport) -> Figure:
    """The data, the learned line or curve (solid) and the least-squares one (dashed), with their MSEs."""
    x, y = np.asarray(report.columns[0], dtype=float), np.asarray(report.ys, dtype=float)
    figure = Figure(figsize=(7.5, 5), layout="constrained")
    ax = figure.subplots()
    shown = _shown_rows(len(y))
    draw_data(ax, x[shown], y[shown], xlabel=report.x_names[0], ylabel=report.y_name)
    if len(shown) > 200:  # many points: smaller and see-through, so they neither hide each other nor the lines
        ax.collections[-1].set(sizes=[8], alpha=0.35)
    grid = np.linspace(x.min(), x.max(), 400)
    for who, weights, bias, mse, style in _both(report):
        label = _label(report, who, weights, bias, mse)
        if report.degree == 1:
            line_through(ax, [x.min(), x.max()], weights[0], bias, label=label, **style)
        else:
            ax.plot(grid, sum(w * grid**power for power, w in enumerate(weights, 1)) + bias, label=label, **style)
    what = "line" if report.degree == 1 else f"polynomial of degree {report.degree}"
    ax.set_title(f"The learned {what} and the least-squares one{_rows_note(len(y))}\n"
                 f"MSE: the mean of ({report.y_name} - prediction)^2, in {report.y_name}'s units squared",
                 fontsize=10)
    ax.legend(fontsize=9)
    ax.grid(True, alpha=0.3)
    return figure


def learning_curve_figure(report: FitReport) -> Figure:
    """The MSE after each step and the least-squares MSE as a dashed floor: all steps, then the last half.

    A log scale shows the early fall, but squeezes a loss 3% above the optimum onto the line;
    the second panel zooms in on the last half of the run, on a plain scale, where any gap left
    between the curve and the floor is plain to see; the title says how big it is.
    """
    losses, optimum = np.asarray(report.losses, dtype=float), report.closed_mse
    figure = Figure(figsize=(13, 5), layout="constrained")
    whole, last = figure.subplots(1, 2)
    log = bool(np.all(np.isfinite(losses)) and np.all(losses > 0) and optimum > 0)
    draw_learning_curve(whole, losses, label="MSE after each step of gradient descent", log=log)
    whole.set_title("every step" + (" (log scale)" if log else ""), fontsize=10)
    first = report.steps // 2
    steps = np.arange(first, report.steps + 1)
    last.plot(steps, losses[first:], marker="." if len(steps) < 40 else None, label="MSE after each step")
    last.set_title(f"the last {count(len(steps), 'step')}, zoomed in: the gap left to the optimum", fontsize=10)
    last.set_xlabel("step")
    last.grid(True, alpha=0.3)
    for ax in (whole, last):
        ax.axhline(optimum, color=CLOSED_COLOR, linestyle="--", linewidth=1.5,
                   label=f"the optimum (closed-form least squares): MSE = {_mse(optimum)}")
        ax.set_ylabel(f"MSE, in {report.y_name}'s units squared")
        ax.legend(loc="upper right", fontsize=9)
    low, top = min(optimum, float(losses[first:].min())), float(losses[first:].max())
    span = max(top - low, 0.01 * abs(optimum), np.finfo(float).tiny)  # at least 1%: no zoom into rounding
    if np.isfinite(span):
        last.set_ylim(low - 0.1 * span, top + 0.5 * span)  # room above the curve for the legend
    final, gap = losses[-1], losses[-1] - optimum
    after = f"after {count(report.steps, 'step')} the MSE is {_mse(final)}"
    if gap <= REACHED * max(float(np.var(report.ys)), np.finfo(float).tiny):
        verdict = f"{after}, at the optimum: converged"
    else:
        verdict = f"{after}: still {_mse(gap)} above the optimum{_how_far(final, optimum)}. Not converged"
        last.annotate("", xy=(report.steps, optimum), xytext=(report.steps, final),
                      arrowprops={"arrowstyle": "<->", "color": GAP_COLOR, "linewidth": 2})
        last.annotate(f"gap {_mse(gap)}", xy=(report.steps, (final + optimum) / 2), xytext=(-8, 0),
                      textcoords="offset points", ha="right", va="center", color=GAP_COLOR, fontsize=10)
    units = "trained on standardised columns, losses in your units" if report.scaled else "trained on the raw numbers"
    figure.suptitle(f"Learning curve: the MSE after each step ({units})\n{verdict}", fontsize=12)
    return figure


def landscape_of(report: FitReport) -> Figure:
    """The loss landscape, raw beside standardised, of a straight line on one column (line_landscape.py)."""
    return landscape_figure(report.columns[0], report.ys, report.x_names[0], report.y_name, report.steps,
                            report.scaled, report.lr, report.trained_path)


def predicted_figure(report: FitReport) -> Figure:
    """Predicted against actual y, learned (dots) and least squares (rings), and the diagonal y = x."""
    features, y = report.features(), np.asarray(report.ys, dtype=float)
    shown = _shown_rows(len(y))
    figure = Figure(figsize=(7, 8), layout="constrained")
    ax = figure.subplots()
    few = len(shown) <= 200  # many points are drawn smaller, so they do not melt into one blot
    drawn = [y[shown]]
    for who, weights, bias, mse, style in reversed(_both(report)):  # rings first, dots on top
        drawn.append(features[shown] @ np.asarray(weights, dtype=float) + bias)
        marker = ({"facecolors": "none", "edgecolors": style["color"], "s": 45 if few else 20, "linewidths": 1 if few else 0.5}
                  if who == "least squares" else {"color": style["color"], "s": 10 if few else 4})
        ax.scatter(y[shown], drawn[-1], label=_label(report, who, weights, bias, mse), zorder=3, **marker)
    low, high = float(min(v.min() for v in drawn)), float(max(v.max() for v in drawn))
    ax.plot([low, high], [low, high], color=DATA_COLOR, linestyle=":", label="predicted = actual")
    ax.set_aspect("equal", adjustable="datalim")  # one scale both ways: a miss reads the same on both axes
    ax.set_xlabel(f"actual {report.y_name}")
    ax.set_ylabel(f"predicted {report.y_name}")
    ax.set_title(f"Predicted against actual{_rows_note(len(y))}\nthe nearer the diagonal, the better the prediction",
                 fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    order = [1, 0, 2]  # learned first, as in the other pictures
    ax.legend([handles[k] for k in order], [labels[k] for k in order], fontsize=9, loc="upper center",
              bbox_to_anchor=(0.5, -0.1))  # below the axes: the equations can be long
    ax.grid(True, alpha=0.3)
    return figure


def _both(report: FitReport) -> list[tuple[str, list[float], float, float, dict]]:
    """(who, weights, bias, MSE, line style) for the learned model and for least squares."""
    return [("learned", report.weights, report.bias, report.mse, {"color": LINE_COLOR, "linewidth": 2, "zorder": 4}),
            ("least squares", report.closed_weights, report.closed_bias, report.closed_mse,
             {"color": CLOSED_COLOR, "linewidth": 1.5, "linestyle": "--", "zorder": 5})]


def _label(report: FitReport, who: str, weights: Sequence[float], bias: float, mse: float) -> str:
    """A legend entry: who, the equation (wrapped when there are many weights), and the MSE."""
    terms = re.split(r" (?=[+-] )", f"{who}: {equation(report.weight_names, weights, bias, report.y_name)}")
    unbroken = " ".join(term.replace(" ", "\N{NO-BREAK SPACE}") for term in terms)  # break between terms only
    lines = textwrap.wrap(unbroken, 64, break_on_hyphens=False)
    return "\n    ".join([line.replace("\N{NO-BREAK SPACE}", " ") for line in lines] + [f"MSE = {_mse(mse)}"])


def _shown_rows(n: int) -> np.ndarray:
    """The rows a scatter plot draws: all of them, or MOST_POINTS picked at random (always the same)."""
    if n <= MOST_POINTS:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, size=MOST_POINTS, replace=False))


def _rows_note(n: int) -> str:
    return f" ({MOST_POINTS:,} of {n:,} rows shown)" if n > MOST_POINTS else ""


def _how_far(final: float, optimum: float) -> str:
    """How far a loss is above the optimum, in words: ", 2.59% more", ", 70,525 times it", or "" for an optimum of 0."""
    if not optimum > 0:
        return ""
    times = final / optimum
    return f", {100 * (times - 1):.3g}% more" if times < 2 else f", {readable(times, 4, commas=True)} times it"


def _mse(value: float) -> str:
    return readable(value, 6, commas=True)  # 6 digits: a learned MSE a little above the optimum shows it
