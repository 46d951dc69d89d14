"""When the learning rate is too big: the steps overshoot, grow, and the loss explodes.

Gradient descent steps by lr * slope. On a bowl-shaped loss a small lr settles at the bottom; a
big one jumps past it, lands higher up the other side where the slope is steeper, jumps further
still, and the loss grows without end. `fit` (train.py) stops with `TrainingDiverged` as soon as
either

* the loss is no longer a finite number (inf or nan), or a number overflowed on the way; or
* the loss has grown more than DIVERGENCE_FACTOR (a million) times its starting value, measured
  from max(start, 1e-12) so that a perfect start (loss 0) does not make every rise "growth"
  (from max(|start|, 1e-12) for a custom loss that can be negative): a run that keeps
  overshooting can reach a loss of 1e49 long before it reaches infinity.

For a straight-line model and the MSE the bowl is exactly quadratic, so the dividing line between
settling and exploding can be computed in advance: `largest_stable_lr`. It uses the *Hessian*,
which is the slope-of-the-slope in plain words: a table with one row and one column per
parameter, whose entry (i, j) says how fast d(loss)/d(parameter i) changes when parameter j is
nudged. Its largest eigenvalue is the bowl's largest curvature: how sharply the loss bends along
its steepest direction.
"""

from __future__ import annotations

import math
from typing import Sequence

from microgd.history import History
from microgd.nn import Line, Linear, Module

DIVERGENCE_FACTOR = 1e6  # a loss this many times its start is diverging, even while finite
SMALLEST_BASE = 1e-12  # the growth is measured from max(start, SMALLEST_BASE)


def has_diverged(loss: float, start: float) -> bool:
    """True when the loss is inf or nan, or above DIVERGENCE_FACTOR * max(|start|, SMALLEST_BASE)."""
    return not loss < DIVERGENCE_FACTOR * max(abs(start), SMALLEST_BASE)  # `not <` is also True for nan


class TrainingDiverged(ArithmeticError):
    """The loss exploded: it became infinite or NaN, or grew a million-fold above its start.

    Attributes:
        step: the step at which the loss exploded.
        lr: the learning rate in use.
        history: every record up to and including the bad step (nothing is lost).
        largest_stable_lr: 2 / the loss's largest curvature (the largest eigenvalue of its
            Hessian) for a Line or Linear trained with MSE by full-batch gradient descent, else None.
    """

    def __init__(self, step: int, lr: float, history: History, largest_stable_lr: float | None) -> None:
        self.step, self.lr, self.history, self.largest_stable_lr = step, lr, history, largest_stable_lr
        start, loss = history.records[0].loss, history.records[-1].loss
        if math.isfinite(loss):  # it grew a million-fold but has not overflowed yet
            what = (f"the loss grew from {start:.6g} to {loss:.6g}, more than {DIVERGENCE_FACTOR:g} times "
                    "its starting value")
        else:
            what = f"the loss became {loss}"
        advice = "Try a learning rate 10 times smaller."
        if largest_stable_lr is not None:
            advice = (
                f"For this data, full-batch gradient descent is stable only for lr < {largest_stable_lr:.6g} "
                f"(2 / the loss's largest curvature, which is the largest eigenvalue of its Hessian); "
                f"try lr = {largest_stable_lr / 2:.3g}."
            )
        super().__init__(
            f"training diverged at step {step} with learning rate lr = {lr:g}: {what}; "
            f"each step overshot the minimum by more than the last. {advice}"
        )


def largest_stable_lr(model: Module, xs: Sequence) -> float:
    """The largest learning rate for which full-batch gradient descent on the MSE settles.

    For a Line or Linear the MSE is a quadratic bowl: L(w) = (1/n) * |y - X w|**2, where each
    row of X is an example's features followed by a 1 (for b). Its curvature is the Hessian
    H = (2/n) * X^T X. Along the most curved direction (eigenvalue lam_max) each step multiplies the
    distance to the bottom by (1 - lr * lam_max); that shrinks only if lr < 2 / lam_max.

    Args:
        model: a Line or Linear.
        xs: the inputs: numbers for a Line, feature lists for a Linear.
    Returns:
        2 / lam_max.
    """
    import numpy as np

    if isinstance(model, Line):
        features = [[float(x)] for x in xs]
    elif isinstance(model, Linear):
        features = [[float(v) for v in x] for x in xs]
    else:
        raise TypeError(f"largest_stable_lr needs a Line or Linear (an MSE bowl), got {type(model).__name__}")
    design = np.array([row + [1.0] for row in features])
    hessian = (2.0 / len(design)) * design.T @ design
    return 2.0 / float(np.linalg.eigvalsh(hessian)[-1])
