"""The training loop: the five steps that turn gradients into learning.

    1. start with some parameters      (whatever the model holds now)
    2. predict                         (run the model on the data)
    3. measure the loss                (one number: how wrong the predictions are)
    4. compute each parameter's gradient   (loss.backward(): the chain rule does the hard part)
    5. nudge each parameter against its gradient   (optimizer.step())
    ... and repeat from 2.

`fit` runs that loop and keeps a `History` of every step, so demos can draw the descent path
and the learning curve. Around the loop it tells the truth about how the run went:

* a learning rate that is too big makes the loss explode: `fit` stops with `TrainingDiverged`
  and says which learning rate is safe, when that can be computed (divergence.py);
* a run that ends before the loss has settled says so, with the numbers and what to try, in
  ``history.convergence`` and a `TrainingNotConverged` warning (convergence.py);
* Ctrl-C raises `TrainingInterrupted` holding the History so far (interrupts.py);
* ``scale=True`` trains on standardised features and reports the model in your units
  (scaling.py explains why that matters).
"""

from __future__ import annotations

import random
import warnings
from typing import Callable, Iterator, Sequence

from microgd.backprop import paused_cycle_collector
from microgd.engine import Value
from microgd.learning.convergence import RunFacts, TrainingNotConverged, judge
from microgd.learning.divergence import TrainingDiverged, has_diverged, largest_stable_lr, mse_curvatures, why_no_stable_lr
from microgd.learning.evaluate import loss_and_gradients, whole_data_loss
from microgd.learning.history import History, Record
from microgd.learning.interrupts import TrainingInterrupted, interrupts_deferred
from microgd.learning.least_squares import least_squares
from microgd.learning.losses import mse
from microgd.learning.models import Line, Linear, Module
from microgd.learning.optim import SGD
from microgd.learning.progress import Progress
from microgd.learning.scaling import Standardisation

DEFAULT_LR = 0.1

__all__ = ["DEFAULT_LR", "TrainingDiverged", "TrainingInterrupted", "TrainingNotConverged", "fit", "largest_stable_lr"]


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
    scale: bool = False,
    warn: bool = True,
) -> History:
    """Train ``model`` on (xs, ys) by gradient descent and return the History of every step.

    >>> from microgd.learning.models import Line
    >>> line = Line()
    >>> history = fit(line, [0.0, 1.0, 2.0], [1.0, 3.0, 5.0], lr=0.2, steps=500)
    >>> round(line.m.data, 6), round(line.b.data, 6), history.converged
    (2.0, 1.0, True)

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
        progress: show progress while it runs: True always, False never, None (default) for
            runs longer than a second (progress.py: a line on a terminal, a bar in a notebook).
        scale: train a Line or Linear on standardised features and targets, then convert the
            model back to your units (scaling.py). The History is in your units throughout.
        warn: warn with TrainingNotConverged when the run ends before the loss has settled.
    Returns:
        The History: steps + 1 records, record 0 being the starting point, with ``converged``
        and ``convergence`` (what is off, and what to try).
    Raises:
        TrainingDiverged: the loss became infinite or NaN, a number overflowed, or it grew a
            million-fold (divergence.py). It holds the History so far.
        TrainingInterrupted: Ctrl-C; a KeyboardInterrupt holding the History so far.
    """
    n = _check_data(xs, ys, steps, batch_size)
    params = model.parameters()
    scaling = _standardise(model, loss, xs, ys) if scale else None
    train_xs, train_ys = (scaling.features(xs), scaling.targets(ys)) if scaling else (xs, ys)
    if scaling:
        _set_weights(params, scaling.to_training_units([p.data for p in params[:-1]], params[-1].data))
    own_optimizer = optimizer is not None
    if optimizer is None:
        optimizer = SGD(params, lr=DEFAULT_LR if lr is None else lr, momentum=momentum)
    else:
        _check_optimizer(optimizer, params, lr, momentum)
    # Why the largest-stable-lr formula would not fit this run, if it would not (None: it fits).
    why_no_limit = why_no_stable_lr(model, loss, n, batch_size, momentum, own_optimizer)
    mini_batch = batch_size is not None and batch_size < n
    history = History(_unique_labels(params), scaling)
    batches = _batches(n, batch_size, seed)
    show = Progress(steps, progress, "in your data's units" if scaling else "")
    record_of = _recorder(history, params, scaling)
    start_loss = None  # the whole data set's loss before the first step: divergence is growth from it

    try:
        with paused_cycle_collector():  # our graphs hold no cycles: spare Python's rescans (backprop.py)
            # 1. Start with some parameters: whatever the model holds now (record 0 shows them).
            for step in range(steps + 1):
                batch = range(n) if step == steps else next(batches)  # the final record sees all data
                # 2. Predict, 3. Measure the loss, 4. Compute each parameter's gradient (evaluate.py).
                current_loss, grads = loss_and_gradients(model, train_xs, train_ys, batch, loss, optimizer, params)
                record = record_of(step, current_loss, grads)
                history.records.append(record)
                if callback is not None:
                    callback(record)
                if start_loss is None:
                    start_loss = record.loss if not mini_batch else _scaled(whole_data_loss(model, train_xs, train_ys, loss), scaling)
                # A mini-batch's mean loss can be up to n / batch_size times the whole set's.
                if has_diverged(record.loss, start_loss * (n / batch_size if mini_batch else 1)):
                    limit = None if step == 0 or why_no_limit else _stable_lr(mse_curvatures(model, train_xs))
                    raise TrainingDiverged(step, optimizer.lr, history, limit, why_no_limit)
                show(step, record.loss)
                if step < steps:
                    # 5. Nudge each parameter against its gradient. Then repeat from step 2.
                    optimizer.step()
    except KeyboardInterrupt:
        _back_to_data_units(params, scaling)
        raise TrainingInterrupted(history) from None
    except TrainingDiverged:
        _back_to_data_units(params, scaling)
        raise
    finally:
        show.close()
    _back_to_data_units(params, scaling)
    _judge(history, start_loss, model, loss, own_optimizer, xs, ys, train_xs, optimizer.lr, mini_batch, why_no_limit)
    if warn and not history.converged:
        warnings.warn(TrainingNotConverged(history.convergence), stacklevel=2)
    return history


def _judge(history: History, start_loss: float, model: Module, loss: Callable, own_optimizer: bool, xs: Sequence,
           ys: Sequence, train_xs: Sequence, lr: float, mini_batch: bool, why_no_limit: str | None) -> None:
    """Fill in history.converged and history.convergence (convergence.py)."""
    best = None
    curvatures = None
    if isinstance(model, (Line, Linear)) and loss is mse:
        curvatures = mse_curvatures(model, train_xs)
        if not own_optimizer:
            try:
                best = least_squares(xs, ys).mse
            except (ValueError, TypeError):  # a column that does not vary, or inputs that are Values
                best = None
    valley = curvatures[-1] / curvatures[0] if curvatures is not None and curvatures[0] > 0 else None
    limit = None if why_no_limit else _stable_lr(curvatures)
    facts = RunFacts(lr, mini_batch, history.scaling is not None, valley, limit)
    verdict = judge(history.losses, start_loss, best, facts)
    history.converged, history.convergence, history.verdict = verdict.converged, verdict.message, verdict


def _standardise(model: Module, loss: Callable, xs: Sequence, ys: Sequence) -> Standardisation:
    """The scaling for fit(scale=True): only a model linear in its inputs converts back exactly."""
    if not isinstance(model, (Line, Linear)) or loss is not mse:
        what = type(model).__name__ if not isinstance(model, (Line, Linear)) else "a loss other than mse"
        raise ValueError(
            f"fit(scale=True) trains a Line or Linear on the MSE, whose weights convert back to your units "
            f"exactly; this run has {what}. Standardise the inputs yourself (Standardisation.of(xs, ys)"
            ".features(xs)) and train on those, or leave out scale=True"
        )
    return Standardisation.of(xs, ys)


def _recorder(history: History, params: list[Value], scaling: Standardisation | None) -> Callable[..., Record]:
    """Makes each step's Record, in the data's units when training on standardised ones."""
    labels = history.labels

    def record(step: int, loss: float, grads: list[float]) -> Record:
        values = [p.data for p in params]
        if scaling is not None:
            weights, bias = scaling.to_data_units(values[:-1], values[-1])
            weight_grads, bias_grad = scaling.grads_to_data_units(grads[:-1], grads[-1])
            values, grads, loss = [*weights, bias], [*weight_grads, bias_grad], loss * scaling.loss_factor
        return Record(step, loss, dict(zip(labels, values)), dict(zip(labels, grads)))

    return record


def _scaled(loss: float, scaling: Standardisation | None) -> float:
    return loss * scaling.loss_factor if scaling else loss


def _set_weights(params: list[Value], weights_and_bias: tuple[list[float], float]) -> None:
    weights, bias = weights_and_bias
    with interrupts_deferred():  # all parameters change units, or none
        for p, value in zip(params, [*weights, bias]):
            p.data = value


def _back_to_data_units(params: list[Value], scaling: Standardisation | None) -> None:
    if scaling is not None:
        _set_weights(params, scaling.to_data_units([p.data for p in params[:-1]], params[-1].data))


def _stable_lr(curvatures) -> float | None:
    """2 / the largest curvature of an MSE bowl (divergence.py), or None when it is not known."""
    return 2 / curvatures[-1] if curvatures is not None and curvatures[-1] > 0 else None


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
