"""Steps 2 to 4 of the training loop: predict, measure the loss, compute the gradients.

For a batch of examples this is three lines:

    predictions = [model(x) for x in batch_xs]          # 2. predict
    loss_value = loss(predictions, batch_ys)            # 3. measure the loss
    loss_value.backward()                               # 4. d(loss)/d(parameter), by the chain rule

The graph those lines build holds every example's nodes at once: about 800 bytes per point for
a line's MSE, so 800 MB for a million rows. A mean loss such as the MSE needs no such graph.
Split the batch into chunks of at most CHUNK examples; the batch's mean is the chunks' means
weighted by their sizes,

    MSE(batch) = sum over chunks c of (n_c / n) * MSE(c),

and since backward() *adds* to each parameter's .grad, running it once per chunk on
(n_c / n) * MSE(c) leaves exactly d MSE(batch) / d parameter in .grad. Deep-learning libraries
call this *gradient accumulation*. Only the MSE is known to be such a mean here; any other loss
is evaluated on the whole batch at once, as written above.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from microgd.learning.losses import mse
from microgd.learning.models import Module

CHUNK = 10_000  # examples per graph: about 8 MB of nodes for a line's MSE


def loss_and_gradients(model: Module, xs: Sequence, ys: Sequence, batch: Sequence[int], loss: Callable,
                       optimizer, params: list) -> tuple[float, list[float]]:
    """The loss on the examples in ``batch`` and each parameter's gradient (inf and nan on overflow)."""
    optimizer.zero_grad()  # gradients accumulate across backward passes: start this step's from 0
    chunks = _chunks(batch) if loss is mse else [batch]
    total = 0.0
    try:
        for chunk in chunks:
            # 2. Predict.
            predictions = [model(xs[i]) for i in chunk]
            # 3. Measure the loss.
            loss_value = loss(predictions, [ys[i] for i in chunk])
            if len(chunks) > 1:
                loss_value = loss_value * (len(chunk) / len(batch))  # this chunk's share of the mean
            # 4. Compute each parameter's gradient (d loss / d parameter, by the chain rule).
            loss_value.backward()
            total += loss_value.data
    except OverflowError:  # a number grew too big for a float: divergence by another name
        return math.inf, [math.nan] * len(params)
    return total, [p.grad for p in params]


def whole_data_loss(model: Module, xs: Sequence, ys: Sequence, loss: Callable) -> float:
    """The loss on every example, forward only (no gradients), chunk by chunk for the MSE."""
    everything = range(len(xs))
    chunks = _chunks(everything) if loss is mse else [everything]
    try:
        if len(chunks) == 1:
            return loss([model(x) for x in xs], list(ys)).data
        return sum(mse([model(xs[i]) for i in c], [ys[i] for i in c]).data * len(c) for c in chunks) / len(xs)
    except OverflowError:
        return math.inf


def _chunks(batch: Sequence[int]) -> list[Sequence[int]]:
    return [batch[start : start + CHUNK] for start in range(0, len(batch), CHUNK)]
