"""When the learning rate is too big: the steps overshoot, grow, and the loss explodes.

Gradient descent steps by lr * slope. On a bowl-shaped loss a small lr settles at the bottom; a
big one jumps past it, lands higher up the other side where the slope is steeper, jumps further
still, and the loss grows without end until it is no longer a finite number. `fit` (train.py)
stops then with `TrainingDiverged`. For a straight-line model and the MSE the bowl is exactly
quadratic, so the dividing line between settling and exploding can be computed in advance:
`largest_stable_lr`.
"""

from __future__ import annotations

from typing import Sequence

from microgd.history import History
from microgd.nn import Line, Linear, Module


class TrainingDiverged(ArithmeticError):
    """The loss became infinite or NaN: the steps overshoot and grow instead of settling.

    Attributes:
        step: the step at which the loss stopped being a finite number.
        lr: the learning rate in use.
        history: every record up to and including the bad step (nothing is lost).
        largest_stable_lr: 2 / (largest eigenvalue of the loss's Hessian) for a Line or Linear
            trained with MSE by full-batch gradient descent, else None.
    """

    def __init__(self, step: int, lr: float, history: History, largest_stable_lr: float | None) -> None:
        self.step, self.lr, self.history, self.largest_stable_lr = step, lr, history, largest_stable_lr
        advice = "Try a learning rate 10 times smaller."
        if largest_stable_lr is not None:
            advice = (
                f"For this data, full-batch gradient descent is stable only for lr < {largest_stable_lr:.6g} "
                f"(2 / the largest eigenvalue of the loss's Hessian); try lr = {largest_stable_lr / 2:.3g}."
            )
        super().__init__(
            f"training diverged at step {step} with learning rate lr = {lr:g}: the loss became "
            f"{history.records[-1].loss}; each step overshot the minimum by more than the last. {advice}"
        )


def largest_stable_lr(model: Module, xs: Sequence) -> float:
    """The largest learning rate for which full-batch gradient descent on the MSE settles.

    For a Line or Linear the MSE is a quadratic bowl: L(w) = (1/n) * |y - X w|**2, where each
    row of X is an example's features followed by a 1 (for b). Its curvature is the Hessian
    H = (2/n) * X^T X. Along the steepest direction (eigenvalue lam_max) each step multiplies the
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
