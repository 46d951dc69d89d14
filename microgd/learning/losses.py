"""Losses: one number that says how wrong the model is. Training makes it small.

A loss compares predictions with the true answers (the *targets*) and returns a single Value.
Because it is a Value, ``loss.backward()`` gives every parameter's gradient: how the loss moves
when that parameter is nudged.

Each loss here builds a compact graph: one node per data point's error, then a single ``sum``
node over all of them, then one division by n (drawn as "/" with the constant n, e.g. 30). A
drawing of the graph stays readable.
"""

from __future__ import annotations

from typing import Iterable, Sequence, Union

from microgd.operands import checked_data
from microgd.engine import Value, sum_values

Scalar = Union[Value, float, int]


def mse(predictions: Sequence[Scalar], targets: Sequence[Scalar]) -> Value:
    """The mean squared error: MSE = sum over points of (target - prediction)**2, divided by n.

    Why squared: it makes every error positive, punishes a big miss far more than a small one
    (twice the miss, four times the penalty), and is smooth, so its slope always points the
    way to a better fit. Its derivative with respect to one prediction is
    d(MSE)/d(prediction_i) = -(2/n) * (target_i - prediction_i).

    >>> mse([1.0, 2.0], [1.0, 4.0]).data    # ((1-1)**2 + (4-2)**2) / 2
    2.0

    Args:
        predictions: the model's outputs, Values or numbers.
        targets: the true answers, Values or numbers, one per prediction.
    Returns:
        A Value: the loss, labelled "mse": a "/" node whose inputs are the "sum" node and n.
    """
    n = _check_lengths(predictions, targets, "mse")
    squared_errors = [(t - p) ** 2 for p, t in zip(_as_inputs(predictions), _as_inputs(targets))]
    loss = sum_values(squared_errors) / n  # d(total / n)/d(total) = 1/n
    loss.label = "mse"
    return loss


def max_margin_loss(scores: Sequence[Scalar], labels: Sequence[int]) -> Value:
    """The hinge (max-margin) loss of a classifier: sum over points of relu(1 - label * score), over n.

    Labels are +1 or -1 and the model outputs a *score*: its sign is the predicted class. A
    point classified right with room to spare (label * score >= 1) costs nothing; otherwise the
    cost grows linearly with how far it is on the wrong side of that margin. This is the loss of
    micrograd's two-moons demo.

    Args:
        scores: the model's outputs, one per point.
        labels: +1 or -1, one per point.
    Returns:
        A Value: the loss, labelled "max_margin".
    """
    n = _check_lengths(scores, labels, "max_margin_loss")
    for i, y in enumerate(labels):
        if y not in (1, -1):
            raise ValueError(f"max_margin_loss needs labels +1 or -1, got labels[{i}] = {y!r}")
    margins = [(1 - float(y) * s).relu() for s, y in zip(_as_inputs(scores), labels)]
    loss = sum_values(margins) / n  # the mean: micrograd writes * (1.0 / n), the same number
    loss.label = "max_margin"
    return loss


def l2_penalty(parameters: Iterable[Value], alpha: float) -> Value:
    """alpha * sum of p**2 over the parameters ("L2 regularisation").

    Adding it to a loss pulls every parameter gently towards 0, preferring small weights:
    d(penalty)/dp = 2 * alpha * p. micrograd's two-moons demo uses alpha = 1e-4.

    This is the same pull as SGD's weight decay, but with twice the number: SGD(weight_decay=wd)
    adds wd * p to each gradient, so l2_penalty(params, alpha) matches SGD(weight_decay=2 * alpha),
    and SGD(weight_decay=wd) matches l2_penalty(params, wd / 2). The two then take the same steps,
    with or without momentum; only the penalty also shows in the loss value.

    Args:
        parameters: the Values to pull towards 0, e.g. ``model.parameters()``.
        alpha: the penalty's strength, >= 0.
    Returns:
        A Value: alpha * (p1**2 + p2**2 + ...), to add to the loss.
    """
    return alpha * sum_values([p * p for p in parameters])


def _as_inputs(xs: Sequence[Scalar]) -> list[Value | float]:
    """Values stay Values; plain numbers become floats (so a numpy number never meets a Value
    first, and a bad one is refused by name). A float stays a number in the graph: no node."""
    return [x if isinstance(x, Value) else checked_data(x) for x in xs]


def _check_lengths(predictions: Sequence[Scalar], targets: Sequence, name: str) -> int:
    n, m = len(predictions), len(targets)
    if n != m:
        raise ValueError(f"{name} needs one target per prediction, got {n} predictions and {m} targets")
    if n == 0:
        raise ValueError(f"{name} of no points is undefined: got 0 predictions and 0 targets")
    return n
