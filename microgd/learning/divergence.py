"""When the learning rate is too big: the steps overshoot, grow, and the loss explodes.

Gradient descent steps by lr * slope. On a bowl-shaped loss a small lr settles at the bottom; a
big one jumps past it, lands higher up the other side where the slope is steeper, jumps further
still, and the loss grows without end. `fit` (train.py) stops with `TrainingDiverged` as soon as
either

* the loss is no longer a finite number (inf or nan), or a number overflowed on the way; or
* the loss has grown more than DIVERGENCE_FACTOR (a million) times its starting value.

The growth test is there because a run that keeps overshooting can take many steps to overflow:
its loss can reach 1e49 long before it reaches infinity. The growth is measured from the loss of
the *whole data set* at the start, at least 1e-12 (so that a perfect start, loss 0, does not make
every rise "growth"; a custom loss that can be negative is measured by its size). A mini-batch's
loss is measured against n / batch_size times that: one batch of k examples can hold all the
error of the n, so its mean can be n / k times the whole set's without anything going wrong. (A
first version measured from the first mini-batch's loss, which can be 0 when that batch happens
to fit perfectly: then the next batch looked like a million-fold growth.)

For a straight-line model and the MSE the bowl is exactly quadratic, so the dividing line between
settling and exploding can be computed in advance: `largest_stable_lr`. It uses the *Hessian*,
which is the slope-of-the-slope in plain words: a table with one row and one column per
parameter, whose entry (i, j) says how fast d(loss)/d(parameter i) changes when parameter j is
nudged. Its largest eigenvalue is the bowl's largest curvature: how sharply the loss bends along
its steepest direction.

That limit is for full-batch gradient descent with plain SGD only. A mini-batch is a different
bowl every step (a batch holding one far-out x is far more curved than the whole data set), and
momentum or another optimizer changes how far each step goes; for those runs `fit` advises a
smaller learning rate in general terms and says why the formula does not apply.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from microgd.learning.history import History
from microgd.learning.losses import mse
from microgd.learning.models import Line, Linear, Module

DIVERGENCE_FACTOR = 1e6  # a loss this many times its start is diverging, even while finite
SMALLEST_BASE = 1e-12  # the growth is measured from max(|start|, SMALLEST_BASE)


def has_diverged(loss: float, start: float) -> bool:
    """True when the loss is inf or nan, or above DIVERGENCE_FACTOR * max(|start|, SMALLEST_BASE)."""
    return not loss < DIVERGENCE_FACTOR * max(abs(start), SMALLEST_BASE)  # `not <` is also True for nan


class TrainingDiverged(ArithmeticError):
    """The loss exploded: it became infinite or NaN, or grew a million-fold above its start.

    Attributes:
        step: the step at which the loss exploded (0: it was already too large at the start).
        lr: the learning rate in use.
        history: every record up to and including the bad step (nothing is lost).
        largest_stable_lr: 2 / the loss's largest curvature (the largest eigenvalue of its
            Hessian) for a Line or Linear trained with MSE by full-batch plain gradient descent,
            else None.
        why_no_limit: when largest_stable_lr is None, why the formula does not apply to this run
            (e.g. "with momentum = 0.9 each step also carries the previous ones along"), or None.
    """

    def __init__(self, step: int, lr: float, history: History, largest_stable_lr: float | None,
                 why_no_limit: str | None = None) -> None:
        self.step, self.lr, self.history = step, lr, history
        self.largest_stable_lr, self.why_no_limit = largest_stable_lr, why_no_limit
        super().__init__(self.explain())

    def explain(self, units: str = "") -> str:
        """The message; ``units`` (e.g. "on standardised data") is put in brackets after the losses it quotes."""
        start, loss = self.history.records[0].loss, self.history.records[-1].loss
        if self.step == 0:  # not the learning rate's fault: no step has been taken
            why = ("too large for a float" if loss == math.inf else
                   "not a number: the data or parameters hold an inf or nan, or numbers too large for a float")
            return (
                f"training could not start: the loss at the starting parameters (step 0) is already {loss}, "
                f"{why}. No step was taken, so the learning rate lr = {self.lr:g} is not the cause; scale the "
                "data (e.g. standardise each column, or divide it by its largest value) or start from smaller "
                "parameters."
            )
        if math.isfinite(loss):  # it grew a million-fold but has not overflowed yet
            note = f" ({units})" if units else ""
            what = (f"the loss grew from {start:.6g} to {loss:.6g}{note}, more than {DIVERGENCE_FACTOR:g} times "
                    "its starting value")
        else:
            what = f"the loss became {loss}"
        if self.largest_stable_lr is not None:
            advice = (
                f"For this data, full-batch gradient descent is stable only for lr < {self.largest_stable_lr:.6g} "
                f"(2 / the loss's largest curvature, which is the largest eigenvalue of its Hessian); "
                f"try lr = {self.largest_stable_lr / 2:.3g}."
            )
        else:
            advice = (f"Try a learning rate 10 times smaller (lr = {self.lr / 10:.3g}), and smaller again if that "
                      "diverges too.")
            if self.why_no_limit:
                advice += (f" No largest stable lr can be given here: that formula is for full-batch plain "
                           f"gradient descent on the MSE of a Line or Linear, and {self.why_no_limit}.")
        return (f"training diverged at step {self.step} with learning rate lr = {self.lr:g}: {what}; "
                f"each step overshot the minimum by more than the last. {advice}")


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
    if not isinstance(model, (Line, Linear)):
        raise TypeError(f"largest_stable_lr needs a Line or Linear (an MSE bowl), got {type(model).__name__}")
    return 2.0 / float(_hessian_eigenvalues(xs)[-1])


def mse_curvatures(model: Module, xs: Sequence):
    """The MSE bowl's curvatures, smallest first (eigenvalues of H = (2/n) X^T X), or None.

    The ratio largest / smallest says how round the bowl is: 1 for a round bowl, thousands for
    the long narrow valley of features on different scales (scaling.py). None for a model that
    is not a Line or Linear, or data too large to square.
    """
    import numpy as np

    if not isinstance(model, (Line, Linear)):
        return None
    try:
        with np.errstate(all="ignore"):  # huge inputs overflow x**2; the check below catches that
            curvatures = _hessian_eigenvalues(xs)
    except (TypeError, ValueError):  # numpy's LinAlgError is a ValueError
        return None
    return curvatures if np.all(np.isfinite(curvatures)) else None


def _hessian_eigenvalues(xs: Sequence):
    import numpy as np

    features = np.asarray(xs, dtype=float)
    features = features[:, None] if features.ndim == 1 else features
    design = np.column_stack([features, np.ones(len(features))])  # rows [x1, ..., xk, 1]
    hessian = (2.0 / len(design)) * design.T @ design
    return np.linalg.eigvalsh(hessian)


def why_no_stable_lr(model: Module, loss: Callable, n: int, batch_size: int | None, momentum: float,
                     own_optimizer: bool) -> str | None:
    """Why largest_stable_lr does not apply to a `fit` run, or None when it does.

    The formula is for the MSE of a Line or Linear (an exact quadratic bowl), stepped by plain
    full-batch gradient descent: every step sees the whole data set and moves by lr * gradient.

    Args:
        model, loss: what `fit` trains, and on which loss.
        n, batch_size: the number of examples, and fit's batch_size (None: all of them).
        momentum: the default optimizer's momentum.
        own_optimizer: True when the caller gave fit an optimizer of their own.
    Returns:
        The reason as a clause for TrainingDiverged's message, or None.
    """
    if not isinstance(model, (Line, Linear)):
        return f"this run trains a {type(model).__name__}, not a Line or Linear"
    if loss is not mse:
        return "this run minimises its own loss, not mse"
    if own_optimizer:
        return "this run uses your own optimizer, whose steps the formula knows nothing about"
    if momentum:
        return f"with momentum = {momentum:g} each step also carries the previous ones along"
    if batch_size is not None and batch_size < n:
        return (f"this run takes each step on a mini-batch of {batch_size} of the {n} examples, whose bowl can be "
                "far more curved than the whole data set's (one far-out x is enough)")
    return None
