"""The backward pass: hand-checked graphs, the accumulation contract, and deep graphs."""

import gc
import math

import pytest

import microgd
from microgd import Value, topological_order, zero_grad


def test_squared_error_of_a_line_by_hand():
    """L = (m*x + b - y)**2 at m = 2, x = 3, b = 1, y = 10.

    Forward:  p = m*x = 6,  q = p + b = 7,  e = q - y = -3,  L = e**2 = 9.
    Backward: dL/de = 2e = -6
              dL/dq = dL/de * de/dq = -6 * 1 = -6;   dL/dy = -6 * (-1) = 6
              dL/db = dL/dq * 1 = -6;                dL/dp = -6
              dL/dm = dL/dp * x = -6 * 3 = -18;       dL/dx = dL/dp * m = -6 * 2 = -12
    """
    m, x, b, y = Value(2.0, "m"), Value(3.0, "x"), Value(1.0, "b"), Value(10.0, "y")
    p = m * x
    q = p + b
    e = q - y
    loss = e**2
    assert (p.data, q.data, e.data, loss.data) == (6.0, 7.0, -3.0, 9.0)
    loss.backward()
    assert loss.grad == 1.0
    assert (e.grad, q.grad, p.grad) == (-6.0, -6.0, -6.0)
    assert (m.grad, x.grad, b.grad, y.grad) == (-18.0, -12.0, -6.0, 6.0)


def test_a_value_used_twice_gets_the_sum_of_both_paths():
    a = Value(3.0)
    out = a + a  # d(a + a)/da = 1 + 1
    out.backward()
    assert a.grad == 2.0
    b = Value(3.0)
    square = b * b  # d(b*b)/db = b + b
    square.backward()
    assert b.grad == 6.0


def test_parameter_shared_by_every_data_point():
    """d/dm of sum_i (m * x_i) is sum_i x_i: one gradient from every use."""
    m = Value(0.5)
    xs = [1.0, 2.0, 3.0, 4.0]
    microgd.sum([m * x for x in xs]).backward()
    assert m.grad == sum(xs)


def test_diamond_shaped_graph():
    """a feeds b and c, both feed d: a's gradient arrives along two paths."""
    a = Value(2.0)
    b, c = a * 3, a.exp()
    d = b * c
    d.backward()
    # dd/da = c * 3 + b * e**a
    assert a.grad == pytest.approx(c.data * 3 + b.data * c.data, rel=1e-15)


def test_topological_order_lists_inputs_before_results_without_repeats():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e
    assert len(order) == len({id(v) for v in order}) == 5 + 0
    position = {id(v): i for i, v in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]


def test_topological_order_is_deterministic():
    def build():
        m, b = Value(1.0, "m"), Value(2.0, "b")
        return microgd.sum([(m * x + b - 1.0) ** 2 for x in (1.0, 2.0, 3.0)])

    first = [(v.op, v.label, v.data) for v in topological_order(build())]
    assert first == [(v.op, v.label, v.data) for v in topological_order(build())]


# ---- the contract: leaves accumulate, computed values are recomputed ----


def test_leaves_accumulate_across_backward_calls_exactly():
    m, x = Value(2.0), Value(3.0)
    loss = (m * x - 1.0) ** 2
    loss.backward()
    once = m.grad
    loss.backward()
    assert m.grad == 2 * once  # exactly twice, as in PyTorch
    zero_grad([m, x])
    loss.backward()
    assert m.grad == once


def test_intermediate_gradients_are_recomputed_not_stale():
    """micrograd leaves intermediate grads in place, so a second backward compounds them."""
    m, x, b = Value(2.0), Value(3.0), Value(1.0)
    p = m * x
    loss = (p + b) ** 2
    loss.backward()
    p_grad_first = p.grad
    zero_grad([m, x, b])
    loss.backward()
    assert p.grad == p_grad_first  # not 2x
    assert m.grad == p_grad_first * x.data  # leaf gradients are exact again after zero_grad


def test_backward_on_a_subgraph_then_the_whole():
    a = Value(2.0)
    h = a * a
    out = h * 3
    h.backward()  # dh/da = 2a = 4
    assert a.grad == 4.0
    a.grad = 0.0
    out.backward()  # d(3a^2)/da = 6a = 12; h's own grad is recomputed as 3, not 1 + 3
    assert (h.grad, a.grad) == (3.0, 12.0)


def test_backward_on_a_leaf_sets_its_grad_to_one_and_accumulates_like_any_leaf():
    a = Value(5.0)
    a.backward()
    assert a.grad == 1.0
    a.backward()
    assert a.grad == 2.0  # as in PyTorch: d(a)/d(a) = 1, added to what the leaf already had


# ---- deep and wide graphs ----


def test_a_million_nodes_deep_graph_backpropagates_without_recursion():
    """A sum built one term at a time: each + depends on the previous one, a chain 1M deep."""
    m = Value(1.0)
    total = m
    n = 1_000_000
    for _ in range(n):
        total = total + m
    total.backward()
    assert total.data == n + 1
    assert m.grad == n + 1
    del total  # freeing the chain must not overflow the C stack either


def live_values() -> int:
    return sum(type(obj) is Value for obj in gc.get_objects())


def test_graphs_are_freed_by_reference_counting_alone():
    """No reference cycles: the last name going away frees the whole graph at once."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()  # no help from the cyclic collector
    try:
        before = live_values()
        m = Value(1.0)
        loss = microgd.sum([(m * x - 1.0) ** 2 for x in range(100)])
        loss.backward()
        assert live_values() > before + 300  # three nodes a point: m*x, - 1.0, **2
        del loss
        assert live_values() == before + 1  # only m is left
    finally:
        if was_enabled:
            gc.enable()


def test_paused_cycle_collector_restores_the_collector():
    assert gc.isenabled()
    with microgd.paused_cycle_collector():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), microgd.paused_cycle_collector():
        raise RuntimeError
    assert gc.isenabled()


def test_topological_order_without_leaves_lists_only_computed_values_in_the_same_order():
    m, x = Value(2.0, "m"), Value(3.0, "x")
    loss = (m * x - 1.0) ** 2 + m
    everything = topological_order(loss)
    computed = topological_order(loss, leaves=False)
    assert computed == [v for v in everything if not v.is_leaf]
    assert {v.label for v in everything if v.is_leaf} >= {"m", "x"}
    leaves = []
    assert topological_order(loss, leaves=leaves) == computed
    assert leaves == [v for v in everything if v.is_leaf]  # each once, in the order met


# ---- backward never hands back an inf or nan gradient ----


def test_an_infinite_slope_stops_backward_and_says_where():
    """sqrt's slope at 0 is vertical (inf): a non-zero gradient through it does not exist."""
    w = Value(0.0, label="w")
    with pytest.raises(ValueError, match=r"v = 0\.0 \(label 'w'\).*'\*\*0\.5'.*infinite.*1e-12"):
        (w**0.5).backward()
    w.grad = 0.0
    with pytest.raises(ValueError, match=r"label 'w'.*'\*\*0\.5'.*infinite"):
        (w**0.5 + w).backward()


def test_a_factor_of_zero_carries_nothing_even_through_an_infinite_slope():
    """As in PyTorch, relu's flat side passes on 0, even a gradient that is inf (sqrt's at 0).
    The same rule, a path with a factor 0 carries 0, gives sqrt(w**2) = |w| the subgradient 0
    at 0 and 0 * sqrt(x) its true slope 0, instead of the nan of 0 * inf."""
    x = Value(-1.0, label="x")
    (x.relu() ** 0.5).backward()
    assert x.grad == 0.0
    w = Value(0.0, label="w")
    ((w**2) ** 0.5).backward()
    assert w.grad == 0.0
    z = Value(0.0, label="z")
    (z**0.5 * 0.0).backward()
    assert z.grad == 0.0


def test_a_gradient_too_large_for_a_float_is_an_overflow_error_naming_the_value():
    x = Value(1e-300, label="x")
    with pytest.raises(OverflowError, match=r"dv = inf for v = 1e-300 \(label 'x'\): the gradient is too large"):
        ((x * 1e300) * 1e300).backward()


def test_finite_gradients_are_unaffected_by_the_check():
    x = Value(0.0)
    y = (x**2 + 1e-12) ** 0.5  # the suggested fix: smooth at 0
    y.backward()
    assert x.grad == 0.0 and y.grad == 1.0


def test_a_gradient_that_overflows_only_when_added_up_is_an_overflow_error():
    x = Value(1e-300, label="x")  # each use adds 1e308 to x.grad: fine alone, too much together
    with pytest.raises(OverflowError, match=r"label 'x'\): the gradient is too large for a float"):
        (x * 1e308 + x * 1e308).backward()


def test_every_infinite_use_is_named():
    v = Value(0.0, label="v")
    with pytest.raises(ValueError, match=r"'\*\*0\.5'.* and '\*\*0\.5'.*infinite"):
        (v**0.5 - v**0.5).backward()


def test_a_leaf_that_held_nan_before_backward_is_told_to_zero_its_grad():
    w = Value(1.0, label="w")
    w.grad = math.nan
    with pytest.raises(ValueError, match=r"already.*before backward\(\).*zero_grad\(\)"):
        (w * 2.0).backward()
    root = Value(1.0, label="root")
    root.grad = math.inf
    with pytest.raises(ValueError, match="already"):
        root.backward()



def test_an_interrupted_walk_leaves_every_grad_a_number():
    """Ctrl-C anywhere in ordering the graph (the walk, the reset, the putting back): no marker
    may stay behind in any .grad."""
    import sys

    m = Value(2.0)
    loss = microgd.sum([(m * x - 1.0) ** 2 for x in range(30)])
    loss.backward()
    before = {v: v.grad for v in topological_order(loss)}

    def run_interrupted_at(line: int, zero_grads: bool) -> bool:
        seen = 0

        def tracer(frame, event, arg):
            nonlocal seen
            if frame.f_code.co_name in ("topological_order", "_put_back") and event == "line":
                seen += 1
                if seen == line:
                    raise KeyboardInterrupt
            return tracer

        sys.settrace(tracer)
        try:
            topological_order(loss, zero_grads=zero_grads)
            return False
        except KeyboardInterrupt:
            return True
        finally:
            sys.settrace(None)

    for zero_grads in (False, True):
        line, interrupted = 1, True
        while interrupted:  # every 7th line of the walk, up to its very end
            interrupted = run_interrupted_at(line, zero_grads)
            assert all(type(v.grad) is float for v in before), (line, zero_grads)
            if not zero_grads:
                assert {v: v.grad for v in before} == before, line  # put back as they were
            line += 7
    loss.backward()  # and the graph works as before: the leaf accumulates a second time
    assert m.grad == 2 * before[m]


def test_showing_the_pass_never_undoes_a_later_backward():
    from microgd.backprop import walk_backward

    m, n = Value(2.0), Value(3.0)
    h = m * n
    loss = h * h
    seen = []
    walk_backward(loss, on_step=lambda node: seen.append(m.grad))
    loss.backward()
    assert (m.grad, n.grad) == (36.0, 24.0) and seen[-1] == 36.0
