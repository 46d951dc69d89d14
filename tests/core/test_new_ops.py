"""A new operation, written the README's way or the lecture's way, works like a built-in one."""

import math

import pytest

import microgd
from microgd import Value, gradcheck


def lecture_tanh(self: Value) -> Value:
    """Karpathy's lecture: the output remembers its input, and a closure says how grad flows back."""
    x = self.data
    t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


def micrograd_cube(self: Value) -> Value:
    """micrograd's keyword spelling, with an op name microgd does not know."""
    out = Value(self.data**3, _children=(self,), _op="cube")

    def _backward():
        self.grad += 3 * self.data**2 * out.grad

    out._backward = _backward
    return out


def readme_sin(self: Value) -> Value:
    """microgd's way: the local derivative given as a number, beside the forward value."""
    # d(sin x)/dx = cos x
    return Value(math.sin(self.data), (self,), "sin", _local_grads=(math.cos(self.data),))


def lecture_mul(self: Value, other: Value) -> Value:
    """A two-input op the lecture's way, used with the same Value on both sides (x * x)."""
    out = Value(self.data * other.data, (self, other), "times")

    def _backward():
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad

    out._backward = _backward
    return out


@pytest.fixture(autouse=True)
def new_ops(monkeypatch):
    for name, op in [("ltanh", lecture_tanh), ("cube", micrograd_cube), ("sin", readme_sin), ("times", lecture_mul)]:
        monkeypatch.setattr(Value, name, op, raising=False)


def test_lecture_op_forward_and_gradient_match_the_builtin():
    a, b = Value(0.8), Value(0.8)
    ours, builtin = a.ltanh(), b.tanh()
    assert ours.data == pytest.approx(builtin.data, rel=1e-14)
    ours.backward()
    builtin.backward()
    assert a.grad == pytest.approx(b.grad, rel=1e-12)


@pytest.mark.parametrize(
    "f",
    [
        lambda x, y: x.ltanh() * y + x.cube(),
        lambda x, y: (x * y).sin() + x.ltanh().cube(),
        lambda x, y: x.times(x) + y.times(x).ltanh(),  # the same input twice, and a reused node
        lambda x, y: microgd.sum([x.cube(), y.sin(), x.ltanh(), 2.0]) / 3,
    ],
)
def test_new_ops_mixed_with_builtin_ones_match_central_differences(f):
    assert gradcheck(f, [0.7, -1.3])


def test_a_reused_lecture_node_collects_both_paths():
    x = Value(0.5)
    t = x.ltanh()
    out = t * t + t  # t used three times: d/dx = (2t + 1) * (1 - t**2)
    out.backward()
    tx = math.tanh(0.5)
    assert x.grad == pytest.approx((2 * tx + 1) * (1 - tx**2), rel=1e-12)


def test_backward_twice_accumulates_on_leaves_as_for_any_op():
    x = Value(0.3)
    out = x.cube().ltanh()
    out.backward()
    once = x.grad
    out.backward()
    assert x.grad == 2 * once and out.grad == 1.0  # the output is recomputed, the leaf accumulates


def test_the_local_derivative_is_found_from_the_closure_and_is_in_the_public_view():
    x = Value(2.0)
    out = x.cube()
    assert out.op == "cube" and out.inputs == (x,)
    assert out.local_grads == (12.0,)  # 3 * x**2, read off the closure
    assert x.grad == 0.0 and out.grad == 0.0  # finding it changed no gradient


def test_by_hand_backpropagation_calls_the_stored_rule():
    x = Value(2.0)
    out = x.cube()
    out.grad = 1.0
    out._backward()
    assert x.grad == 12.0


def test_a_lecture_node_without_a_backward_passes_nothing_as_in_micrograd():
    x = Value(2.0)
    out = Value(x.data * 5, (x,), "five_times")
    out.backward()
    assert x.grad == 0.0


def test_label_positions_keep_working():
    assert Value(2.0, label="m").label == "m"
    assert Value(2.0, "m").label == "m"
    x = Value(1.0)
    node = Value(3.0, (x,), "op", "n")  # the lecture's fourth argument is the label
    assert (node.label, node.op, node.inputs) == ("n", "op", (x,))


def test_local_grads_must_be_one_number_per_input():
    x = Value(1.0)
    with pytest.raises(ValueError, match="_local_grads.*one.*per input.*'sin'"):
        Value(0.8, (x,), "sin", _local_grads=(1.0, 2.0))


def test_micrograds_own_constructor_lines_work_in_a_subclass():
    """micrograd's __init__ sets a do-nothing _backward and _prev = set(_children) on every value."""

    class MicrogradStyle(Value):
        def __init__(self, data, _children=(), _op="", label=""):
            super().__init__(data, _children, _op, label)
            self._backward = lambda: None
            self._prev = set(_children)

    x = MicrogradStyle(2.0)
    out = MicrogradStyle(x.data**3, (x,), "cube")

    def _backward():
        x.grad += 3 * x.data**2 * out.grad

    out._backward = _backward
    out.backward()
    assert x.grad == 12.0


def test_a_closure_for_an_input_used_twice_is_counted_once():
    x = Value(3.0)
    out = Value(x.data * x.data, (x, x), "square", _local_grads=(3.0, 3.0))

    def _backward():
        x.grad += 2 * x.data * out.grad

    out._backward = _backward
    out.backward()
    assert x.grad == 6.0


def test_a_closure_on_a_node_with_a_plain_number_input():
    x = Value(3.0)
    y = x * 2.0

    def _backward():
        x.grad += 5.0 * y.grad  # a (wrong on purpose) rule replacing the built-in one

    y._backward = _backward
    y.backward()
    assert x.grad == 5.0 and y.local_grads == (5.0, None)
