"""Code written for micrograd's Value runs unchanged with only the import changed."""

import pytest

from microgd import Value


def test_micrograd_readme_example():
    """micrograd's README example, with the numbers its README prints."""
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    assert f"{g.data:.4f}" == "24.7041"
    g.backward()
    assert f"{a.grad:.4f}" == "138.8338"
    assert f"{b.grad:.4f}" == "645.5773"


def test_lecture_neuron_with_labels_tanh_and_exp():
    """The neuron from the lecture: o = tanh(x1*w1 + x2*w2 + b), then tanh spelled out with exp."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    n = x1w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.backward()
    assert o.data == pytest.approx(0.7071, abs=1e-4)
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0), abs=1e-4)

    e = (2 * n).exp()
    o2 = (e - 1) / (e + 1)
    for v in (x1, x2, w1, w2, b):
        v.grad = 0.0
    o2.backward()
    assert o2.data == pytest.approx(o.data, rel=1e-12)
    assert (x1.grad, w1.grad) == pytest.approx((-1.5, 1.0), abs=1e-4)


def test_lecture_backprop_by_hand_with_underscore_backward():
    """The lecture first backpropagates by hand, calling each node's `_backward()` in turn,
    then with its own topological sort over `_prev`: both give what `backward()` gives."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()

    o.grad = 1.0
    for node in (o, n, x1w1x2w2, x2w2, x1w1):
        node._backward()
    by_hand = [v.grad for v in (x1, w1, x2, w2, b)]
    assert by_hand == pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5], abs=1e-4)

    topo, visited = [], set()

    def build_topo(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)

    build_topo(o)
    for node in topo:
        node.grad = 0.0
    o.grad = 1.0
    for node in reversed(topo):
        node._backward()
    with_topo = [v.grad for v in (x1, w1, x2, w2, b)]

    for v in topo:
        v.grad = 0.0
    o.backward()
    assert with_topo == by_hand == [v.grad for v in (x1, w1, x2, w2, b)]


def test_lecture_drawing_helpers_find_prev_and_op():
    """The lecture's draw_dot walks `_prev` (a set of inputs) and reads `_op`."""
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)

    build(c)
    assert nodes == {a, b, c} and edges == {(a, c), (b, c)}
    assert c._op == "*" and a._op == ""


def test_same_results_as_micrograd_when_installed():
    micrograd = pytest.importorskip("micrograd.engine", reason="micrograd is not installed")
    results = []
    for V in (Value, micrograd.Value):
        m, b = V(0.3), V(-0.1)
        loss = sum(((m * x + b - y) ** 2 for x, y in [(1.0, 3.0), (2.0, 5.0), (3.0, 7.5)]), V(0.0)) * (1 / 3)
        loss.backward()
        results.append((loss.data, m.grad, b.grad))
    assert results[0] == pytest.approx(results[1], rel=1e-12)
