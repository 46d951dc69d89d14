"""Summarising a loss built with Python's sum: a long chain of + drawn as a few links and one box."""

from __future__ import annotations

import functools
import math
import operator

import pytest

import microgd
from dot_parsing import parse_dot, shown_number, tooltip_numbers
from microgd import Value, draw_graph, topological_order
from microgd.learning.data import house_prices
from microgd.drawing.numbers import number
from microgd.drawing.summarize import plan_drawing


def point_terms(n: int) -> tuple[Value, Value, list[Value]]:
    """m, b and the n terms (m*x_i + b - y_i)**2 of the MSE over n houses (x_i, y_i plain numbers)."""
    xs, ys = house_prices(n)
    m, b = Value(0.3, "m"), Value(0.1, "b")
    return m, b, [(m * x + b - y) ** 2 for x, y in zip(xs, ys)]


def chain_loss(n: int, start: str = "value"):
    """The MSE over n houses as micrograd users write it: sum(..., Value(0.0)) / n.

    start: "value" for sum(terms, Value(0.0)), "c" for sum(terms, c) with a labelled start c
    (a parameter: always drawn), "none" for t1 + t2 + ... + tn (the first term is the bottom
    of the chain), "zero" for sum(terms), which starts at the plain number 0.
    """
    m, b, terms = point_terms(n)
    total = {"value": lambda: sum(terms, Value(0.0)), "c": lambda: sum(terms, Value(0.5, "c")),
             "none": lambda: functools.reduce(operator.add, terms), "zero": lambda: sum(terms)}[start]()
    loss = total / n
    loss.backward()
    return loss, m, b


def boxes(source: str) -> list[str]:
    """The first line of each summary node: '... 27 more terms, same shape'."""
    nodes, _ = parse_dot(source)
    return [attrs["label"].split("<BR/>")[0] for k, attrs in nodes.items() if k.startswith("more")]


def ids(root: Value) -> dict[Value, str]:
    """Each value's DOT id: v<i>, i its position in topological_order(root) (see draw.py)."""
    return {v: f"v{i}" for i, v in enumerate(topological_order(root))}


def links(loss: Value) -> list[Value]:
    """The chain's + nodes, outermost first: loss = links[0] / n, links[k] = links[k + 1] + term."""
    chain = [loss.inputs[0]]
    while chain[-1].op == "+" and isinstance(chain[-1].inputs[0], Value) and chain[-1].inputs[0].op == "+":
        chain.append(chain[-1].inputs[0])
    return chain


def grad_read_off(param_id: str, nodes: dict, edges: list) -> float:
    """A value's grad added up from the picture: edge number x grad of the result, plus dashed edges."""
    total = 0.0
    for e in (e for e in edges if e.tail == param_id):
        if e.head.startswith("more"):  # a dashed edge: what the hidden terms add
            total += float(e.attrs["tooltip"].split("adds ")[1])
        else:
            result = next(x.head for x in edges if x.tail == e.head)  # the op's one out-edge
            total += float(e.attrs["tooltip"].split("= ")[1]) * tooltip_numbers(nodes[result])["grad"]
    return total


def test_a_chain_of_30_points_is_summarised_and_its_grads_still_add_up():
    loss, m, b = chain_loss(30)
    source = draw_graph(loss, params=[m, b]).source
    nodes, edges = parse_dot(source)
    assert "too_big" not in nodes
    chain, vid = links(loss), ids(loss)
    assert len(chain) == 30
    shown, hidden = chain[:3], chain[3]  # the outermost max_terms links, then the rest
    for link in shown:  # each shown + in full, with its term (m*x + b - y)**2
        assert vid[link] in nodes and vid[link.inputs[1]] in nodes
        assert nodes[vid[link].replace("v", "op")]["label"] == "+"
    assert vid[hidden] not in nodes
    assert sum(a["label"] == "**2" for a in nodes.values()) == 3
    boxes = [k for k in nodes if k.startswith("more")]
    assert len(boxes) == 1
    label = nodes[boxes[0]]["label"]
    assert "... 27 more terms" in label
    assert f"data {number(hidden.data)}" in label
    assert math.isclose(shown_number(label, "data"), hidden.data, rel_tol=1e-3)
    # The box takes the hidden node's place: it feeds input 0 of the innermost shown +.
    assert any(e.tail == boxes[0] and e.head == vid[shown[-1]].replace("v", "op") for e in edges)
    for param in (m, b):
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)
        assert any(e.tail == vid[param] and e.head == boxes[0] and e.attrs["style"] == "dashed"
                   for e in edges)


def test_the_summary_holds_the_hidden_inner_node_exactly():
    loss, m, b = chain_loss(30)
    plan = plan_drawing(loss, 3, lambda v: v.grad)
    (summary,) = plan.summaries.values()
    innermost_shown = links(loss)[2]
    assert summary.node is innermost_shown and list(summary.hidden) == [0] and summary.chain
    assert summary.terms == 27 and summary.data == innermost_shown.inputs[0].data
    assert set(summary.contributions) == {m, b}


@pytest.mark.parametrize("start, n, hidden", [("value", 30, 27), ("c", 30, 27), ("none", 10, 7), ("zero", 30, 27)])
def test_every_way_of_starting_the_chain_counts_the_hidden_terms(start, n, hidden):
    loss, m, b = chain_loss(n, start)
    params = [v for v in topological_order(loss) if v.label]  # m, b, and c when it starts the sum
    source = draw_graph(loss, params=params).source
    assert f"... {hidden} more terms" in source and source.count("**2>") == 3
    nodes, edges = parse_dot(source)
    vid = ids(loss)
    for param in params:
        assert vid[param] in nodes
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)


def test_a_partial_sum_used_twice_is_drawn_not_hidden_in_a_box():
    m, b, terms = point_terms(12)
    part = sum(terms[:8], Value(0.0))
    whole = sum(terms[8:], part)  # 4 links on top of part: drawn in full
    root = whole + part
    root.backward()
    source = draw_graph(root, params=[m, b]).source
    nodes, edges = parse_dot(source)
    vid = ids(root)
    assert vid[part] in nodes and vid[whole] in nodes
    assert boxes(source) == ["... 5 more terms, same shape"]  # inside part: 8 links, 3 shown
    assert source.count("**2>") == 4 + 3
    for param in (m, b):
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)


def test_a_labelled_start_is_drawn_highlighted_and_named_in_the_box():
    m, b, terms = point_terms(12)
    c = Value(0.5, "c")
    loss = sum(terms, c) / 12
    loss.backward()
    source = draw_graph(loss, params=[m, b, c], highlight=c).source
    nodes, edges = parse_dot(source)
    vid = ids(loss)
    assert boxes(source) == ["... 9 more terms, same shape, and the start value"]
    assert nodes[vid[c]]["color"] == "#d62728"
    (dashed,) = [e for e in edges if e.tail == vid[c]]  # c's only edge goes into the box
    assert dashed.head.startswith("more") and dashed.attrs["style"] == "dashed"
    for param in (m, b, c):
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)


@pytest.mark.parametrize("add", [lambda terms, b: sum(terms, b), lambda terms, b: microgd.sum(terms) + b])
def test_the_weights_of_a_neuron_are_drawn_even_when_only_hidden_terms_use_them(add):
    w = [Value(0.1 * (i + 1), f"w{i + 1}") for i in range(6)]
    x = [Value(v, f"x{i + 1}") for i, v in enumerate([1.0, -2.0, 0.5, 3.0, -1.0, 2.0])]
    b = Value(0.2, "b")
    out = add([wi * xi for wi, xi in zip(w, x)], b).tanh()  # the lecture's neuron
    out.backward()
    source = draw_graph(out, params=[*w, b]).source
    nodes, edges = parse_dot(source)
    vid = ids(out)
    assert all(vid[v] in nodes for v in [*w, b])
    assert sum(vid[xi] in nodes for xi in x) == 3  # data used only by hidden terms stays hidden
    assert "data points" not in source  # w_i * x_i: each term has a weight of its own
    for param in [*w, b]:
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)


def test_a_chain_box_counts_terms_and_says_what_else_it_holds():
    m, b, terms = point_terms(30)
    loss = sum(terms[10:], microgd.sum(terms[:10]))  # the start is a sum of 10 terms, not a term
    loss.backward()
    (summary,) = plan_drawing(loss, 3, lambda v: v.grad).summaries.values()
    assert summary.terms == 17 and summary.start and summary.data == summary.node.inputs[0].data
    assert boxes(draw_graph(loss, params=[m, b]).source) == ["... 17 more terms, same shape, and the start value"]
    blocks = sum((microgd.sum(terms[k : k + 6]) for k in range(0, 30, 6)), Value(0.0))
    blocks.backward()
    source = draw_graph(blocks, params=[m, b]).source  # each hidden link adds a block, not a data point
    assert boxes(source).count("... 2 more terms, same shape") == 1
    assert boxes(source).count("... 3 more terms (data points), same shape") == 3  # the shown blocks


def test_short_chains_are_drawn_in_full():
    for n in (3, 4):  # 4 points: 4 links = max_terms + 1, not worth summarising
        source = draw_graph(chain_loss(n)[0]).source
        assert "more terms" not in source and source.count("**2>") == n
    assert "... 2 more terms" in draw_graph(chain_loss(5)[0]).source


def test_a_chain_of_different_shapes_is_not_summarised():
    x = Value(0.5, "x")
    terms = [x * 2.0, x.tanh(), x.exp(), x**2, -x, x + 1.0]
    assert "more terms" not in draw_graph(sum(terms, Value(0.0))).source


def constant_boxes(source: str) -> list[str]:
    """The numbers shown in the boxes of plain numbers (ids c<i>_<k>, see draw.py)."""
    nodes, _ = parse_dot(source)
    return [attrs["label"] for k, attrs in nodes.items() if k.startswith("c")]


# microgd.sum shows its first 3 terms; a chain of + (Python's sum) its outermost 3 links: the last terms.
@pytest.mark.parametrize("add, shown, box", [(microgd.sum, slice(0, 3), "... 27 more terms (data points), same shape"),
                                             (sum, slice(27, 30), "... 27 more terms, same shape")])
def test_terms_with_different_plain_numbers_have_one_shape_and_their_numbers_hide_with_them(add, shown, box):
    m, b, terms = point_terms(30)  # every x_i, y_i a different float
    loss = add(terms) / 30
    loss.backward()
    source = draw_graph(loss, params=[m, b]).source
    assert boxes(source) == [box]
    xs, ys = house_prices(30)
    # the shown terms' x_i and y_i, and the 30 of / 30; the hidden terms' numbers (and sum's 0) are hidden
    assert sorted(constant_boxes(source)) == sorted(number(v) for v in (*xs[shown], *ys[shown], 30.0))
    nodes, edges = parse_dot(source)
    vid = ids(loss)
    for param in (m, b):
        assert math.isclose(grad_read_off(vid[param], nodes, edges), param.grad, rel_tol=1e-9)


def test_a_plain_number_and_a_constant_value_are_different_shapes():
    m = Value(0.5, "m")
    terms = [m * 2.0, m * Value(2.0)] * 3
    assert "more terms" not in draw_graph(microgd.sum(terms)).source
    assert "more terms" in draw_graph(microgd.sum([m * float(i) for i in range(6)])).source
