"""The optimizer: turn each peg against its slope.

After ``loss.backward()`` every parameter p knows its gradient p.grad = d(loss)/dp, the slope of
the loss landscape along p. If the slope is positive, making p bigger makes the loss bigger, so
we make p smaller; if it is negative, bigger. Either way we step *against* the slope, by the
learning rate times the slope:

    p <- p - lr * p.grad

A steep slope means we are far from the bottom, so the step is big; near the bottom the slope
flattens and the steps shrink by themselves. That is gradient descent. `SGD` adds PyTorch's
optional refinements on top, with exactly torch.optim.SGD's arithmetic.
"""

from __future__ import annotations

import math
from typing import Iterable

from microgd.operands import is_real_number
from microgd.engine import Value
from microgd.known_parameters import remember_holder
from microgd.learning.interrupts import interrupts_deferred


class SGD:
    """Stochastic gradient descent, with torch.optim.SGD's update rule and argument checks.

    One ``step()`` does, for each parameter p with gradient g = p.grad:

        g <- -g                                   if maximize (climb instead of descend)
        g <- g + weight_decay * p                 L2 penalty: pull p towards 0
        if momentum != 0:
            buf <- g                              on the first step
            buf <- momentum * buf + (1 - dampening) * g      afterwards
            g <- g + momentum * buf               if nesterov (look ahead)
            g <- buf                              otherwise
        p <- p - lr * g                           turn the peg against its slope

    Momentum is a ball rolling downhill: the buffer remembers past slopes, so steps keep their
    direction across small bumps and speed up along long gentle valleys.

    >>> p = Value(3.0, label="p")
    >>> (p * p).backward()          # d(p**2)/dp = 2p = 6
    >>> SGD([p], lr=0.1).step()     # p <- 3 - 0.1 * 6
    >>> round(p.data, 12)
    2.4

    Args:
        params: the Values to train, e.g. ``model.parameters()`` (drawings show them as
            parameters while the optimizer lives).
        lr: the learning rate: how far to step per unit of slope.
        momentum: how much of the previous step to keep, 0 <= momentum (0 = plain descent).
        dampening: scales down the new gradient inside the momentum buffer.
        weight_decay: L2 penalty strength, added to each gradient as weight_decay * p.
        nesterov: use Nesterov momentum (needs momentum > 0 and dampening = 0).
        maximize: climb the objective instead of descending it.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        if hasattr(params, "parameters") and not isinstance(params, (list, tuple)):
            raise TypeError(
                f"SGD trains a list of Values, got the model {type(params).__name__} itself: "
                "pass model.parameters(), as in SGD(model.parameters(), lr=0.1)"
            )
        numbers = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay}
        for name, value in numbers.items():
            _check_finite_number(name, value)
        # Then the same checks, in the same order, as torch.optim.SGD.
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: lr = {lr!r}; it must be >= 0 (try 0.1 or smaller)")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: momentum = {momentum!r}; it must be >= 0 (0.9 is common)")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: weight_decay = {weight_decay!r}; it must be >= 0")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError(
                f"Nesterov momentum requires a momentum and zero dampening, "
                f"got momentum = {momentum!r}, dampening = {dampening!r}"
            )
        self.params = list(params)
        if not self.params:
            raise ValueError("SGD got an empty parameter list: pass model.parameters()")
        for i, p in enumerate(self.params):
            if not isinstance(p, Value):
                raise TypeError(f"SGD trains Values, got params[{i}] = {p!r} ({type(p).__name__})")
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.maximize = maximize
        remember_holder(self)  # what an optimizer trains is a parameter, for the drawings too
        # One momentum buffer per parameter, None until the first step (PyTorch's "state").
        self.momentum_buffers: list[float | None] = [None] * len(self.params)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0, before the next ``loss.backward()``."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """Nudge every parameter against its gradient (see the class docstring for the rule).

        The step is applied to every parameter or to none: a Ctrl-C that arrives meanwhile waits
        until it is done (interrupts.py).
        """
        with interrupts_deferred():
            self._step()

    def _step(self) -> None:
        lr, momentum, dampening = self.lr, self.momentum, self.dampening
        for i, p in enumerate(self.params):
            g = -p.grad if self.maximize else p.grad
            if self.weight_decay != 0:
                g = g + self.weight_decay * p.data  # d(wd/2 * p**2)/dp = wd * p
            if momentum != 0:
                buf = self.momentum_buffers[i]
                buf = g if buf is None else momentum * buf + (1 - dampening) * g
                self.momentum_buffers[i] = buf
                g = g + momentum * buf if self.nesterov else buf
            p.data -= lr * g  # the step against the slope

    def __repr__(self) -> str:
        return (
            f"SGD(lr={self.lr}, momentum={self.momentum}, dampening={self.dampening}, "
            f"weight_decay={self.weight_decay}, nesterov={self.nesterov}, maximize={self.maximize})"
        )


def _check_finite_number(name: str, value: object) -> None:
    """A hyperparameter must be a finite real number: lr = nan would silently turn every parameter into nan."""
    if not is_real_number(value):
        raise TypeError(f"SGD needs {name} as a number, like {name} = 0.1, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise ValueError(
            f"SGD needs a finite {name}, got {name} = {value!r}: one step would make every parameter "
            f"{value!r} or nan; use a finite number, like {name} = 0.1"
        )
