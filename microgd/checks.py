"""The edges of the math: what counts as a number, where a power is undefined, how errors speak.

The engine (engine.py) and the backward pass (backprop.py) call these so that bad input gets a
clear error that names what was wrong, the value, and what would be right, instead of a silent
wrong number.
"""

from __future__ import annotations

import functools
import math
import numbers
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microgd.engine import Value


def is_real_number(x: object) -> bool:
    """int, float or a numpy scalar, but not bool: True + x is almost always a mistake."""
    return type(x) is float or type(x) is int or (isinstance(x, numbers.Real) and not isinstance(x, bool))


def as_float(data: object) -> float:
    """Accept any real number (int, float, numpy scalar); refuse anything else by name."""
    if is_real_number(data):
        try:
            return float(data)
        except OverflowError:  # an int beyond the largest float
            digits = int(abs(int(data)).bit_length() * math.log10(2))  # str() of a huge int may refuse
            raise OverflowError(
                f"Value holds a float, which goes up to about {sys.float_info.max:.3g}; got an int of "
                f"about {'-' if data < 0 else ''}10**{digits}"
            ) from None
    raise TypeError(
        f"Value holds one real number (int, float or numpy scalar), got {type(data).__name__}: {data!r}"
    )


def not_finite_error(data: float, op: str, inputs: tuple[Value, ...]) -> ArithmeticError:
    """The error for an inf or nan: a value the user passed in, or a result too large for a float."""
    if not op:
        return ValueError(f"Value needs a finite real number, got {data!r}")
    operands = ", ".join(describe(v, name) for v, name in zip(inputs, "abcdefghijklmnopqrstuvwxyz"))
    if not all(math.isfinite(v.data) for v in inputs):  # Value() refuses these, so .data was assigned
        error = ValueError if any(math.isnan(v.data) for v in inputs) else OverflowError
        return error(
            f"an input of {op!r} is not a finite number ({operands}): Value() refuses inf and nan, so it "
            "was assigned to .data directly; an update step that overflowed (learning rate too large) "
            "is the usual cause"
        )
    return OverflowError(
        f"the result of {op!r} is {data!r}, too large for a float ({operands}); if this happens while "
        "training, the learning rate is probably too large"
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

    sqrt (p = 0.5) is vertical at 0, so its slope there really is infinite. The forward value
    is fine, so the node keeps inf as its local derivative; only if a backward pass needs it does
    `backward()` stop, with an error that says where (see not_finite_gradient_error).
    """
    return 0.0 if p == 0.0 else math.inf


@functools.cache
def power_symbol(p: float) -> str:
    """The operation's name as drawn: '**2', '**0.5', '**0.3333333333333333' (always exact).

    Cached: a loss squares thousands of errors with the same exponent.
    """
    short = f"{p:g}"
    return "**" + (short if float(short) == p else repr(p))


def not_finite_gradient_error(node: Value, order: list[Value]) -> ValueError | OverflowError:
    """The error for a gradient that came out inf or nan in the backward pass.

    node.grad = what it held before (0 for computed values; a leaf accumulates)
                + sum over the values that use node of  local_grad * their grad.
    Those grads were all finite (they were checked first), so either a local derivative is
    infinite, or the products are too large for a float, or the leaf already held inf or nan.
    Find which, to say so.
    """
    uses = [
        (user, local)
        for user in order
        for source, local in zip(user._inputs, user._local_grads)
        if source is node
    ]
    where = f"d(root)/dv = {node.grad!r} for v = {node.data!r} ({_role(node)})"
    infinite = [(user, local) for user, local in uses if not math.isfinite(local)]
    if infinite:  # in microgd's own operations, only a power's slope at 0 (see derivative_of_power_at_zero)
        ops = " and ".join(repr(user._op) for user, _ in infinite)
        products = ", ".join(f"{local!r} * {user.grad!r} = {local * user.grad!r}" for user, local in infinite)
        return ValueError(
            f"backward: {where}. v is an input of {ops}, whose local derivative at v = {node.data!r} "
            f"is infinite (a vertical slope, like sqrt's at 0): {products}. The gradient does not "
            "exist at this point; keep the input away from it, e.g. (x**2 + 1e-12)**0.5 instead of (x**2)**0.5"
        )
    if _adds_up_to_a_float([local * user.grad for user, local in uses]):  # so not from this pass
        return ValueError(
            f"backward: {where}, but this pass added only finite numbers to it: v.grad was already "
            f"{node.grad!r} before backward() (leaves accumulate). Call zero_grad() on the parameters first"
        )
    products = ", ".join(f"{local!r} * {user.grad!r} from {user._op!r}" for user, local in uses[:3])
    return OverflowError(
        f"backward: {where}: the gradient is too large for a float ({products}"
        f"{', ...' if len(uses) > 3 else ''}); scale the inputs down (or, in training, lower the learning rate)"
    )


def _role(v: Value) -> str:
    """How the gradient error names a value: by label, by the operation that made it, or as a leaf."""
    if v.label:
        return f"label {v.label!r}"
    return f"the result of {v._op!r}" if v._inputs else "an unlabelled leaf"


def _adds_up_to_a_float(numbers: list[float]) -> bool:
    """True when the numbers and their sum are all finite floats."""
    try:
        return math.isfinite(math.fsum(numbers))
    except OverflowError:  # fsum raises where the sum of finite numbers passes the largest float
        return False

