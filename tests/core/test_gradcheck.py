"""Every operation against central finite differences, near kinks too, and random expressions."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microgd
from microgd import GradientMismatch, Value, gradcheck, numerical_gradient

# (name, function of Values, points to check at)
OPERATIONS = [
    ("add", lambda a, b: a + b, [(1.5, -0.5)]),
    ("sub", lambda a, b: a - b, [(1.5, -0.5)]),
    ("mul", lambda a, b: a * b, [(1.5, -0.5)]),
    ("div", lambda a, b: a / b, [(1.5, -0.5), (0.3, 2.0)]),
    ("pow value exponent", lambda a, b: a**b, [(1.5, -0.5), (0.7, 2.5)]),
    ("pow number exponent", lambda a: a**3, [(1.5,), (-0.8,)]),
    ("sqrt", lambda a: a**0.5, [(2.0,), (1e-3,)]),
    ("reciprocal", lambda a: a**-1, [(0.5,), (-2.0,)]),
    ("neg", lambda a: -a, [(1.5,)]),
    ("exp", lambda a: a.exp(), [(1.5,), (-3.0,)]),
    ("log", lambda a: a.log(), [(1.5,), (1e-3,)]),
    ("tanh", lambda a: a.tanh(), [(0.3,), (-2.0,)]),
    ("sigmoid", lambda a: a.sigmoid(), [(0.3,), (-4.0,)]),
    ("relu near its kink, right", lambda a: a.relu(), [(1e-4,), (2.0,)]),
    ("relu near its kink, left", lambda a: a.relu(), [(-1e-4,), (-2.0,)]),
    ("sum node", lambda a, b: microgd.sum([a, b, a * b, 2.0]), [(1.5, -0.5)]),
    ("number on the left", lambda a: 2 - a + 3 / a + 2**a, [(1.5,)]),
]


@pytest.mark.parametrize("name, f, points", OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_each_operation_matches_central_differences(name, f, points):
    for point in points:
        assert gradcheck(f, list(point))


def test_relu_at_its_kink_uses_the_subgradient_zero():
    """At x = 0 the central difference straddles the kink and gives 1/2; we follow PyTorch's 0."""
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    assert numerical_gradient(lambda a: a.relu(), [0.0]) == [pytest.approx(0.5)]
    with pytest.raises(GradientMismatch, match="argument 0"):
        gradcheck(lambda a: a.relu(), [0.0])


def test_gradcheck_catches_a_wrong_derivative():
    """An op whose stored local derivative is wrong must be caught, not waved through."""

    def wrong_square(a: Value) -> Value:
        return Value(a.data**2, (a,), "bad", _local_grads=(a.data,))  # should be 2a

    with pytest.raises(GradientMismatch, match=r"backward\(\) gives 3.0, central difference gives 6"):
        gradcheck(wrong_square, [3.0])


def test_gradcheck_needs_f_to_return_a_value():
    with pytest.raises(TypeError, match="return a Value"):
        gradcheck(lambda a: 3.0, [1.0])


def test_gradcheck_leaves_the_callers_values_untouched():
    a = Value(2.0)
    gradcheck(lambda v: v * v, [a])
    assert (a.data, a.grad) == (2.0, 0.0)


# ---- random expressions ----

UNARY = [
    lambda a: a.tanh(),
    lambda a: a.sigmoid(),
    lambda a: a.exp() * 0.1,
    lambda a: (a * a + 1.0).log(),
    lambda a: -a,
    lambda a: a**2,
    lambda a: (a * a + 0.5) ** 0.5,
    lambda a: a.relu(),
]
BINARY = [
    lambda a, b: a + b,
    lambda a, b: a - b,
    lambda a, b: a * b,
    lambda a, b: a / (b * b + 1.0),
    lambda a, b: (a * a + 1.0) ** (b.tanh()),
    lambda a, b: microgd.sum([a, b, a]),
]


@st.composite
def expressions(draw):
    """A random program over two inputs: a list of steps, each combining earlier results."""
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            steps.append(("unary", draw(st.integers(0, len(UNARY) - 1)), draw(st.integers(0, 20))))
        else:
            steps.append(
                ("binary", draw(st.integers(0, len(BINARY) - 1)), draw(st.integers(0, 20)), draw(st.integers(0, 20)))
            )
    return steps


def run_program(steps, a, b):
    results = [a, b]
    for step in steps:
        if step[0] == "unary":
            results.append(UNARY[step[1]](results[step[2] % len(results)]))
        else:
            results.append(BINARY[step[1]](results[step[2] % len(results)], results[step[3] % len(results)]))
    return results[-1] * 1.0  # a fresh node, so the output is never an input itself


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    steps=expressions(),
    a=st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 1e-2),
    b=st.floats(-2.0, 2.0).filter(lambda v: abs(v) > 1e-2),
)
def test_random_expressions_match_central_differences(steps, a, b):
    def f(x, y):
        return run_program(steps, x, y)

    # Skip points sitting on a relu kink, where no single derivative exists.
    leaves = [Value(a), Value(b)]
    for node in microgd.topological_order(f(*leaves)):
        if node.op == "relu" and abs(node.inputs[0].data) < 1e-4:
            return
    gradcheck(f, [a, b], rtol=1e-4, atol=1e-6)
