"""Operands: what counts as a number in an expression, and how errors name values.

The engine (engine.py) calls these so that bad input gets a clear error that names what was
wrong, the value, and what would be right, instead of a silent wrong number. Nothing here is
needed to follow the engine's happy path: read engine.py and backprop.py first.
"""

from __future__ import annotations

import math
import numbers
import sys
from typing import Sequence

from microgd.graph_view import Node  # type hints: a Value, read through its public view

NAMES = "abcdefghijklmnopqrstuvwxyz"  # how an error names the inputs of an operation


def plain_number(x: object) -> float | None:
    """x as a float if it is a real number (int, float, numpy scalar, but not bool), else None.

    bool is refused: ``True + x`` is almost always a mistake.
    """
    if type(x) is float:  # the common cases first: the generic check below is slow
        return x
    if type(x) is int:
        return _int_as_float(x)
    if is_real_number(x):  # numpy scalars, fractions
        return _int_as_float(x) if isinstance(x, numbers.Integral) else float(x)
    return None


def _int_as_float(x: numbers.Integral) -> float:
    try:
        return float(x)
    except OverflowError:  # an int beyond the largest float
        digits = int(abs(int(x)).bit_length() * math.log10(2))  # str() of a huge int may refuse
        raise OverflowError(
            f"a Value holds a float, which goes up to about {sys.float_info.max:.3g}; got an int of "
            f"about {'-' if x < 0 else ''}10**{digits}"
        ) from None


def checked_data(data: object) -> float:
    """What ``Value(data)`` stores: a finite float, or an error naming what was passed."""
    x = plain_number(data)
    if x is None:
        raise TypeError(
            f"Value holds one real number (int, float or numpy scalar), got {type(data).__name__}: {data!r}"
        )
    if not math.isfinite(x):
        raise ValueError(f"Value needs a finite real number, got {x!r}")
    return x


def label_error(label: object) -> TypeError:
    """A label that is not a str."""
    return TypeError(f"Value label must be a str, got {type(label).__name__}: {label!r}")


def describe(v: Node | float, name: str = "x") -> str:
    """How an error message names an input: "x = -1.5", or "x = -1.5 (label 'm')"."""
    data = getattr(v, "data", v)
    label = getattr(v, "label", "")
    return f"{name} = {data!r}" + (f" (label {label!r})" if label else "")


def not_finite_error(data: float, op: str, inputs: Sequence[Node | float]) -> ArithmeticError:
    """The error for an operation whose result would be inf or nan.

    Either an input is not a finite number (a plain inf or nan, or one assigned to ``.data`` by
    hand: ``Value()`` refuses them), or the result is too large for a float.
    """
    operands = ", ".join(describe(v, name) for v, name in zip(inputs, NAMES))
    numbers_in = [getattr(v, "data", v) for v in inputs]
    if not all(math.isfinite(x) for x in numbers_in):
        error = ValueError if any(math.isnan(x) for x in numbers_in) else OverflowError
        return error(
            f"an input of {op!r} is not a finite number ({operands}). Value() refuses inf and nan, so a "
            "Value's one was assigned to .data directly (an update step that overflowed, with a learning "
            "rate too large, is the usual cause), or a plain inf or nan was mixed into the expression"
        )
    return OverflowError(
        f"the result of {op!r} is {data!r}, too large for a float ({operands}); if this happens while "
        "training, the learning rate is probably too large"
    )


def sum_of_terms(terms: list[float]) -> float:
    """The exact sum of many numbers (math.fsum: no rounding errors piling up), or a clear error."""
    bad = [(i, x) for i, x in enumerate(terms) if not math.isfinite(x)]
    if bad:
        i, x = bad[0]
        raise ValueError(
            f"term {i} of the sum is {x!r}, not a finite number: Value() refuses inf and nan, so it was "
            "assigned to .data directly or mixed in as a plain number"
        )
    try:
        return math.fsum(terms)
    except OverflowError:
        raise OverflowError(f"the sum of {len(terms)} values is too large for a float") from None


def is_real_number(x: object) -> bool:
    """int, float or a numpy scalar, but not bool: True + x is almost always a mistake.

    This is the rule `plain_number` follows: is_real_number(x) says whether it would take x.
    """
    return type(x) is float or type(x) is int or (isinstance(x, numbers.Real) and not isinstance(x, bool))
