"""The engine: a scalar `Value` that remembers how it was computed.

Every operation on Values returns a new Value, a *node* of the computation graph, that keeps
its inputs and, beside each one, the *local derivative* d(out)/d(input): a plain number worked
out at the same moment as the result. For ``out = a * b`` that is

    out.data = a * b        d(out)/da = b        d(out)/db = a

`backward()` (backprop.py) walks the graph from the output back and applies the chain rule at
every node: ``input.grad += local derivative * out.grad``. Because the local derivatives are
numbers on the node, the drawing prints them on the edges and a reader can check every gradient
with pencil and paper.

How a node stores this, chosen so that a graph is small and fast to walk:

* ``_a, _da``: the first input and its local derivative; ``_b, _db``: the second input and its
  local derivative (both None for an operation of one input, such as ``exp``);
* an input may be a *plain number* (the ``2`` in ``2 * x``, a data point ``x``). It is kept as a
  number, not made into a node, and its local derivative is None: nobody trains a constant, so
  no gradient is passed to it. Drawings and traces still show it where it was written;
* an operation of many inputs (`sum_values`) keeps them as tuples in ``_a`` and ``_da``.

Code outside the engine reads a node through its public view: ``op``, ``inputs`` and
``local_grads`` (see graph_view.py).

This module is longer than the others on purpose: it holds one idea, the Value and its
operations, and reads top to bottom (the operations, then how a node is built). Split, a reader
would jump between files to see one operation's value and derivative side by side.
"""

from __future__ import annotations

import math
import sys
from typing import Callable, Iterable, Union

from microgd.backprop import backpropagate, chain_rule_step, local_grads_from_closure
from microgd.operands import (
    checked_data,
    describe,
    is_real_number,
    label_error,
    not_finite_error,
    plain_number,
    sum_of_terms,
)
from microgd.powers import power_and_derivative, power_symbol, power_with_value_exponent

Number = Union[int, float]
Operand = Union["Value", int, float]


class Value:
    """A real number that remembers the operations that produced it.

    >>> m, x, b = Value(2.0, label="m"), Value(3.0, label="x"), Value(1.0, label="b")
    >>> y = m * x + b
    >>> y.backward()
    >>> y.data, m.grad, x.grad, b.grad
    (7.0, 3.0, 2.0, 1.0)

    Args:
        data: a real number (int, float or a numpy scalar); stored as a Python float.
        label: an optional name, shown when the graph is drawn. It may also be passed second,
            ``Value(2.0, "m")``, or fourth, after micrograd's ``_children`` and ``_op``:
            ``Value(t, (x,), "tanh")`` makes a node whose rule you give in ``_backward``.

    Attributes:
        data: the number this node holds (the forward value).
        grad: d(root)/d(this value) after ``root.backward()``; 0.0 before any backward pass.
        label: the name given by the user, or "".
    """

    # __slots__ keeps each node small (no per-instance dict): a graph has one node per operation.
    __slots__ = ("data", "grad", "label", "_op", "_a", "_da", "_b", "_db")

    def __init__(
        self,
        data: Number,
        _children: Iterable[Value] | str = (),
        _op: str = "",
        label: str = "",
        *,
        _local_grads: Iterable[float] | None = None,
    ) -> None:
        if isinstance(_children, str):  # Value(2.0, "m"): the second argument is the label
            _children, label = (), _children
        if type(label) is not str:
            raise label_error(label)
        self.data, self.grad, self.label, self._op = checked_data(data), 0.0, label, _op
        self._a = self._da = self._b = self._db = None
        if _children or _local_grads is not None:  # a new operation, written as in the README
            _set_inputs(self, *_checked_inputs(tuple(_children), _local_grads, _op))

    def __repr__(self) -> str:
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data}, grad={self.grad})"

    # ---- the primitive operations: forward value and local derivatives side by side ----

    def __add__(self, other: Operand) -> Value:  # self + other
        if isinstance(other, Value):
            # d(a + b)/da = 1, d(a + b)/db = 1
            return _node(self.data + other.data, "+", self, 1.0, other, 1.0)
        # A plain number stays a number: no gradient is passed to it. (Floats, the commonest, first.)
        b = other if type(other) is float else plain_number(other)
        return NotImplemented if b is None else _node(self.data + b, "+", self, 1.0, b, None)

    def __sub__(self, other: Operand) -> Value:  # self - other
        if isinstance(other, Value):
            # d(a - b)/da = 1, d(a - b)/db = -1
            return _node(self.data - other.data, "-", self, 1.0, other, -1.0)
        b = other if type(other) is float else plain_number(other)
        return NotImplemented if b is None else _node(self.data - b, "-", self, 1.0, b, None)

    def __mul__(self, other: Operand) -> Value:  # self * other
        if isinstance(other, Value):
            # d(a * b)/da = b, d(a * b)/db = a
            return _node(self.data * other.data, "*", self, other.data, other, self.data)
        b = other if type(other) is float else plain_number(other)
        return NotImplemented if b is None else _node(self.data * b, "*", self, b, b, None)

    def __truediv__(self, other: Operand) -> Value:  # self / other
        return _divide(self, other)

    def __pow__(self, exponent: Operand) -> Value:  # self ** exponent
        if isinstance(exponent, Value):
            return _power_with_value_exponent(self, exponent)
        p = exponent if type(exponent) is float else plain_number(exponent)
        if p is None:
            return NotImplemented
        if p == 2.0:  # the squared error, the commonest power of all: a*a is exact and quick
            a = self.data
            # d(a**2)/da = 2a
            return _node(a * a, "**2", self, 2.0 * a, None, None)
        # d(a**p)/da = p * a**(p - 1); the corners (0 ** -1, (-8) ** 0.5, overflow) are in powers.py
        out, local = power_and_derivative(self, p)
        return _node(out, power_symbol(p), self, local, None, None)

    def __neg__(self) -> Value:  # -self
        # d(-a)/da = -1
        return _node(-self.data, "neg", self, -1.0, None, None)

    def exp(self) -> Value:
        """e ** self.   d(e**x)/dx = e**x"""
        x = _finite_input(self, "exp")
        if x > _LOG_OF_LARGEST_FLOAT:
            raise OverflowError(f"exp overflows for {describe(self)}: e**x passes the largest float when x > {_LOG_OF_LARGEST_FLOAT:.2f}")
        out = math.exp(x)
        return _node(out, "exp", self, out, None, None)

    def log(self) -> Value:
        """The natural logarithm.   d(log x)/dx = 1/x, defined for x > 0."""
        x = _finite_input(self, "log")
        if not x > 0.0:
            raise ValueError(f"log is defined for x > 0, got {describe(self)}")
        if x < 1.0 / sys.float_info.max:  # 1/x would be too large for a float
            raise OverflowError(f"log's derivative 1/x is too large for a float at {describe(self)}")
        return _node(math.log(x), "log", self, 1.0 / x, None, None)

    def tanh(self) -> Value:
        """The hyperbolic tangent.   d(tanh x)/dx = 1 - tanh(x)**2"""
        x = _finite_input(self, "tanh")
        # 1 - tanh(x)**2 loses every digit once tanh(x) rounds to +-1 (|x| > 19). The same number
        # written with e = e**(-2|x|), which never overflows, keeps them: 4e / (1 + e)**2.
        e = math.exp(-2.0 * abs(x))
        return _node(math.tanh(x), "tanh", self, 4.0 * e / (1.0 + e) ** 2, None, None)

    def relu(self) -> Value:
        """max(0, x).   d(relu x)/dx = 1 if x > 0 else 0 (0 at the kink x = 0, as in PyTorch)"""
        x = _finite_input(self, "relu")
        return _node(x if x > 0.0 else 0.0, "relu", self, 1.0 if x > 0.0 else 0.0, None, None)

    def sigmoid(self) -> Value:
        """1 / (1 + e**-x).   d(sigmoid x)/dx = sigmoid(x) * (1 - sigmoid(x))"""
        x = _finite_input(self, "sigmoid")
        # With e = e**-|x| (at most 1, so it cannot overflow): sigmoid(x) = 1/(1 + e) for x >= 0,
        # e/(1 + e) for x < 0, and its derivative is e/(1 + e)**2 on both sides. Written as
        # s * (1 - s), the derivative would round to 0 once s rounds to 1 (x > 37).
        e = math.exp(-abs(x))
        s = 1.0 / (1.0 + e) if x >= 0.0 else e / (1.0 + e)
        return _node(s, "sigmoid", self, e / (1.0 + e) ** 2, None, None)

    # ---- reflected operations: a plain number on the left, as in 2 * x ----

    def __radd__(self, other: Number) -> Value:  # other + self
        a = plain_number(other)
        return NotImplemented if a is None else _node(a + self.data, "+", a, None, self, 1.0)

    def __rsub__(self, other: Number) -> Value:  # other - self
        a = plain_number(other)
        return NotImplemented if a is None else _node(a - self.data, "-", a, None, self, -1.0)

    def __rmul__(self, other: Number) -> Value:  # other * self
        a = plain_number(other)
        return NotImplemented if a is None else _node(a * self.data, "*", a, None, self, a)

    def __rtruediv__(self, other: Number) -> Value:  # other / self
        a = plain_number(other)
        return NotImplemented if a is None else _divide(a, self)

    def __rpow__(self, base: Number) -> Value:  # base ** self
        a = plain_number(base)
        return NotImplemented if a is None else _power_with_value_exponent(a, self)

    # ---- the public view of the graph: what drawings, traces and your own code read ----

    @property
    def op(self) -> str:
        """The operation as written: "+", "-", "*", "/", "**2", "exp", "sum", ...; "" for a leaf."""
        return self._op

    @property
    def inputs(self) -> tuple[Value | float, ...]:
        """The inputs in the order written; a plain number (the 2 in 2 * x) is the number itself."""
        a, b = self._a, self._b
        if type(self._da) is tuple:  # many inputs
            return a
        return () if a is None else (a,) if b is None else (a, b)  # a leaf, one input, or two

    @property
    def local_grads(self) -> tuple[float | None, ...]:
        """d(self)/d(input) for each input, in the order of ``inputs``; None for a plain number."""
        da = self._da
        if type(da) is tuple:  # many inputs
            return da
        return () if self._a is None else (da,) if self._b is None else (da, self._db)

    @property
    def is_leaf(self) -> bool:
        """True for values the user created (parameters, data), not computed ones."""
        return self._a is None

    @property
    def _prev(self) -> set[Value]:
        """The Value inputs as a set: the name micrograd uses, so its drawing code keeps working."""
        return {v for v in self.inputs if isinstance(v, Value)}

    # ---- the backward pass lives in backprop.py; these are its familiar entry points ----

    def backward(self) -> None:
        """Fill in ``.grad`` of every value this one depends on, by the chain rule.

        After ``loss.backward()``, ``v.grad`` is d(loss)/d(v) for every value v in the graph.
        Leaves (parameters, inputs) *accumulate*, as in PyTorch: call ``zero_grad`` between
        steps. Computed values are recomputed from scratch on every call. See backprop.py.
        """
        backpropagate(self)

    # A new operation can give its local derivatives as numbers (see the README):
    #     Value(math.sin(x.data), (x,), "sin", _local_grads=(math.cos(x.data),))
    # or, as micrograd and the lecture do, as a closure assigned to ``_backward``:

    @property
    def _backward(self) -> Callable[[], None]:
        """One step of the chain rule at this node: each input's grad += local derivative * self.grad.

        `backward()` takes this step at every node in reverse topological order. The name is
        micrograd's, so the lecture's by-hand backpropagation (``o.grad = 1.0; o._backward()``)
        runs as is. Assigning a function here, as the lecture does for a new operation
        (``out._backward = _backward``), records the local derivatives it applies (see
        `local_grads_from_closure`), so the node is drawn and walked like any other.
        """
        return lambda: chain_rule_step(self)

    @_backward.setter
    def _backward(self, closure: Callable[[], None]) -> None:
        if self.is_leaf:  # micrograd gives every value a _backward; a leaf's has nothing to do
            return
        # Each Value input once (x * x has x twice: the closure adds both uses to one grad).
        inputs = tuple(dict.fromkeys(v for v in self.inputs if isinstance(v, Value)))
        found = dict(zip(inputs, local_grads_from_closure(self, inputs, closure)))
        # The whole local derivative goes on an input's first edge, 0 on any other; none on a plain number.
        local_grads = []
        for v in self.inputs:
            local_grads.append(found.pop(v, 0.0) if isinstance(v, Value) else None)
        _set_inputs(self, self.inputs, tuple(local_grads))

    @_prev.setter
    def _prev(self, children: set[Value]) -> None:
        """micrograd's ``self._prev = set(_children)``: here the inputs are given to Value() itself."""
        if set(children) != self._prev:
            raise AttributeError(
                "a Value's inputs are given when it is made: Value(data, _children, _op); "
                f"_prev is then read-only, got {children!r}"
            )


def sum_values(values: Iterable[Operand]) -> Value:
    """Add many values as one node: total = v1 + v2 + ... + vn.

    d(total)/d(vi) = 1 for every i. One node with n inputs instead of a chain of n - 1
    additions keeps the graph of a loss over n data points shallow and small.
    Also available as ``microgd.sum``. Plain numbers stay numbers.
    """
    inputs: list[Value | float] = []
    for v in values:
        number = v if isinstance(v, Value) else plain_number(v)
        if number is None:
            raise TypeError(f"sum_values adds Values and real numbers, got {type(v).__name__}: {v!r}")
        inputs.append(number)
    if not inputs:  # Python's sum([]) is 0, but a loss over no data points is almost always a bug
        raise ValueError("sum_values needs at least one value to add, got none; write Value(0.0) for an empty sum")
    total = sum_of_terms([v.data if isinstance(v, Value) else v for v in inputs])
    # d(total)/d(vi) = 1 for a Value; None, no gradient, for a plain number
    local_grads = tuple(1.0 if isinstance(v, Value) else None for v in inputs)
    return _node(total, "sum", tuple(inputs), local_grads, None, None)


# ---- building nodes ----

_new_object = object.__new__
_LOG_OF_LARGEST_FLOAT = math.log(sys.float_info.max)
_isfinite = math.isfinite


def _node(data: float, op: str, a: Value | float | None, da: float | None, b: Value | float | None, db: float | None) -> Value:
    """A computed value: ``op`` applied to inputs a and b, with d(out)/da = da and d(out)/db = db.

    The checks a user's ``Value(...)`` needs (is it a number? a label?) are skipped: the engine
    made these numbers itself. The one check left: a result too large for a float (inf) or not a
    number (nan) is an error naming the operation, never a silent inf or nan.
    """
    if not _isfinite(data):
        raise not_finite_error(data, op, [v for v in (a, b) if v is not None])
    out = _new_object(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out._op = op
    out._a = a
    out._da = da
    out._b = b
    out._db = db
    return out


def _checked_inputs(children: tuple, local_grads: object, op: str) -> tuple[tuple, tuple]:
    """The inputs and local derivatives of a node made by ``Value(data, _children, _op, ...)``.

    With ``_local_grads``, one number per input, in order. Without, the node is written
    micrograd's way: its rule comes later as a ``_backward`` closure, and until then nothing
    flows back (micrograd's default ``_backward`` does nothing); each input is kept once, as in
    micrograd's set of children.
    """
    if not all(isinstance(v, Value) for v in children):
        raise TypeError(f"_children must be the Values that {op or 'this value'!r} was computed from, got {children!r}")
    if local_grads is None:
        children = tuple(dict.fromkeys(children))
        return children, (0.0,) * len(children)
    grads = tuple(local_grads)
    # A local derivative may be infinite (a vertical slope, as sqrt's at 0), never nan.
    if len(grads) != len(children) or not all(is_real_number(d) and not math.isnan(d) for d in grads):
        raise ValueError(
            f"_local_grads needs one real number per input of {op!r}, d(out)/d(input) in the order of "
            f"_children: got {len(grads)} for {len(children)} inputs: {grads!r}"
        )
    if not children:
        raise ValueError(f"_local_grads were given for {op!r} but no _children: name the inputs they belong to")
    return children, tuple(float(d) for d in grads)


def _set_inputs(node: Value, inputs: tuple, local_grads: tuple) -> None:
    """Store the inputs of a node made by ``Value(...)``, and their local derivatives."""
    if len(inputs) > 2:  # many inputs: as tuples
        node._a, node._da, node._b, node._db = inputs, local_grads, None, None
    elif len(inputs) == 2:
        node._a, node._da, node._b, node._db = inputs[0], local_grads[0], inputs[1], local_grads[1]
    else:
        node._a, node._da = inputs[0], local_grads[0]


def _finite_input(v: Value, op: str) -> float:
    """v.data, checked: an inf or nan assigned to ``.data`` by hand must not turn into a finite
    number in silence (relu(nan) would be 0, e**-inf is 0)."""
    x = v.data
    if not _isfinite(x):
        raise not_finite_error(x, op, [v])
    return x


def _divide(a: Value | float, b: Value | float) -> Value:
    """a / b, for a or b a Value.   d(a / b)/da = 1/b,   d(a / b)/db = -a/b**2"""
    x = a.data if isinstance(a, Value) else a
    y = b.data if isinstance(b, Value) else plain_number(b)
    if y is None:
        return NotImplemented
    if not (_isfinite(x) and _isfinite(y)):  # 2 / inf would be a silent 0
        raise not_finite_error(math.nan, "/", [a, b])
    if y == 0.0:
        raise ZeroDivisionError(f"division by zero in a / b: {describe(b, 'b')}; the divisor b must be non-zero")
    # Each local derivative is needed only for an input that is a Value. -a/b**2 is computed as
    # -(a/b)/b, so that b*b cannot underflow to 0.
    da = 1.0 / y if isinstance(a, Value) else None
    db = -(x / y) / y if isinstance(b, Value) else None
    if not all(_isfinite(d) for d in (da, db) if d is not None):
        raise OverflowError(
            f"a / b with b this close to 0 has a derivative too large for a float: d(a / b)/da = 1/b = {da}, "
            f"d(a / b)/db = -a/b**2 = {db}, with a = {x!r}, {describe(b, 'b')}"
        )
    return _node(x / y, "/", a, da, b if db is not None else y, db)


def _power_with_value_exponent(base: Value | float, exponent: Value) -> Value:
    """a ** b for a Value b.   d(a**b)/da = b * a**(b - 1),   d(a**b)/db = a**b * log(a)"""
    out, da, db = power_with_value_exponent(base, exponent)  # the corners are in powers.py
    return _node(out, "**", base, da if isinstance(base, Value) else None, exponent, db)

