"""The training loop: the five steps that turn gradients into learning.

    1. start with some parameters      (whatever the model holds now)
    2. predict                         (run the model on the data)
    3. measure the loss                (one number: how wrong the predictions are)
    4. compute each parameter's gradient   (loss.backward(): the chain rule does the hard part)
    5. nudge each parameter against its gradient   (optimizer.step())
    ... and repeat from 2.

`fit` runs that loop and keeps a `History` of every step, so demos can draw the descent path
and the learning curve. A learning rate that is too big makes the loss explode; `fit` stops
with `TrainingDiverged` (when the loss is inf or nan, or a million times its start) and, for a
line trained on the MSE by full-batch plain gradient descent, says which learning rate is safe
(divergence.py); for mini-batches, momentum or your own optimizer it says why it cannot.
"""

from __future__ import annotations

import math
import random
import sys
from time import perf_counter
from typing import Callable, Iterator, Sequence

from microgd.backprop import paused_cycle_collector
from microgd.learning.divergence import (TrainingDiverged, has_diverged, largest_stable_lr, stable_lr_or_none,
                                why_no_stable_lr)
from microgd.engine import Value
from microgd.learning.history import History, Record
from microgd.learning.losses import mse
from microgd.learning.models import Module
from microgd.learning.optim import SGD

DEFAULT_LR = 0.1


def fit(
    model: Module,
    xs: Sequence,
    ys: Sequence,
    loss: Callable[[list[Value], Sequence], Value] = mse,
    optimizer: SGD | None = None,
    lr: float | None = None,
    steps: int = 1000,
    momentum: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
    callback: Callable[[Record], None] | None = None,
    progress: bool | None = None,
) -> History:
    """Train ``model`` on (xs, ys) by gradient descent and return the History of every step.

    >>> from microgd.learning.models import Line
    >>> line = Line()
    >>> history = fit(line, [0.0, 1.0, 2.0], [1.0, 3.0, 5.0], lr=0.2, steps=500)
    >>> round(line.m.data, 6), round(line.b.data, 6)
    (2.0, 1.0)

    Args:
        model: a Module (Line, Linear, MLP, ...). It is trained in place.
        xs: the inputs: numbers for a Line, feature lists for Linear and MLP.
        ys: the targets, one per input.
        loss: loss(predictions, targets) -> Value; the MSE by default.
        optimizer: an optimizer over model.parameters(); default SGD(lr, momentum).
        lr: the learning rate of the default optimizer (default 0.1).
        steps: how many updates to make.
        momentum: the momentum of the default optimizer.
        batch_size: None for the whole data set each step; k for mini-batches of k examples
            (1 is one-sample stochastic gradient descent), reshuffled every pass.
        seed: seeds the shuffling, so mini-batch runs are reproducible.
        callback: called with each Record as soon as it is made.
        progress: print (step, loss) to stderr: True always, False never, None (default)
            only on a terminal and only once a run has taken more than a second.
    Returns:
        The History: steps + 1 records, record 0 being the starting point.
    Raises:
        TrainingDiverged: the loss became infinite or NaN, a number overflowed while computing
            it, or it grew more than a million times (DIVERGENCE_FACTOR) above its starting
            value, measured from max(|start|, 1e-12). The exception holds the History so far.
    """
    n = _check_data(xs, ys, steps, batch_size)
    params = model.parameters()
    own_optimizer = optimizer is not None
    if optimizer is None:
        optimizer = SGD(params, lr=DEFAULT_LR if lr is None else lr, momentum=momentum)
    else:
        _check_optimizer(optimizer, params, lr, momentum)
    # Why the largest-stable-lr formula would not fit this run, if it would not (None: it fits).
    why_no_limit = why_no_stable_lr(model, loss, n, batch_size, momentum, own_optimizer)
    labels = _unique_labels(params)
    history = History(labels)
    batches = _batches(n, batch_size, seed)
    show = _Progress(steps, progress)

    with paused_cycle_collector():  # our graphs hold no cycles: spare Python's rescans (backprop.py)
        # 1. Start with some parameters: whatever the model holds now (record 0 shows them).
        for step in range(steps + 1):
            batch = range(n) if step == steps else next(batches)  # the final record sees all data
            try:
                # 2. Predict.
                predictions = [model(xs[i]) for i in batch]
                # 3. Measure the loss.
                loss_value = loss(predictions, [ys[i] for i in batch])
                # 4. Compute each parameter's gradient (d loss / d parameter, by the chain rule).
                optimizer.zero_grad()
                loss_value.backward()
                current_loss, grads = loss_value.data, [p.grad for p in params]
            except OverflowError:  # a number grew too big for a float: divergence by another name
                current_loss, grads = math.inf, [math.nan] * len(params)
            record = Record(step, current_loss, dict(zip(labels, [p.data for p in params])), dict(zip(labels, grads)))
            history.records.append(record)
            if callback is not None:
                callback(record)
            if has_diverged(current_loss, history.records[0].loss):
                limit = None if step == 0 or why_no_limit else stable_lr_or_none(model, xs)
                raise TrainingDiverged(step, optimizer.lr, history, limit, why_no_limit)
            show(step, current_loss)
            if step < steps:
                # 5. Nudge each parameter against its gradient. Then repeat from step 2.
                optimizer.step()
    return history


def _check_data(xs: Sequence, ys: Sequence, steps: int, batch_size: int | None) -> int:
    if len(xs) != len(ys):
        raise ValueError(f"fit needs one target per input, got {len(xs)} inputs and {len(ys)} targets")
    if len(xs) == 0:
        raise ValueError("fit needs at least one example, got 0 inputs and 0 targets")
    if type(steps) is not int or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if batch_size is not None and (type(batch_size) is not int or batch_size < 1):
        raise ValueError(f"batch_size must be None (the whole data set) or an int >= 1, got {batch_size!r}")
    return len(xs)


def _check_optimizer(optimizer: SGD, params: list[Value], lr: float | None, momentum: float) -> None:
    """An optimizer built by the user must train this model, and it alone sets lr and momentum."""
    if lr is not None or momentum:
        raise ValueError(
            f"fit got optimizer = {optimizer!r} and also lr = {lr!r}, momentum = {momentum!r}: give lr and "
            "momentum to your optimizer, or leave out optimizer and let fit build one; not both"
        )
    trained = getattr(optimizer, "params", None)  # SGD keeps its list; another optimizer may not
    if trained is not None and set(trained).isdisjoint(params):
        raise ValueError(
            "the optimizer trains none of model.parameters(), so fit would change nothing; "
            "build it from this model: SGD(model.parameters(), lr=...)"
        )


def _batches(n: int, batch_size: int | None, seed: int) -> Iterator[Sequence[int]]:
    """Index batches forever: all of range(n), or shuffled slices of batch_size (last may be short)."""
    if batch_size is None or batch_size >= n:
        while True:
            yield range(n)
    rng, order = random.Random(seed), list(range(n))
    while True:
        rng.shuffle(order)  # a new order every pass over the data (every "epoch")
        for start in range(0, n, batch_size):
            yield order[start : start + batch_size]


def _unique_labels(params: list[Value]) -> list[str]:
    """Parameter names for the History: their labels, made unique if they clash.

    A clash gets the parameter's position in params: [w, w, b] -> ["w", "w#1", "b"]; an unlabelled
    parameter is named by its position too: "p0", "p1", ...
    """
    labels: list[str] = []
    for i, p in enumerate(params):
        label = p.label or f"p{i}"
        labels.append(label if label not in labels else f"{label}#{i}")
    return labels


class _Progress:
    """Prints "step k/n  loss L" to stderr, at most every half second (or every 10% if forced)."""

    def __init__(self, steps: int, progress: bool | None) -> None:
        self.steps, self.forced = steps, progress is True
        self.enabled = progress is True or (progress is None and sys.stderr.isatty())
        self.start = self.last = perf_counter()
        self.every = max(1, steps // 10)

    def __call__(self, step: int, loss: float) -> None:
        if not self.enabled:
            return
        now = perf_counter()
        if self.forced:
            due = step % self.every == 0 or step == self.steps
        else:  # quiet for short runs; a long run reports twice a second and at the end
            due = now - self.start > 1.0 and (now - self.last > 0.5 or step == self.steps)
        if due:
            self.last = now
            print(f"step {step:>{len(str(self.steps))}}/{self.steps}  loss {loss:.6g}", file=sys.stderr, flush=True)
