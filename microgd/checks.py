"""The edges of the math: what counts as a number, where a power is undefined, how errors speak.

The engine (engine.py) calls these so that bad input gets a clear error that names what was
wrong, the value, and what would be right, instead of a silent wrong number. Nothing here is
needed to follow the engine's happy path: read engine.py and backprop.py first.
"""

from __future__ import annotations

import functools
import math
import numbers
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from microgd.engine import Value

NAMES = "abcdefghijklmnopqrstuvwxyz"  # how an error names the inputs of an operation


def plain_number(x: object) -> float | None:
    """x as a float if it is a real number (int, float, numpy scalar, but not bool), else None.

    bool is refused: ``True + x`` is almost always a mistake.
    """
    if type(x) is float:  # the common cases first: the generic check below is slow
        return x
    if type(x) is int:
        return _int_as_float(x)
    if isinstance(x, numbers.Real) and not isinstance(x, bool):  # numpy scalars, fractions
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


def checked_inputs(children: tuple, local_grads: object, op: str) -> tuple[tuple, tuple]:
    """The inputs and local derivatives of a node made by ``Value(data, _children, _op, ...)``.

    With ``_local_grads``, one number per input, in order. Without, the node is written
    micrograd's way: its rule comes later as a ``_backward`` closure, and until then nothing
    flows back (micrograd's default ``_backward`` does nothing); each input is kept once, as in
    micrograd's set of children.
    """
    from microgd.engine import Value  # the engine imports this module: import it only when needed

    if not all(isinstance(v, Value) for v in children):
        raise TypeError(f"_children must be the Values that {op or 'this value'!r} was computed from, got {children!r}")
    if local_grads is None:
        children = tuple(dict.fromkeys(children))
        return children, (0.0,) * len(children)
    grads = tuple(local_grads)
    if len(grads) != len(children) or not all(is_real_number(d) and math.isfinite(d) or d == math.inf for d in grads):
        raise ValueError(
            f"_local_grads needs one finite number per input of {op!r}, d(out)/d(input) in the order of "
            f"_children: got {len(grads)} for {len(children)} inputs: {grads!r}"
        )
    if not children:
        raise ValueError(f"_local_grads were given for {op!r} but no _children: name the inputs they belong to")
    return children, tuple(float(d) for d in grads)


def describe(v: Value | float, name: str = "x") -> str:
    """How an error message names an input: "x = -1.5", or "x = -1.5 (label 'm')"."""
    data = getattr(v, "data", v)
    label = getattr(v, "label", "")
    return f"{name} = {data!r}" + (f" (label {label!r})" if label else "")


def not_finite_error(data: float, op: str, inputs: Sequence[Value | float]) -> ArithmeticError:
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


# ---- powers ----


@functools.cache
def power_symbol(p: float) -> str:
    """The operation's name as drawn: '**2', '**0.5', '**0.3333333333333333' (always exact).

    Cached: a loss raises thousands of errors to the same power.
    """
    short = f"{p:g}"
    return "**" + (short if float(short) == p else repr(p))


def power_and_derivative(base: Value, p: float) -> tuple[float, float]:
    """(a**p, d(a**p)/da = p * a**(p - 1)) for a = base.data and a plain exponent p.

    The corners: 0 ** (negative p) divides by zero; a negative a to a fractional p is not a real
    number; the derivative of a**0 (a constant) is 0 everywhere; at a = 0 the slope of a**p for
    0 < p < 1 is vertical (sqrt's, for p = 0.5), so the local derivative is inf, its true value,
    and `backward()` stops with an error only if a gradient has to pass through it.
    """
    a = base.data
    if not (math.isfinite(a) and math.isfinite(p)):
        raise not_finite_error(math.nan, power_symbol(p) if math.isfinite(p) else "**", [base, p])
    if a == 0.0 and p < 0.0:
        raise ZeroDivisionError(f"0 ** {p:g} is undefined ({describe(base, 'base')}); a negative power needs a non-zero base")
    if a < 0.0 and not p.is_integer():
        raise ValueError(f"a negative base needs an integer exponent: ({describe(base, 'base')}) ** {p:g} is not a real number")
    if p == 0.0:
        return 1.0, 0.0
    if a == 0.0 and p < 1.0:
        return 0.0, math.inf
    try:
        out, local = a**p, p * a ** (p - 1.0)
        if math.isinf(out) or math.isinf(local):  # p * (a huge number) overflows without an exception
            raise OverflowError
    except OverflowError:
        raise OverflowError(
            f"({describe(base, 'base')}) ** {p:g} or its derivative {p:g} * base**({p:g} - 1) is too large for a float"
        ) from None
    return out, local


def power_with_value_exponent(base: Value | float, exponent: Value) -> tuple[float, float, float]:
    """(a**b, d(a**b)/da = b * a**(b - 1), d(a**b)/db = a**b * log(a)) for a Value exponent b.

    log(a) needs a > 0, except at a = 0 with b > 0, where a**b = 0 near b and its slope in b is
    0 (as in PyTorch): 0 ** b stays 0 whatever b does.
    """
    a, b = getattr(base, "data", base), exponent.data
    if not (math.isfinite(a) and math.isfinite(b)):
        raise not_finite_error(math.nan, "**", [base, exponent])
    if a == 0.0 and b > 0.0:
        return 0.0, (b * 0.0 ** (b - 1.0) if b >= 1.0 else math.inf), 0.0
    if not a > 0.0:
        raise ValueError(
            f"a ** b with a Value exponent needs a positive base a (its derivative uses log a), got {describe(base, 'a')}"
        )
    try:
        out = a**b
        # the base's local derivative is needed only when the base is a Value
        da = b * a ** (b - 1.0) if hasattr(base, "data") else 0.0
        db = out * math.log(a)
        if math.isinf(out) or math.isinf(da) or math.isinf(db):  # a product overflowed silently
            raise OverflowError
    except OverflowError:
        raise OverflowError(
            f"a ** b or its derivatives are too large for a float: {describe(base, 'a')}, {describe(exponent, 'b')}"
        ) from None
    return out, da, db


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
    """int, float or a numpy scalar, but not bool: True + x is almost always a mistake."""
    return type(x) is float or type(x) is int or (isinstance(x, numbers.Real) and not isinstance(x, bool))
