"""The Value engine: forward values, local derivatives, and clear errors.

Forward values and gradients are asserted separately, so a failure says which pass broke.
"""

import math
import re

import numpy as np
import pytest

import microgd
from microgd import Value


# ---- construction ----


@pytest.mark.parametrize("data", [3, 2.5, np.float64(1.25), np.float32(0.5), np.int64(7), -0.0])
def test_value_accepts_real_numbers_and_stores_a_python_float(data):
    v = Value(data, label="v")
    assert type(v.data) is float and v.data == float(data)
    assert v.grad == 0.0 and v.label == "v"


@pytest.mark.parametrize("data", ["1.0", None, 1 + 2j, [1.0], np.array([1.0, 2.0]), True])
def test_value_refuses_non_numbers_naming_the_type(data):
    with pytest.raises(TypeError, match=type(data).__name__):
        Value(data)


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label must be a str, got int"):
        Value(1.0, label=3)


def test_repr_shows_data_grad_and_label():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Value(2.0, label="m")) == "Value(label='m', data=2.0, grad=0.0)"


# ---- each operation: forward value, inputs in order, local derivatives, symbol ----

A, B = 1.5, -0.5


@pytest.mark.parametrize(
    "build, value, local_grads, op",
    [
        (lambda a, b: a + b, A + B, (1.0, 1.0), "+"),
        (lambda a, b: a - b, A - B, (1.0, -1.0), "-"),
        (lambda a, b: a * b, A * B, (B, A), "*"),
        (lambda a, b: a / b, A / B, (1 / B, -A / B**2), "/"),
        (lambda a, b: a**b, A**B, (B * A ** (B - 1), A**B * math.log(A)), "**"),
    ],
)
def test_binary_operations_record_inputs_local_derivatives_and_symbol(build, value, local_grads, op):
    a, b = Value(A), Value(B)
    out = build(a, b)
    assert out.data == pytest.approx(value, rel=1e-15)
    assert out.inputs == (a, b)
    assert out.local_grads == pytest.approx(local_grads, rel=1e-15)
    assert out.op == op


@pytest.mark.parametrize(
    "build, value, local_grad, op",
    [
        (lambda a: -a, -A, -1.0, "neg"),
        (lambda a: a**3, A**3, 3 * A**2, "**3"),
        (lambda a: a**0.5, A**0.5, 0.5 * A**-0.5, "**0.5"),
        (lambda a: a.exp(), math.exp(A), math.exp(A), "exp"),
        (lambda a: a.log(), math.log(A), 1 / A, "log"),
        (lambda a: a.tanh(), math.tanh(A), 1 - math.tanh(A) ** 2, "tanh"),
        (lambda a: a.relu(), A, 1.0, "relu"),
        (lambda a: a.sigmoid(), 1 / (1 + math.exp(-A)), math.exp(-A) / (1 + math.exp(-A)) ** 2, "sigmoid"),
    ],
)
def test_unary_operations_record_local_derivative_and_symbol(build, value, local_grad, op):
    a = Value(A)
    out = build(a)
    assert out.data == pytest.approx(value, rel=1e-14)
    assert out.inputs == (a,)
    assert out.local_grads[0] == pytest.approx(local_grad, rel=1e-14)
    assert out.op == op


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda x: 2 + x, 5.0),
        (lambda x: 2 - x, -1.0),
        (lambda x: 2 * x, 6.0),
        (lambda x: 6 / x, 2.0),
        (lambda x: 2**x, 8.0),
        (lambda x: x + 2, 5.0),
        (lambda x: x - 2, 1.0),
        (lambda x: x * 2, 6.0),
        (lambda x: x / 2, 1.5),
    ],
)
def test_plain_numbers_on_either_side_stay_numbers_in_written_order(build, expected):
    x = Value(3.0, label="x")
    out = build(x)
    assert out.data == expected
    (number,) = [v for v in out.inputs if v is not x]
    assert type(number) is float and number in (2.0, 6.0)  # kept as a number, not made into a node
    assert out.inputs.index(number) == (0 if out.inputs[1] is x else 1)
    # a plain number gets no local derivative: no gradient is passed to it
    assert [d is None for d in out.local_grads] == [v is number for v in out.inputs]


def test_subtraction_keeps_the_order_and_the_symbol_as_written():
    x = Value(3.0)
    left, right = 2 - x, x - 2
    assert left.op == right.op == "-"
    assert left.inputs == (2.0, x) and left.local_grads == (None, -1.0)
    assert right.inputs == (x, 2.0) and right.local_grads == (1.0, None)


def test_numpy_scalars_mix_in_as_constants():
    out = Value(2.0) * np.float64(3.0)
    assert out.data == 6.0 and type(out.inputs[1]) is float


@pytest.mark.parametrize("operand", ["2", [1.0], None, 1j])
@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**"])
def test_unsupported_operands_give_pythons_usual_type_error(op, operand):
    x = Value(1.0)  # Value returns NotImplemented, so Python raises its usual TypeError
    with pytest.raises(TypeError, match="Value"):
        eval(f"x {op} operand")
    with pytest.raises(TypeError, match="Value"):
        eval(f"operand {op} x")


def test_sum_values_is_one_node_with_many_inputs():
    values = [Value(float(i)) for i in range(5)]
    total = microgd.sum([*values, 10])
    assert total.data == 20.0 and total.op == "sum"
    assert total.inputs == (*values, 10.0)  # the plain number stays a number
    assert total.local_grads == (1.0,) * 5 + (None,)
    with pytest.raises(TypeError, match="got str"):
        microgd.sum([Value(1.0), "2"])


def test_microgd_sum_of_nothing_is_a_clear_error():
    with pytest.raises(ValueError, match=r"at least one value to add, got none; write Value\(0\.0\)"):
        microgd.sum([])


def test_microgd_sum_does_not_shadow_the_builtin_on_star_import():
    namespace = {}
    exec("from microgd import *", namespace)
    assert "sum" not in namespace and "Value" in namespace


# ---- bad input: a clear error, never a silent wrong number ----


@pytest.mark.parametrize("x", [0.0, -1.5])
def test_log_of_non_positive_names_x(x):
    with pytest.raises(ValueError, match=rf"log is defined for x > 0, got x = {x}"):
        Value(x).log()


def test_division_by_zero_names_the_divisor():
    with pytest.raises(ZeroDivisionError, match=r"b = 0.0 \(label 'd'\)"):
        Value(1.0) / Value(0.0, label="d")
    with pytest.raises(ZeroDivisionError, match="b = 0.0"):
        1.0 / Value(0.0)


def test_zero_to_a_negative_power_is_a_clear_error():
    with pytest.raises(ZeroDivisionError, match=r"0 \*\* -1 is undefined"):
        Value(0.0) ** -1


def test_negative_base_with_fractional_exponent_is_a_clear_error():
    with pytest.raises(ValueError, match="negative base needs an integer exponent"):
        Value(-8.0) ** (1 / 3)
    assert (Value(-2.0) ** 3).data == -8.0  # integer exponents are fine


def test_value_exponent_needs_a_positive_base_or_zero():
    with pytest.raises(ValueError, match="positive base.*-2.0"):
        Value(-2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="positive base.*0.0"):
        Value(0.0) ** Value(-1.0)


def test_zero_to_a_value_power_has_pytorchs_gradients():
    base, exponent = Value(0.0), Value(2.0)
    out = base**exponent
    out.backward()  # 0 ** b stays 0 as b moves: its slope in b is 0; in a it is b * 0**(b-1) = 0
    assert (out.data, base.grad, exponent.grad) == (0.0, 0.0, 0.0)
    exponent = Value(2.0)
    (0 ** exponent).backward()
    assert exponent.grad == 0.0


def test_exp_overflow_names_the_input():
    with pytest.raises(OverflowError, match=r"exp.*1000\.0"):
        Value(1000.0).exp()


def test_power_overflow_is_a_clear_error():
    with pytest.raises(OverflowError, match="too large for a float"):
        Value(10.0) ** 400


def test_power_derivative_at_zero():
    assert (Value(0.0) ** 0.5).local_grads == (math.inf,)  # sqrt is vertical at 0 (backward then stops)
    assert (Value(0.0) ** 0).local_grads == (0.0,)
    assert (Value(0.0) ** 2).local_grads == (0.0,)


@pytest.mark.parametrize("x", [1000.0, -1000.0, 710.0, -710.0])
def test_tanh_and_sigmoid_are_stable_at_extremes(x):
    t, s = Value(x).tanh(), Value(x).sigmoid()
    assert t.data == math.copysign(1.0, x) and t.local_grads == (0.0,)
    assert s.data == (1.0 if x > 0 else pytest.approx(0.0, abs=1e-300))
    assert s.local_grads[0] == pytest.approx(0.0, abs=1e-300)
    assert all(math.isfinite(v) for v in (t.data, s.data, s.local_grads[0]))


def test_sigmoid_is_symmetric():
    for x in [0.0, 0.3, 5.0, 30.0]:
        assert Value(x).sigmoid().data + Value(-x).sigmoid().data == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("x", [0.0, 0.5, -3.0, 19.0, -25.0, 40.0, -300.0])
def test_tanh_and_sigmoid_derivatives_keep_their_digits_in_the_tails(x):
    """Where tanh(x) and sigmoid(x) round to 1, 1 - t**2 and s*(1 - s) would give 0 or noise."""
    exact_tanh = 4.0 / (math.exp(x) + math.exp(-x)) ** 2  # sech(x)**2, fine for |x| < 350
    exact_sigmoid = 1.0 / ((1.0 + math.exp(-x)) * (1.0 + math.exp(x)))  # s * (1 - s)
    assert Value(x).tanh().local_grads[0] == pytest.approx(exact_tanh, rel=1e-13)
    assert Value(x).sigmoid().local_grads[0] == pytest.approx(exact_sigmoid, rel=1e-13)
    assert Value(x).sigmoid().local_grads == Value(-x).sigmoid().local_grads  # symmetric


def test_relu_kink_follows_pytorch():
    assert Value(0.0).relu().local_grads == (0.0,)
    assert Value(-1e-12).relu().local_grads == (0.0,)
    assert Value(1e-12).relu().local_grads == (1.0,)


# ---- never a silent inf or nan ----


@pytest.mark.parametrize("data", [math.inf, -math.inf, math.nan])
def test_value_refuses_inf_and_nan(data):
    with pytest.raises(ValueError, match=f"finite real number, got {data}"):
        Value(data)


@pytest.mark.parametrize(
    "build, op",
    [
        (lambda: Value(1e200) * Value(1e200), "the result of '*' is inf"),
        (lambda: Value(1e308) + 1e308, "the result of '+' is inf"),
        (lambda: -1e308 - Value(1e308), "the result of '-' is -inf"),
        (lambda: Value(1e300) / 1e-300, "the result of '/' is inf"),
    ],
)
def test_results_too_large_for_a_float_raise_overflow_naming_the_operands(build, op):
    with pytest.raises(OverflowError, match=re.escape(op) + r".*too large for a float.*a = "):
        build()


def test_division_by_a_tiny_number_keeps_its_derivative_finite_or_says_so():
    out = Value(1.0) / Value(1e-150)  # b*b would underflow to 0; -(a/b)/b does not
    assert out.local_grads == (pytest.approx(1e150), pytest.approx(-1e300))
    with pytest.raises(OverflowError, match=r"d\(a / b\)/db = -a/b\*\*2"):
        Value(1.0) / Value(1e-200)


def test_sum_too_large_for_a_float_is_a_clear_error():
    with pytest.raises(OverflowError, match="sum of 3 values is too large"):
        microgd.sum([Value(1e308), Value(1e308), Value(1e308)])


def test_micrograd_style_children_must_be_values():
    with pytest.raises(TypeError, match="_children.*Values"):
        Value(2.0, (1.0,), "tanh")


def test_is_leaf_is_a_property_as_in_pytorch():
    a = Value(1.0)
    assert a.is_leaf is True and (a * 2).is_leaf is False


def test_log_of_a_subnormal_number_says_its_derivative_overflows():
    with pytest.raises(OverflowError, match=r"1/x is too large for a float at x = 1e-310"):
        Value(1e-310).log()
    assert Value(1e-300).log().local_grads == (pytest.approx(1e300),)


def test_a_power_whose_derivative_overflows_says_so():
    with pytest.raises(OverflowError, match=r"or its derivative -1 \* base\*\*\(-1 - 1\) is too large"):
        Value(1e-200) ** -1


@pytest.mark.parametrize(
    "build",
    [lambda: Value(10**400), lambda: Value(2.0) + 10**400, lambda: 10**400 * Value(2.0), lambda: Value(2.0) ** 10**400],
)
def test_ints_too_large_for_a_float_say_so(build):
    with pytest.raises(OverflowError, match=r"goes up to about 1.8e\+308; got an int of about 10\*\*400"):
        build()


def test_a_power_whose_derivative_overflows_while_its_value_fits_says_so():
    assert math.isfinite(1.0001**7.09e6)  # the value fits; p * base**(p - 1) does not
    with pytest.raises(OverflowError, match=r"or its derivative 7.09e\+06 \* base"):
        Value(1.0001) ** 7.09e6
    with pytest.raises(OverflowError, match=r"a \*\* b or its derivatives are too large"):
        Value(1.0001) ** Value(7.09e6)


def test_an_input_assigned_inf_or_nan_is_named_as_the_cause():
    p = Value(1.0, label="p")
    p.data = math.inf  # what an overflowing update step does
    with pytest.raises(OverflowError, match=r"an input of '\*' is not a finite number \(a = inf \(label 'p'\)"):
        p * 2.0
    p.data = math.nan
    with pytest.raises(ValueError, match="assigned to .data directly"):
        p * 2.0


@pytest.mark.parametrize(
    "build, op",
    [
        (lambda v: v.relu(), "relu"),  # relu(nan) would be a silent 0
        (lambda v: 2 / v, "/"),  # 2 / inf would be a silent 0
        (lambda v: v.tanh(), "tanh"),
        (lambda v: v.sigmoid(), "sigmoid"),
        (lambda v: v.exp(), "exp"),
        (lambda v: v**0, "**0"),
        (lambda v: microgd.sum([v, 1.0]), "sum"),
    ],
)
@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_an_inf_or_nan_assigned_to_data_never_becomes_a_finite_number(build, op, bad):
    v = Value(1.0, label="v")
    v.data = bad
    with pytest.raises((ValueError, OverflowError), match=r"not a finite number"):
        build(v)


def test_a_nan_exponent_is_named_not_called_too_large():
    with pytest.raises(ValueError, match=r"'\*\*'.*not a finite number.*nan") as error:
        Value(2.0) ** math.nan
    assert "too large for a float" not in str(error.value)


def test_overflow_message_blames_the_learning_rate_only_conditionally():
    with pytest.raises(OverflowError, match="if this happens while training, the learning rate"):
        Value(1e308) * 10.0



def test_dividing_by_the_smallest_float_says_the_derivative_overflows():
    with pytest.raises(OverflowError, match=r"1/b = inf.*5e-324"):
        Value(1e-320) / 5e-324  # the value fits (about 2); its derivative 1/b does not
