"""trace and chain_rule: a derivative is the sum over paths of the products of local derivatives."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings

import microgd.drawing.replay
from microgd import Value, draw_graph, sum_values, topological_order, trace
from microgd.drawing.naming import name_of
from microgd.drawing.replay import central_difference
from microgd.drawing.paths import chain_rule, path_product
from test_draw import one_point_loss, random_graph


def steps_of(text: str) -> list[tuple[str, str, str]]:
    """The rows of a traced path: (derivative, its number, [the operation])."""
    return re.findall(r"^  (d\(.*?\)/d\(.*?\)) += (\S+) +\[(.*)\]$", text, re.MULTILINE)


def test_the_one_point_loss_traced_line_by_line():
    loss, m, *_ = one_point_loss()
    text = trace(loss, m)
    assert "dL/dm" in text and "m = 2" in text and "L = 9" in text
    assert steps_of(text) == [("d(m*x)/d(m)", "3", "*"), ("d(m*x + b)/d(m*x)", "1", "+"),
                              ("d(m*x + b - y)/d(m*x + b)", "1", "-"), ("d(L)/d(m*x + b - y)", "-6", "**2")]
    assert "3 * 1 * 1 * (-6) = -18" in text
    assert "-18" in text.splitlines()[-1] and "matches" in text.splitlines()[-1]


def test_plain_numbers_are_named_by_their_number_and_no_path_runs_through_them():
    m, b = Value(2.0, "m"), Value(1.0, "b")
    loss = (m * 3.0 + b - 10.0) ** 2  # the data point (3, 10) written as plain numbers
    loss.backward()
    text = trace(loss, m)
    assert [row[0] for row in steps_of(text)] == ["d(m*3)/d(m)", "d(m*3 + b)/d(m*3)", "d(m*3 + b - 10)/d(m*3 + b)",
                                                  "d(L)/d(m*3 + b - 10)"]
    rule = chain_rule(loss, m)
    assert rule.path_count == 1 and rule.total == m.grad == -18.0
    assert all(isinstance(step.source, Value) for path in rule.paths for step in path)


def test_a_value_used_twice_has_two_paths_that_add_up():
    a = Value(3.0, "a")
    out = a * a  # d(a*a)/da = a + a: one path through each input of *
    out.backward()
    rule = chain_rule(out, a)
    assert rule.path_count == 2 and [path_product(p) for p in rule.paths] == [3.0, 3.0]
    assert rule.total == a.grad == 6.0
    text = trace(out, a)
    assert "[*, input 1]" in text and "[*, input 2]" in text


@settings(max_examples=30, deadline=None)
@given(random_graph())
def test_the_sum_over_paths_equals_backprop_for_random_graphs(root):
    grads = [v.grad for v in topological_order(root)]
    for leaf in (v for v in _leaves(root) if v.label):
        rule = chain_rule(root, leaf, max_paths=10_000)
        assert rule.path_count == len(rule.paths)
        assert math.isclose(math.fsum(map(path_product, rule.paths)), leaf.grad, rel_tol=1e-9, abs_tol=1e-9)
        assert rule.total == leaf.grad  # the very walk backward() takes: the same number, to the last bit
    assert [v.grad for v in topological_order(root)] == grads  # tracing leaves every .grad as it was


def test_the_number_of_listed_paths_is_capped_but_all_are_added_up():
    a = Value(0.5, "a")
    out = a
    for _ in range(12):
        out = out * out + a  # out is used twice: the paths from a double at every step
    out.backward()
    rule = chain_rule(out, a, max_paths=5)
    assert len(rule.paths) == 5 and rule.path_count > 1000
    text = trace(out, a, max_paths=5)
    assert text.count("\npath ") == 5 and f"path 5 of {rule.path_count}:" in text
    assert f"... and {rule.path_count - 5} more paths, not listed, adding " in text
    assert f"= {a.grad:.4g}\na.grad = {a.grad:.4g}, set by backward(): it matches." in text


def test_before_backward_the_trace_says_the_grad_is_not_set_yet():
    m, x = Value(2.0, "m"), Value(3.0, "x")
    loss = (m * x) ** 2
    text = trace(loss, m)
    assert "= 36" in text and "1 path" in text
    assert "m.grad = 0" in text and "differs" in text and "backward()" in text


def test_a_value_outside_the_graph_is_refused_by_name():
    m = Value(2.0, "m")
    with pytest.raises(ValueError, match="wrt = Value\\(label='stranger'.* is not in the graph of root"):
        trace(m * 2.0, Value(1.0, "stranger"))


def test_a_root_that_is_not_a_value_is_refused_by_name():
    with pytest.raises(TypeError, match=r"root must be the Value the graph ends in, got root = 3.0 \(float\)"):
        trace(3.0, Value(1.0, "m"))


def test_trace_needs_no_graphviz(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    loss, m, *_ = one_point_loss()
    assert "product: 3 * 1 * 1 * (-6) = -18" in trace(loss, m)


def test_deep_graphs_are_traced_without_recursion():
    x = Value(1.0, "x")
    out = x
    for _ in range(3000):
        out = out + 0.001
    out.backward()
    text = trace(out, x)
    assert "path 1 of 1:" in text and text.endswith("x.grad = 1, set by backward(): it matches.")


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda a, b, c: a - (b - c), "a - (b - c)"),
        (lambda a, b, c: a / (b * c), "a/(b*c)"),
        (lambda a, b, c: -(a + b), "-(a + b)"),
        (lambda a, b, c: (a * b) ** 2, "(a*b)**2"),
        (lambda a, b, c: a * b + c.exp(), "a*b + exp(c)"),
        (lambda a, b, c: sum_values([a * a, b * b, c * c, a * b]), "sum(...)"),
        (lambda a, b, c: ((((a + b) * c) ** 2 - a) / b + c) * a, "((... - a)/b + c)*a"),
        (lambda a, b, c: (-a) ** 2, "(-a)**2"),  # not -a**2, which means -(a**2)
        (lambda a, b, c: -(a**2), "-(a**2)"),
        (lambda a, b, c: (a**2) ** 3, "(a**2)**3"),
        (lambda a, b, c: a ** (b + c), "a**(b + c)"),
        (lambda a, b, c: -a * b - -c, "-a*b - -c"),
        (lambda a, b, c: a * Value(-3.0), "a*-3"),
        (lambda a, b, c: Value(-3.0) ** 2, "(-3)**2"),
        # plain numbers, written as the numbers they are
        (lambda a, b, c: 2 * a - 1.5, "2*a - 1.5"),
        (lambda a, b, c: a * -3.0, "a*-3"),
        (lambda a, b, c: 1 - (a - 2), "1 - (a - 2)"),
        (lambda a, b, c: (a + 1) / 3, "(a + 1)/3"),
        (lambda a, b, c: 2.0**a, "2**a"),
        (lambda a, b, c: sum_values([a, 0.123456]), "sum(a, 0.1235)"),
    ],
)
def test_values_are_named_by_the_formula_that_made_them(build, expected):
    a, b, c = Value(1.0, "a"), Value(2.0, "b"), Value(3.0, "c")
    assert name_of(build(a, b, c)) == expected


def test_central_difference_replays_any_graph():
    m = Value(0.7, "m")
    out = (m.tanh() * m.sigmoid() + (m**0.5).log() - m.relu() / m.exp()) ** 2 + 2.0**m - (-m)
    out = sum_values([out, 3.0 / m, 2 - m, m / 4, 1.5]) * m ** Value(1.5) + m ** (1 / 3)  # numbers, sums, powers
    out.backward()
    assert math.isclose(central_difference(out, m), m.grad, rel_tol=1e-6)


def test_replay_restates_no_forward_rule():
    assert not hasattr(microgd.drawing.replay, "FORWARD") and not hasattr(microgd.drawing.replay, "register_forward")


def test_a_nudge_outside_an_operations_domain_gives_nan():
    m = Value(1e-7, "m")
    assert math.isnan(central_difference(m.log(), m, h=1e-6))  # log of a negative number: the engine says no
    h = 2.0**-20  # exact in binary, so that m - h - 1 is exactly 0
    m = Value(1.0 + h, "m")
    assert math.isnan(central_difference(1.0 / (m - 1.0), m, h=h))  # a division by 0 on one side


def _leaves(root: Value) -> list[Value]:
    return [v for v in topological_order(root) if v.is_leaf]


def _sin(self: Value) -> Value:
    """sin as a user adds it, the lecture's way: the result, then its _backward closure."""
    out = Value(math.sin(self.data), (self,), "sin")

    def _backward() -> None:
        self.grad += math.cos(self.data) * out.grad  # d(sin x)/dx = cos x

    out._backward = _backward
    return out


def test_a_users_operation_defined_as_a_value_method_is_replayed_with_nothing_registered(monkeypatch):
    monkeypatch.setattr(Value, "sin", _sin, raising=False)
    x = Value(0.7, "x")
    loss = x.sin() * x + 2.0
    loss.backward()
    assert math.isclose(x.grad, math.cos(0.7) * 0.7 + math.sin(0.7), rel_tol=1e-12)
    assert math.isclose(central_difference(loss, x), x.grad, rel_tol=1e-6)
    assert f"<I>numeric {x.grad:.4g}</I>" in draw_graph(loss, params=[x], show_numeric=True).source


def test_replaying_an_operation_that_is_no_value_method_says_which_and_what_to_define():
    x = Value(0.7, "x")
    loss = Value(math.sin(x.data), (x,), "sine_wave") * x  # no Value.sine_wave: replay cannot re-run it
    loss.backward()
    for run in (lambda: central_difference(loss, x), lambda: draw_graph(loss, params=[x], show_numeric=True)):
        with pytest.raises(ValueError) as error:  # never a silent nan
            run()
        message = str(error.value)
        assert "'sine_wave'" in message and "Value" in message and "method" in message
    assert "numeric" not in draw_graph(loss, params=[x]).source  # drawing without numbers needs no replay


def test_a_product_with_a_zero_factor_is_written_0_not_minus_0():
    from microgd import Value, trace

    m, x = Value(2.0, label="m"), Value(3.0, label="x")
    loss = (m * x - 6.0) ** 2 * -1.0  # m*x - 6 = 0, so the path product is 3 * 1 * 0 * (-1) = -0.0
    loss.backward()
    text = trace(loss, m)
    assert "= 0\n" in text and "= -0" not in text


def test_an_unlabelled_value_is_called_by_its_number_and_the_trace_says_so():
    """micrograd-lecture style: no labels. The trace names the value as its box does, by its number."""
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    loss = (a * b + c) * f
    loss.backward()
    text = trace(loss, a)
    first, last = text.splitlines()[0], text.splitlines()[-1]
    assert "unlabelled" in first and "label=" in first  # why it is called "2", and how to name it
    assert "wrt" not in text  # not the name of trace's own argument
    assert "6" in last and "matches" in last
