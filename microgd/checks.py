"""The edges of the math: what counts as a number, where a power is undefined, how errors speak.

The engine (engine.py) calls these so that bad input gets a clear error that names what was
wrong, the value, and what would be right, instead of a silent wrong number.
"""

from __future__ import annotations

import functools
import math
import numbers
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microgd.engine import Value


def is_real_number(x: object) -> bool:
    """int, float or a numpy scalar, but not bool: True + x is almost always a mistake."""
    return type(x) is float or type(x) is int or (isinstance(x, numbers.Real) and not isinstance(x, bool))


def as_float(data: object) -> float:
    """Accept any real number (int, float, numpy scalar); refuse anything else by name."""
    if is_real_number(data):
        return float(data)
    raise TypeError(
        f"Value holds one real number (int, float or numpy scalar), got {type(data).__name__}: {data!r}"
    )


def not_finite_error(data: float, op: str, inputs: tuple[Value, ...]) -> ArithmeticError:
    """The error for an inf or nan: a value the user passed in, or a result too large for a float."""
    if not op:
        return ValueError(f"Value needs a finite real number, got {data!r}")
    operands = ", ".join(describe(v, name) for v, name in zip(inputs, "abcdefghijklmnopqrstuvwxyz"))
    return OverflowError(
        f"the result of {op!r} is {data!r}, too large for a float ({operands}); numbers this large "
        "usually mean that training diverged: try a smaller learning rate"
    )


def label_error(label: object) -> TypeError:
    """A label that is not a str; micrograd's Value(data, _children, _op) is the usual cause."""
    hint = ""
    if isinstance(label, (tuple, list, set)):
        hint = (
            ". The second argument of Value is its label. micrograd's Value(data, _children, _op) "
            "is written Value(data, _inputs=..., _local_grads=..., _op=...) here: each input comes "
            "with its local derivative (see 'A new operation' in the README)"
        )
    return TypeError(f"Value label must be a str, got {type(label).__name__}: {label!r}{hint}")


def describe(v: Value, name: str = "x") -> str:
    """How an error message names a value: "x = -1.5", or "x = -1.5 (label 'm')"."""
    return f"{name} = {v.data!r}" + (f" (label {v.label!r})" if v.label else "")


def check_power_corners(base: Value, p: float) -> None:
    """0 ** negative divides by zero; a negative base ** a fraction is not a real number."""
    if base.data == 0.0 and p < 0.0:
        raise ZeroDivisionError(
            f"0 ** {p:g} is undefined ({describe(base, 'base')}); a negative power needs a non-zero base"
        )
    if base.data < 0.0 and not p.is_integer():
        raise ValueError(
            f"a negative base needs an integer exponent: ({describe(base, 'base')}) ** {p:g} "
            "is not a real number"
        )


def derivative_of_power_at_zero(p: float) -> float:
    """d(a**p)/da at a = 0 for 0 <= p < 1: 0 for the constant a**0, else infinite.

    sqrt (p = 0.5) is vertical at 0, so its slope there really is infinite. This is the one
    infinite number microgd lets through, because it is the true value (PyTorch gives the same):
    a loss that takes sqrt of exactly 0 gets an infinite gradient.
    """
    return 0.0 if p == 0.0 else math.inf


@functools.cache
def power_symbol(p: float) -> str:
    """The operation's name as drawn: '**2', '**0.5', '**0.3333333333333333' (always exact).

    Cached: a loss squares thousands of errors with the same exponent.
    """
    short = f"{p:g}"
    return "**" + (short if float(short) == p else repr(p))
