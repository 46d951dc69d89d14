"""The engine: a scalar `Value` that remembers how it was computed.

Every arithmetic operation on Values returns a new Value that keeps three things:

* ``_inputs``: the Values it was computed from, in the order the user wrote them;
* ``_local_grads``: for each input, the *local derivative* d(out)/d(input), a plain number
  worked out right when the forward value is computed;
* ``_op``: the operation as the user wrote it (``-`` for subtraction, ``/`` for division).

Together they form the *computation graph*. `Value.backward()` (see ``backprop.py``) walks it from
the output back to the inputs and applies the chain rule:

    input.grad += local_grad * out.grad

Because the local derivatives are stored as numbers on the node, the graph drawing can print them
on the edges, and a reader can check every gradient with pencil and paper.

Plain numbers mixed into an expression (the ``2`` in ``2 * x``) become constant Values: leaves of
the graph that nobody trains.
"""

from __future__ import annotations

import math
import sys
from typing import Union

from microgd.backprop import backpropagate
from microgd.checks import (
    as_float,
    check_power_corners,
    derivative_of_power_at_zero,
    describe,
    is_real_number,
    label_error,
    not_finite_error,
    power_symbol,
)

Number = Union[int, float]
Operand = Union["Value", int, float]

# Local derivatives shared by many nodes; tuples are immutable, so one copy serves all of them.
_PLUS_ONE_PLUS_ONE = (1.0, 1.0)  # d(a + b)/da, d(a + b)/db
_PLUS_ONE_MINUS_ONE = (1.0, -1.0)  # d(a - b)/da, d(a - b)/db
_MINUS_ONE = (-1.0,)  # d(-a)/da


class Value:
    """A real number that remembers the operations that produced it.

    >>> m, x, b = Value(2.0, label="m"), Value(3.0, label="x"), Value(1.0, label="b")
    >>> y = m * x + b
    >>> y.backward()
    >>> y.data, m.grad, x.grad, b.grad
    (7.0, 3.0, 2.0, 1.0)

    Args:
        data: a real number (int, float or a numpy scalar); stored as a Python float.
        label: an optional name, shown when the graph is drawn.

    Attributes:
        data: the number this node holds (the forward value).
        grad: d(root)/d(this value) after ``root.backward()``; 0.0 before any backward pass.
        label: the name given by the user, or "".
    """

    # __slots__ keeps each node small (no per-instance dict): a graph has one node per operation.
    __slots__ = ("data", "grad", "label", "_inputs", "_local_grads", "_op")

    def __init__(
        self,
        data: Number,
        label: str = "",
        _inputs: tuple[Value, ...] = (),
        _local_grads: tuple[float, ...] = (),
        _op: str = "",
    ) -> None:
        self.data = data if type(data) is float else as_float(data)
        if not math.isfinite(self.data):  # never a silent inf or nan: say where it came from
            raise not_finite_error(self.data, _op, _inputs)
        self.grad = 0.0
        if type(label) is not str:
            raise label_error(label)
        self.label = label
        self._inputs = _inputs
        self._local_grads = _local_grads
        self._op = _op

    def __repr__(self) -> str:
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data}, grad={self.grad})"

    @property
    def _prev(self) -> set[Value]:
        """The inputs as a set: the name micrograd uses, so its drawing code keeps working."""
        return set(self._inputs)

    @property
    def is_leaf(self) -> bool:
        """True for values the user created (parameters, data, constants), not computed ones."""
        return not self._inputs

    # ---- the primitive operations: forward value and local derivatives side by side ----

    def __add__(self, other: Operand) -> Value:  # self + other
        if not isinstance(other, Value):
            other = _constant(other)
            if other is None:
                return NotImplemented
        # d(a + b)/da = 1, d(a + b)/db = 1
        return Value(self.data + other.data, "", (self, other), _PLUS_ONE_PLUS_ONE, "+")

    def __sub__(self, other: Operand) -> Value:  # self - other
        if not isinstance(other, Value):
            other = _constant(other)
            if other is None:
                return NotImplemented
        # d(a - b)/da = 1, d(a - b)/db = -1
        return Value(self.data - other.data, "", (self, other), _PLUS_ONE_MINUS_ONE, "-")

    def __mul__(self, other: Operand) -> Value:  # self * other
        if not isinstance(other, Value):
            other = _constant(other)
            if other is None:
                return NotImplemented
        # d(a * b)/da = b, d(a * b)/db = a
        return Value(self.data * other.data, "", (self, other), (other.data, self.data), "*")

    def __truediv__(self, other: Operand) -> Value:  # self / other
        if not isinstance(other, Value):
            other = _constant(other)
            if other is None:
                return NotImplemented
        a, b = self.data, other.data
        if b == 0.0:
            raise ZeroDivisionError(
                f"division by zero in a / b: {describe(other, 'b')}; the divisor b must be non-zero"
            )
        # d(a / b)/da = 1/b, d(a / b)/db = -a/b**2, computed as -(a/b)/b so that b*b cannot underflow
        d_by_b = -(a / b) / b
        if not math.isfinite(d_by_b):
            raise OverflowError(
                f"a / b with b this close to 0 has a derivative too large for a float: "
                f"d(a / b)/db = -a/b**2 = {d_by_b}, with {describe(self, 'a')}, {describe(other, 'b')}"
            )
        return Value(a / b, "", (self, other), (1.0 / b, d_by_b), "/")

    def __pow__(self, exponent: Operand) -> Value:  # self ** exponent
        if isinstance(exponent, Value):
            return _power_with_value_exponent(self, exponent)
        if not is_real_number(exponent):
            return NotImplemented
        a, p = self.data, as_float(exponent)
        if a <= 0.0:  # the corners of the power function, checked only where they can occur
            check_power_corners(self, p)
        try:
            # d(a**p)/da = p * a**(p - 1)
            local = p * a ** (p - 1.0) if a != 0.0 or p >= 1.0 else derivative_of_power_at_zero(p)
            if math.isinf(local) and a != 0.0:  # p * (a huge number) overflows without an exception
                raise OverflowError
            return Value(a**p, "", (self,), (local,), power_symbol(p))
        except OverflowError:
            raise OverflowError(
                f"({describe(self, 'base')}) ** {p:g} or its derivative {p:g} * base**({p:g} - 1) "
                "is too large for a float"
            ) from None

    def __neg__(self) -> Value:  # -self
        # d(-a)/da = -1
        return Value(-self.data, "", (self,), _MINUS_ONE, "neg")

    def exp(self) -> Value:
        """e ** self.   d(e**x)/dx = e**x"""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"exp overflows for {describe(self)}: e**x is larger than the largest float "
                f"when x > {math.log(sys.float_info.max):.2f}"
            ) from None
        return Value(out, "", (self,), (out,), "exp")

    def log(self) -> Value:
        """The natural logarithm.   d(log x)/dx = 1/x, defined for x > 0."""
        x = self.data
        if not x > 0.0:
            raise ValueError(f"log is defined for x > 0, got {describe(self)}")
        if x < 1.0 / sys.float_info.max:  # 1/x would be too large for a float
            raise OverflowError(f"log's derivative 1/x is too large for a float at {describe(self)}")
        return Value(math.log(x), "", (self,), (1.0 / x,), "log")

    def tanh(self) -> Value:
        """The hyperbolic tangent.   d(tanh x)/dx = 1 - tanh(x)**2"""
        x = self.data
        # 1 - tanh(x)**2 loses every digit once tanh(x) rounds to +-1 (|x| > 19). The same number
        # written with e = e**(-2|x|), which never overflows, keeps them: 4e / (1 + e)**2.
        e = math.exp(-2.0 * abs(x))
        return Value(math.tanh(x), "", (self,), (4.0 * e / (1.0 + e) ** 2,), "tanh")

    def relu(self) -> Value:
        """max(0, x).   d(relu x)/dx = 1 if x > 0 else 0 (0 at the kink x = 0, as in PyTorch)"""
        x = self.data
        return Value(x if x > 0.0 else 0.0, "", (self,), (1.0 if x > 0.0 else 0.0,), "relu")

    def sigmoid(self) -> Value:
        """1 / (1 + e**-x).   d(sigmoid x)/dx = sigmoid(x) * (1 - sigmoid(x))"""
        x = self.data
        # With e = e**-|x| (at most 1, so it cannot overflow): sigmoid(x) = 1/(1 + e) for x >= 0,
        # e/(1 + e) for x < 0, and its derivative is e/(1 + e)**2 on both sides. Written as
        # s * (1 - s), the derivative would round to 0 once s rounds to 1 (x > 37).
        e = math.exp(-abs(x))
        s = 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
        return Value(s, "", (self,), (e / (1.0 + e) ** 2,), "sigmoid")

    # ---- reflected operations: a plain number on the left, as in 2 * x ----

    def __radd__(self, other: Number) -> Value:  # other + self
        other = _constant(other)
        return NotImplemented if other is None else other + self

    def __rsub__(self, other: Number) -> Value:  # other - self
        other = _constant(other)
        return NotImplemented if other is None else other - self

    def __rmul__(self, other: Number) -> Value:  # other * self
        other = _constant(other)
        return NotImplemented if other is None else other * self

    def __rtruediv__(self, other: Number) -> Value:  # other / self
        other = _constant(other)
        return NotImplemented if other is None else other / self

    def __rpow__(self, base: Number) -> Value:  # base ** self
        base = _constant(base)
        return NotImplemented if base is None else _power_with_value_exponent(base, self)

    # ---- the backward pass lives in backprop.py; this is its familiar entry point ----

    def backward(self) -> None:
        """Fill in ``.grad`` of every value this one depends on, by the chain rule.

        After ``loss.backward()``, ``v.grad`` is d(loss)/d(v) for every value v in the graph.
        Leaves (parameters, inputs) *accumulate*, as in PyTorch: call ``zero_grad`` between
        steps. Computed values are recomputed from scratch on every call. See backprop.py.
        """
        backpropagate(self)

    def _backward(self) -> None:
        """One step of the chain rule at this node: pass ``self.grad`` on to its inputs.

        input.grad += d(self)/d(input) * self.grad, for each input. `backward()` does this for
        every node in reverse topological order. The name is micrograd's, so the lecture's
        by-hand backpropagation (``o.grad = 1.0; o._backward(); n._backward(); ...``) runs as is.
        """
        for source, local_grad in zip(self._inputs, self._local_grads):
            source.grad += local_grad * self.grad


def sum_values(values) -> Value:
    """Add many values as one node: total = v1 + v2 + ... + vn.

    d(total)/d(vi) = 1 for every i. One node with n inputs instead of a chain of n - 1
    additions keeps the graph of a loss over n data points shallow and small.
    Also available as ``microgd.sum``. Plain numbers become constants.
    """
    inputs = []
    for v in values:
        if not isinstance(v, Value):
            constant = _constant(v)
            if constant is None:
                raise TypeError(f"sum_values adds Values and real numbers, got {type(v).__name__}: {v!r}")
            v = constant
        inputs.append(v)
    if not inputs:  # Python's sum([]) is 0, but a loss over no data points is almost always a bug
        raise ValueError("sum_values needs at least one value to add, got none; write Value(0.0) for an empty sum")
    try:
        total = math.fsum(v.data for v in inputs)  # fsum adds without rounding errors piling up
    except OverflowError:
        raise OverflowError(f"the sum of {len(inputs)} values is too large for a float") from None
    return Value(total, "", tuple(inputs), (1.0,) * len(inputs), "sum")


def _power_with_value_exponent(base: Value, exponent: Value) -> Value:
    """a ** b for a Value b.   d(a**b)/da = b * a**(b - 1),   d(a**b)/db = a**b * log(a)"""
    a, b = base.data, exponent.data
    if not a > 0.0:
        raise ValueError(
            f"a ** b with a Value exponent needs a positive base a (its derivative uses log a), "
            f"got {describe(base, 'a')}"
        )
    try:
        out = a**b
        local_base, local_exponent = b * a ** (b - 1.0), out * math.log(a)
        if math.isinf(local_base) or math.isinf(local_exponent):  # a product overflowed silently
            raise OverflowError
    except OverflowError:
        raise OverflowError(
            f"a ** b or its derivatives are too large for a float: {describe(base, 'a')}, {describe(exponent, 'b')}"
        ) from None
    return Value(out, "", (base, exponent), (local_base, local_exponent), "**")


# ---- plain numbers in an expression become constants ----


def _constant(other: object) -> Value | None:
    """Wrap a plain number as a constant leaf, or None for operands we do not support."""
    if type(other) is float:  # the common case first: the generic check below is slow
        return Value(other)
    if is_real_number(other):
        return Value(as_float(other))
    return None
