"""trace and chain_rule: a derivative is the sum over paths of the products of local derivatives."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from microgd import Value, sum_values, trace
from microgd.replay import central_difference
from microgd.naming import name_of
from microgd.tracing import chain_rule, path_product
from test_draw import one_point_loss, random_graph


def test_the_one_point_loss_traced_line_by_line():
    loss, m, *_ = one_point_loss()
    text = trace(loss, m)
    assert "dL/dm by the chain rule, with m = 2 and L = 9." in text
    assert "  d(m*x)/d(m)               = 3         [*]" in text
    assert "  d(L)/d(m*x + b - y)       = -6        [**2]" in text
    assert "  product: 3 * 1 * 1 * (-6) = -18" in text
    assert text.endswith("dL/dm = sum of the 1 path product = -18\nm.grad = -18, set by backward(): it matches.")


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
    for leaf in (v for v in _leaves(root) if v.label):
        rule = chain_rule(root, leaf, max_paths=10_000)
        assert rule.path_count == len(rule.paths)
        assert math.isclose(math.fsum(map(path_product, rule.paths)), leaf.grad, rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(rule.total, leaf.grad, rel_tol=1e-12, abs_tol=1e-12)


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
    assert "dL/dm = sum of the 1 path product = 36" in text
    assert "m.grad = 0 differs: call L.backward() first" in text


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
    ],
)
def test_values_are_named_by_the_formula_that_made_them(build, expected):
    a, b, c = Value(1.0, "a"), Value(2.0, "b"), Value(3.0, "c")
    assert name_of(build(a, b, c)) == expected


def test_central_difference_replays_any_graph():
    m = Value(0.7, "m")
    out = (m.tanh() * m.sigmoid() + (m**0.5).log() - m.relu() / m.exp()) ** 2 + 2.0**m - (-m)
    out.backward()
    assert math.isclose(central_difference(out, m), m.grad, rel_tol=1e-6)


def _leaves(root: Value) -> list[Value]:
    from microgd import topological_order

    return [v for v in topological_order(root) if not v._inputs]


def test_a_new_operation_without_a_forward_rule_gets_an_error_saying_what_to_add(monkeypatch):
    import microgd.replay
    from microgd.draw import draw_graph
    from microgd.replay import register_forward

    monkeypatch.setattr(microgd.replay, "FORWARD", dict(microgd.replay.FORWARD))  # leave no rule behind
    x = Value(0.7, "x")
    loss = Value(math.sin(x.data), "", (x,), (math.cos(x.data),), "sin") * x  # the README's Value.sin
    loss.backward()
    with pytest.raises(ValueError) as error:
        draw_graph(loss, params=[x], show_numeric=True)
    message = str(error.value)
    assert "replay.py has no forward rule for 'sin'" in message
    assert "from microgd.replay import register_forward" in message
    assert "register_forward('sin', math.sin)" in message

    register_forward("sin", math.sin)
    assert math.isclose(central_difference(loss, x), x.grad, rel_tol=1e-6)
    assert f"<I>numeric {x.grad:.4g}</I>" in draw_graph(loss, params=[x], show_numeric=True).source
    with pytest.raises(TypeError, match="must be a function"):
        register_forward("sin", 0.5)


def test_a_product_with_a_zero_factor_is_written_0_not_minus_0():
    from microgd import Value, trace

    m, x = Value(2.0, label="m"), Value(3.0, label="x")
    loss = (m * x - 6.0) ** 2 * -1.0  # m*x - 6 = 0, so the path product is 3 * 1 * 0 * (-1) = -0.0
    loss.backward()
    text = trace(loss, m)
    assert "= 0\n" in text and "= -0" not in text
