"""Each computed value's box carries the name trace calls it by ("m*x + b"), short enough to read."""

from __future__ import annotations

import html

from dot_parsing import parse_dot, tooltip_numbers
from microgd import Line, Value, draw_graph, sum_values, topological_order, trace
from microgd.drawing.labels import BOX_NAME_CHARS


def box_names(root: Value, **options) -> dict[int, tuple[str, str]]:
    """For each value drawn (by id): the first line of its box and the name its tooltip gives."""
    nodes, _ = parse_dot(draw_graph(root, **options).source)
    names = {}
    for i, value in enumerate(topological_order(root)):
        attrs = nodes.get(f"v{i}")
        if attrs is not None and not value.is_leaf:
            first = html.unescape(attrs["label"].split("<BR/>")[0].removeprefix("<B>").removesuffix("</B>"))
            names[id(value)] = (first, html.unescape(attrs["tooltip"]).split(": data = ")[0])
    return names


def test_each_box_on_the_path_has_the_name_trace_gives_it():
    line = Line(2.0, 1.0)
    x, y = Value(3.0, "x"), Value(10.0, "y")
    loss = (line(x) - y) ** 2
    loss.backward()
    names = box_names(loss)
    text = trace(loss, line.m)
    shown = {first for first, _ in names.values()}
    assert shown == {"m*x", "m*x + b", "m*x + b - y", "L"}
    for name in shown - {"L"}:
        assert f"d({name})/d(" in text  # each step of the path names its result as the box does
    error = loss.inputs[0]
    assert tooltip_numbers(parse_dot(draw_graph(loss).source)[0][f"v{topological_order(loss).index(error)}"]) == {
        "data": error.data, "grad": error.grad}


def test_a_long_name_is_cut_short_on_its_box_and_whole_in_its_tooltip():
    a, c = Value(1.5, "a_rather_long_label_name"), Value(2.0, "another_quite_long_label")
    product = a * c
    root = product.tanh()
    root.backward()
    full = "a_rather_long_label_name*another_quite_long_label"
    first, tooltip = box_names(root)[id(product)]
    assert tooltip == full and f"d({full})/d(a_rather_long_label_name)" in trace(root, a)
    assert len(first) <= BOX_NAME_CHARS and first.endswith("...") and full.startswith(first.removesuffix("..."))


def test_a_labelled_computed_value_is_called_by_its_label():
    m, x = Value(2.0, "m"), Value(3.0, "x")
    prediction = m * x + 1.0
    prediction.label = "y_pred"
    root = prediction**2
    root.backward()
    assert box_names(root)[id(prediction)] == ("y_pred", "y_pred")
    assert "d(L)/d(y_pred)" in trace(root, m)


def test_a_summarised_sum_reads_well_and_agrees_with_trace():
    m, b = Value(0.5, "m"), Value(-0.25, "b")
    terms = [(m * float(i) + b - float(2 * i + 1)) ** 2 for i in range(50)]
    total = sum_values(terms)
    loss = total / 50
    loss.backward()
    names = box_names(loss, params=[m, b])
    assert names[id(total)] == ("sum(...)", "sum(...)")
    assert "d(L)/d(sum(...))" in trace(loss, m, max_paths=1)
    assert all(len(first) <= BOX_NAME_CHARS for first, _ in names.values())


def test_the_links_of_a_long_chain_of_plus_agree_with_trace():
    m, b = Value(0.5, "m"), Value(-0.25, "b")
    loss = sum(((m * float(i) + b - float(2 * i + 1)) ** 2 for i in range(30)), Value(0.0)) / 30
    loss.backward()
    names = box_names(loss, params=[m, b])
    text = trace(loss, m, max_paths=30)  # every path listed: one through each term
    assert len(names) < 20  # the chain is summarised: only its outer links are drawn
    for first, full in names.values():
        assert first == full and (full == "L" or f"d({full})/d(" in text)
    # a running sum is called by the term it adds, not by a row of dots
    outer_link = loss.inputs[0]
    assert names[id(outer_link)][0] == "... + (m*29 + b - 59)**2"


def test_each_neurons_output_in_an_mlp_is_named_by_its_place_in_box_and_trace():
    import random

    from microgd import MLP

    random.seed(1)
    net = MLP(2, [3, 1], activation="tanh")
    loss = (net([Value(0.5, "x1"), Value(-1.0, "x2")]) - 1.0) ** 2
    loss.backward()
    shown = [first for first, _ in box_names(loss).values()]
    for name in ("L1.n1", "L1.n2", "L1.n3", "L2.n1"):
        assert shown.count(name) == 1  # one box per neuron's output, each its own name
    text = trace(loss, net.layers[0].neurons[1].w[0])  # L1.n2.w1's path goes through L1.n2, then L2.n1
    assert "d(L1.n2)/d(" in text and "/d(L1.n2)" in text and "d(L2.n1 - 1)/d(L2.n1)" in text
