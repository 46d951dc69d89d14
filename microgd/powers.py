"""Powers: where a ** p is undefined, and its local derivatives where it is defined.

``a ** p`` has more corners than any other operation: 0 to a negative power, a negative base to
a fractional power, the vertical slope of sqrt at 0, overflow. The engine (engine.py) calls
these for ``**``; each corner is an error that says which one it is, with the numbers.
"""

from __future__ import annotations

import functools
import math

from microgd.graph_view import Node  # type hints: a Value, read through its public view
from microgd.operands import describe, not_finite_error


@functools.cache
def power_symbol(p: float) -> str:
    """The operation's name as drawn: '**2', '**0.5', '**0.3333333333333333' (always exact).

    Cached: a loss raises thousands of errors to the same power.
    """
    short = f"{p:g}"
    return "**" + (short if float(short) == p else repr(p))


def power_and_derivative(base: Node, p: float) -> tuple[float, float]:
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


def power_with_value_exponent(base: Node | float, exponent: Node) -> tuple[float, float, float]:
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
