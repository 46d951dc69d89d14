"""Check gradients against the definition of the derivative.

The derivative is the slope over a vanishingly small step. The *central difference*

    f'(x) ~ (f(x + h) - f(x - h)) / (2h)

has a truncation error of about h**2 (its error terms in h cancel). A smaller h is not always
better: f(x + h) and f(x - h) are rounded to about 16 digits, and dividing their difference by 2h
magnifies that rounding by about 1e-16 / h. With h = 1e-6 both errors stay small, and the two
gradients agree to roughly seven significant digits, hence the default rtol = 1e-5.
Whenever you add an operation to microgd, check it here.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from microgd.engine import Number, Value


class GradientMismatch(AssertionError):
    """Raised by `gradcheck` when autodiff and finite differences disagree."""


def numerical_gradient(f: Callable[..., Value], numbers: Sequence[Number], h: float = 1e-6) -> list[float]:
    """Central-difference estimate of d f / d(each argument) at ``numbers``.

    Args:
        f: a function of len(numbers) Values returning one Value.
        numbers: the point at which to estimate the gradient.
        h: the half-width of the step.
    Returns:
        One estimate per argument.
    """
    point = [float(x) for x in numbers]
    estimates = []
    for i in range(len(point)):
        up = [Value(x + h if j == i else x) for j, x in enumerate(point)]
        down = [Value(x - h if j == i else x) for j, x in enumerate(point)]
        estimates.append((f(*up).data - f(*down).data) / (2 * h))
    return estimates


def gradcheck(
    f: Callable[..., Value],
    values: Sequence[Value | Number],
    h: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
) -> bool:
    """Compare ``backward()``'s gradients of ``f(*values)`` with central differences.

    >>> gradcheck(lambda x, y: x * y.exp(), [2.0, 0.5])
    True

    Args:
        f: a function of len(values) Values returning one Value.
        values: the point to check at, as Values or numbers (only their ``data`` is used).
        h: the finite-difference step.
        rtol, atol: the agreement required, as in math.isclose:
            |auto - numeric| <= max(rtol * max(|auto|, |numeric|), atol).
    Returns:
        True when every gradient agrees.
    Raises:
        GradientMismatch: listing every argument whose gradients disagree.
    """
    numbers = [v.data if isinstance(v, Value) else float(v) for v in values]
    leaves = [Value(x, label=f"arg{i}") for i, x in enumerate(numbers)]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck needs f to return a Value, got {type(out).__name__}: {out!r}")
    out.backward()
    numeric = numerical_gradient(f, numbers, h)
    problems = [
        f"  argument {i} (= {x!r}): backward() gives {leaf.grad!r}, central difference gives {est!r}"
        for i, (x, leaf, est) in enumerate(zip(numbers, leaves, numeric))
        if not math.isclose(leaf.grad, est, rel_tol=rtol, abs_tol=atol)
    ]
    if problems:
        raise GradientMismatch("gradients disagree with finite differences:\n" + "\n".join(problems))
    return True
