"""draw_graph and render_graph: every number on the picture can be checked by hand."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dot_parsing import parse_dot, shown_number, tooltip_numbers
from microgd import GraphvizNotFound, Value, draw_graph, render_graph, sum_values, topological_order
from microgd.drawing.labels import NO_GRADIENT, ROLES, escape
from microgd.drawing.numbers import number

SVG = "{http://www.w3.org/2000/svg}"


def one_point_loss():
    m, x, b, y = Value(2.0, "m"), Value(3.0, "x"), Value(1.0, "b"), Value(10.0, "y")
    loss = (m * x + b - y) ** 2
    loss.label = "L"
    loss.backward()
    return loss, m, x, b, y


def vid(root: Value, value: Value, prefix: str = "v") -> str:
    """The DOT id of a value ("v3") or of the operation that made it ("op3")."""
    return f"{prefix}{[id(v) for v in topological_order(root)].index(id(value))}"


def mse(n: int, use_sum_values: bool = True):
    m, b = Value(0.5, "m"), Value(-0.25, "b")
    terms = [(m * float(i) + b - float(2 * i + 1)) ** 2 for i in range(n)]
    total = sum_values(terms) if use_sum_values else sum(terms, Value(0.0))
    loss = total / n
    loss.backward()
    return loss, m, b


# ---- random expressions: every edge label is its local derivative, every grad adds up ----

UNARY = ["neg", "tanh", "sigmoid", "exp", "relu", "**2", "**3", "log"]
BINARY = ["+", "-", "*", "/", "**"]
WITH_A_NUMBER = ["a+1.5", "2*a", "2-a", "a/4", "3/a", "2**a"]  # a plain number on either side


@st.composite
def random_graph(draw):
    """A random expression over three labelled leaves, a constant and plain numbers, reusing values freely."""
    values = [Value(draw(st.floats(-2, 2).filter(lambda v: abs(v) > 0.1)), name) for name in "abc"]
    values.append(Value(1.5))
    for _ in range(draw(st.integers(1, 10))):
        i = draw(st.integers(0, len(values) - 1))
        j = draw(st.integers(0, len(values) - 1))  # may equal i: a value used twice
        a, b = values[i], values[j]
        op = draw(st.sampled_from(UNARY + BINARY + WITH_A_NUMBER))
        if op == "/" and abs(b.data) < 0.1 or op == "log" and a.data <= 0.1 or op == "**" and not 0.1 < a.data < 5:
            op = "+"
        if op == "3/a" and abs(a.data) < 0.1:
            op = "2*a"
        if abs(a.data) > 5 or abs(b.data) > 5:  # keep exp and powers small
            op = "tanh"
        values.append(
            {"neg": lambda: -a, "tanh": a.tanh, "sigmoid": a.sigmoid, "exp": a.exp, "relu": a.relu,
             "**2": lambda: a**2, "**3": lambda: a**3, "log": a.log, "+": lambda: a + b,
             "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b, "**": lambda: a**b,
             "a+1.5": lambda: a + 1.5, "2*a": lambda: 2 * a, "2-a": lambda: 2 - a, "a/4": lambda: a / 4,
             "3/a": lambda: 3 / a, "2**a": lambda: 2.0**a}[op]()
        )
    root = sum_values([*values[-3:], 0.5]) if draw(st.booleans()) else values[-1]
    root.backward()
    return root


@settings(max_examples=30, deadline=None)
@given(random_graph())
def test_every_edge_label_is_the_local_derivative(root):
    order = topological_order(root)
    nodes, edges = parse_dot(draw_graph(root).source)
    for i, node in enumerate(order):
        into_op = [e for e in edges if e.head == f"op{i}"]
        assert len(into_op) == len(node.inputs)  # one edge per input, in the order written
        for k, (e, source, local) in enumerate(zip(into_op, node.inputs, node.local_grads)):
            if isinstance(source, Value):  # the edge carries d(out)/d(in), rounded and in full
                assert e.tail == f"v{order.index(source)}"
                assert e.attrs["label"] == number(local) and float(e.attrs["tooltip"].split("= ")[1]) == local
            else:  # a plain number: its own box showing it, and an edge with no number
                assert local is None and e.tail == f"c{i}_{k}" and "label" not in e.attrs
                assert nodes[e.tail]["label"] == number(source) and e.attrs["tooltip"] == NO_GRADIENT
        assert shown_number(nodes[f"v{i}"]["label"], "data") == float(number(node.data))


@settings(max_examples=30, deadline=None)
@given(random_graph())
def test_every_grad_is_the_sum_over_its_out_edges_read_from_the_dot_source(root):
    nodes, edges = parse_dot(draw_graph(root).source)
    result_of = {e.tail: e.head for e in edges if e.tail.startswith("op")}  # op_i -> v_i
    for node_id, attrs in nodes.items():
        if not node_id.startswith("v") or node_id == f"v{len(topological_order(root)) - 1}":
            continue
        outgoing = [e for e in edges if e.tail == node_id]
        # exact, from the full-precision tooltips
        terms = [float(e.attrs["tooltip"].split("= ")[1]) * tooltip_numbers(nodes[result_of[e.head]])["grad"] for e in outgoing]
        grad = tooltip_numbers(attrs)["grad"]
        assert math.isclose(grad, math.fsum(terms), rel_tol=1e-9, abs_tol=1e-9 * (1 + sum(map(abs, terms))))
        # by hand, from the printed 4-digit numbers: each is within 0.05% of the truth
        shown = [float(e.attrs["label"]) * shown_number(nodes[result_of[e.head]]["label"], "grad") for e in outgoing]
        slack = 1.5e-3 * (abs(grad) + sum(map(abs, shown))) + 1e-12
        assert abs(shown_number(attrs["label"], "grad") - sum(shown)) <= slack


def test_the_one_point_loss_reads_as_in_the_readme():
    loss, m, x, b, y = one_point_loss()
    nodes, edges = parse_dot(draw_graph(loss, params=[m, b]).source)
    assert nodes[vid(loss, m)]["label"] == "<B>m</B><BR/>data 2<BR/>grad -18"
    labels = {(e.tail, e.head): e.attrs.get("label") for e in edges}
    error = loss.inputs[0]
    plus, mul = error.inputs[0], error.inputs[0].inputs[0]
    assert labels[vid(loss, m), vid(loss, mul, "op")] == "3" and labels[vid(loss, x), vid(loss, mul, "op")] == "2"
    assert labels[vid(loss, b), vid(loss, plus, "op")] == "1" and labels[vid(loss, y), vid(loss, error, "op")] == "-1"
    assert labels[vid(loss, error), vid(loss, loss, "op")] == "-6"
    assert [nodes[vid(loss, v, "op")]["label"] for v in (mul, plus, error, loss)] == ["*", "+", "-", "**2"]


def test_roles_look_different_and_params_decide_which_leaves_are_trained():
    loss, m, x, b, y = one_point_loss()
    looks = lambda attrs: (attrs["shape"], attrs["fillcolor"])  # noqa: E731
    nodes, _ = parse_dot(draw_graph(loss, params=[m, b]).source)
    parameter, data = looks(nodes[vid(loss, m)]), looks(nodes[vid(loss, x)])
    computed, out = looks(nodes[vid(loss, loss.inputs[0])]), looks(nodes[vid(loss, loss)])
    assert len({parameter, data, computed, out}) == 4
    assert looks(nodes[vid(loss, b)]) == parameter and looks(nodes[vid(loss, y)]) == data
    default, _ = parse_dot(draw_graph(loss).source)  # no params, no model holds m: all four are data
    assert all(looks(default[vid(loss, v)]) == data for v in (m, x, b, y))
    const = parse_dot(draw_graph(m * 3.0).source)[0]["c1_1"]  # the plain number 3, input 1 of value 1
    assert looks(const) not in (parameter, data, computed) and const["label"] == "3"
    assert looks(parse_dot(draw_graph(m * Value(3.0)).source)[0]["v0"]) == data  # an unlabelled Value is data
    legend = draw_graph(loss, params=[m, b]).source.split("\tlabel=")[-1]
    assert all(word in legend for word in ("parameter", "data", "intermediate", "loss"))
    assert "constant" not in legend  # the legend names only the kinds that appear


def test_same_graph_gives_byte_identical_dot_source_even_across_processes():
    assert draw_graph(one_point_loss()[0], highlight=None).source == draw_graph(one_point_loss()[0]).source
    script = (
        "from microgd import Value, draw_graph, sum_values\n"
        "m, b = Value(0.5, 'm'), Value(-0.25, 'b')\n"
        "loss = sum_values([(m * float(i) + b - float(2 * i + 1)) ** 2 for i in range(20)]) / 20\n"
        "loss.backward()\n"
        "print(draw_graph(loss, highlight=m, show_numeric=True).source)\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    source = outputs.pop()
    assert source.startswith("digraph computation_graph {") and "more terms" in source and "numeric" in source
    assert not re.search(r"0x[0-9a-fA-F]{4,}|object at", source)


@pytest.mark.needs_dot
def test_labels_are_escaped_and_cannot_inject_dot(tmp_path):
    nasty = 'a "quoted" <b>&amp; {x|y} ] ; \' \\\nsecond line\x01 ] -> evil [color=red]'
    v = Value(1.0, nasty)
    out = (v * 2.0).tanh()
    out.backward()
    graph = draw_graph(out)
    nodes, edges = parse_dot(graph.source)
    assert set(nodes) == {"v0", "v1", "op1", "c1_1", "v2", "op2"} and len(edges) == 5
    attrs = nodes[vid(out, v)]
    assert set(attrs) == {"label", "color", "fillcolor", "shape", "style", "tooltip"} and attrs["color"] == "black"
    assert nasty.splitlines()[0] not in graph.source  # only the escaped text is in the DOT source
    assert "<B>" + escape(nasty) + "</B>" in nodes[vid(out, v)]["label"]
    svg = render_graph(out, tmp_path / "nasty", "svg").picture.read_text(encoding="utf-8")
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert 'a "quoted" <b>&amp; {x|y} ] ; \' \\' in texts
    assert "second line\\x01 ] -> evil [color=red]" in texts


def test_an_mse_over_many_points_is_summarised_and_its_grads_still_add_up():
    loss, m, b = mse(1000)
    source = draw_graph(loss, params=[m, b]).source
    nodes, edges = parse_dot(source)
    assert "... 997 more terms (data points), same shape" in source
    assert len(nodes) < 60
    m_id = next(k for k, a in nodes.items() if a.get("label", "").startswith("<B>m</B>"))
    total = 0.0
    for e in (e for e in edges if e.tail == m_id):
        if e.head.startswith("more"):
            total += float(e.attrs["tooltip"].split("adds ")[1])
        else:
            result = next(x.head for x in edges if x.tail == e.head)
            total += float(e.attrs["tooltip"].split("= ")[1]) * tooltip_numbers(nodes[result])["grad"]
    assert math.isclose(total, m.grad, rel_tol=1e-9)
    small = draw_graph(mse(4)[0]).source  # 4 terms: max_terms + 1, not worth summarising
    assert "more terms" not in small and small.count("**2>") == 4


def test_sums_of_different_shapes_are_not_summarised():
    x = Value(0.5, "x")
    terms = [x * 2.0, x.tanh(), x.exp(), x**2, -x, x + 1.0]
    assert "more terms" not in draw_graph(sum_values(terms)).source


def test_a_graph_past_max_nodes_becomes_a_clear_message():
    loss, m, b = mse(300, use_sum_values=False)  # 30 terms of about 12 boxes each, in full
    nodes, edges = parse_dot(draw_graph(loss, params=[m, b], max_nodes=250, max_terms=30).source)
    assert list(nodes) == ["too_big"] and edges == []
    message = nodes["too_big"]["label"]
    assert "more than max_nodes = 250" in message and "max_terms" in message
    assert f"m.grad = {number(m.grad)}" in message


def test_highlight_colours_the_paths_and_adds_them_up_in_a_caption():
    loss, m, x, b, y = one_point_loss()
    source = draw_graph(loss, params=[m, b], highlight=m).source
    nodes, edges = parse_dot(source)
    red = {(e.tail, e.head) for e in edges if e.attrs.get("color") == "#d62728"}
    chain = [m, loss.inputs[0].inputs[0].inputs[0], loss.inputs[0].inputs[0], loss.inputs[0], loss]
    into_ops = {(vid(loss, a), vid(loss, b, "op")) for a, b in zip(chain, chain[1:])}
    out_of_ops = {(vid(loss, b, "op"), vid(loss, b)) for b in chain[1:]}
    assert red == into_ops | out_of_ops
    assert "dL/dm = sum over the red path of the product of the numbers on its edges" in source
    assert "= (3)(1)(1)(-6) = -18" in source and "m.grad = -18: the same number" in source


def test_highlight_caption_lists_a_few_paths_and_the_rest_in_one_number():
    a = Value(0.5, "a")
    out = a
    for _ in range(4):
        out = out * a + a  # every step adds paths from a to out
    out.backward()
    source = draw_graph(out, highlight=a, max_paths=2).source
    caption = re.search(r"= (\(.*?) = ([-0-9.e]+)</TD>", source)
    assert caption[1].count(" + ") == 2 and "more paths, adding" in caption[1]
    assert caption[2] == number(a.grad)
    with pytest.raises(ValueError, match="not in the graph of root"):
        draw_graph(out, highlight=Value(1.0, "stranger"))


def test_show_numeric_prints_central_differences_beside_parameter_grads():
    loss, m, x, b, y = one_point_loss()
    nodes, _ = parse_dot(draw_graph(loss, params=[m, b], show_numeric=True).source)
    assert "<I>numeric -18</I>" in nodes[vid(loss, m)]["label"] and "<I>numeric -6</I>" in nodes[vid(loss, b)]["label"]
    assert "numeric" not in nodes[vid(loss, x)]["label"]  # x is data, not a parameter


def test_bad_rankdir_is_refused_by_name():
    with pytest.raises(ValueError, match="rankdir must be .* got 'sideways'"):
        draw_graph(Value(1.0), rankdir="sideways")


def test_a_root_that_is_not_a_value_is_refused_by_name():
    with pytest.raises(TypeError, match=r"draw_graph draws the graph behind a Value, got root = 3.0 \(float\)"):
        draw_graph(3.0)


@pytest.mark.needs_dot
def test_a_value_used_twice_a_lone_leaf_and_odd_labels_all_render(tmp_path):
    x = Value(3.0, label="x")
    y = x * x + x  # x feeds * twice and + once: three out-edges whose products add up to its grad
    y.backward()
    _, edges = parse_dot(draw_graph(y, highlight=x).source)
    assert sorted(e.attrs["label"] for e in edges if e.tail == vid(y, x)) == ["1", "3", "3"]
    odd = Value(1.0, label='a "q" <b> & c\nnext')
    for root in (x, Value(2.0), odd * Value(2.0, label="it's")):
        picture, _ = render_graph(root, tmp_path / "g", format="svg", highlight=root)
        assert picture.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))


# ---- rendering ----


@pytest.mark.needs_dot
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_render_graph_writes_the_picture_and_the_dot_source(tmp_path, fmt, magic):
    loss, m, *_ = one_point_loss()
    picture, source = render_graph(loss, tmp_path / "sub" / f"loss.{fmt}", fmt, highlight=m)
    assert picture == tmp_path / "sub" / f"loss.{fmt}" and source == tmp_path / "sub" / "loss.dot"
    assert picture.read_bytes().startswith(magic)
    assert source.read_text(encoding="utf-8") == draw_graph(loss, highlight=m).source
    if fmt == "svg":
        texts = [t.text for t in ET.fromstring(picture.read_text(encoding="utf-8")).iter(f"{SVG}text")]
        assert "grad -18" in texts and "= (3)(1)(1)(-6) = -18" in texts


def test_render_graph_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="format must be one of 'svg', 'png', 'pdf', got 'jpeg'"):
        render_graph(Value(1.0), tmp_path / "x", "jpeg")


def test_without_dot_the_error_says_how_to_install_and_where_the_source_is(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    loss, m, *_ = one_point_loss()
    with pytest.raises(GraphvizNotFound) as caught:
        render_graph(loss, tmp_path / "loss")
    message = str(caught.value)
    for hint in ("apt-get install graphviz", "brew install graphviz", "conda install", "graphviz.org/download"):
        assert hint in message
    assert str(tmp_path / "loss.dot") in message and (tmp_path / "loss.dot").exists()
    assert draw_graph(loss).source  # building the DOT text needs no dot


# ---- plain numbers and operations you add ----


def test_each_use_of_a_plain_number_gets_its_own_constant_box():
    x = Value(3.0, "x")
    out = sum_values([x * 2.0, 2.0 * x, x - 2.0, 2.0, 0.5])  # the number 2 written four times, 0.5 once
    out.backward()
    source = draw_graph(out, params=[x]).source
    assert source == draw_graph(out, params=[x]).source  # deterministic
    nodes, edges = parse_dot(source)
    constants = {k: a for k, a in nodes.items() if k.startswith("c")}
    assert sorted(a["label"] for a in constants.values()) == ["0.5", "2", "2", "2", "2"]
    shape, _, fill, _ = ROLES["constant"]
    assert all((a["shape"], a["fillcolor"]) == (shape, fill) for a in constants.values())
    for box in constants:  # one edge out of each box, into an operation, with no number on it
        (edge,) = [e for e in edges if e.tail == box]
        assert edge.head.startswith("op") and "label" not in edge.attrs and "no gradient" in edge.attrs["tooltip"]
    legend = source.split("\tlabel=")[-1]
    assert "constant" in legend and "plain number" in legend
    # x's grad still reads off its edges: 2 + 2 + 1, each times out.grad = 1
    assert sorted(e.attrs["label"] for e in edges if e.tail == vid(out, x)) == ["1", "2", "2"]


def test_a_constant_box_is_hidden_with_its_term_and_never_red():
    m = Value(2.0, "m")
    loss = sum_values([(m * float(i) - 1.0) ** 2 for i in range(20)]) / 20
    loss.backward()
    nodes, edges = parse_dot(draw_graph(loss, params=[m], highlight=m).source)
    constants = [k for k in nodes if k.startswith("c")]
    assert len(constants) == 3 * 2 + 1  # the 3 shown terms' two numbers each, and the 20 of / 20
    assert all(e.attrs["color"] == "gray40" for e in edges if e.tail in constants)


def _cube(self: Value) -> Value:
    """x**3 the lecture's way: the result, then the rule for its gradient in a closure."""
    out = Value(self.data**3, (self,), "cube")

    def _backward() -> None:
        self.grad += 3 * self.data**2 * out.grad  # d(x**3)/dx = 3x**2

    out._backward = _backward
    return out


@pytest.mark.parametrize("as_method", [True, False])
def test_an_operation_written_the_lectures_way_is_drawn_with_the_closures_derivative(as_method, monkeypatch):
    if as_method:
        monkeypatch.setattr(Value, "cube", _cube, raising=False)
    x = Value(2.0, "x")
    loss = _cube(x) * 0.5  # d(loss)/dx = 0.5 * 3x**2 = 6
    loss.backward()
    assert x.grad == 6.0
    nodes, edges = parse_dot(draw_graph(loss, params=[x]).source)
    cube = loss.inputs[0]
    assert cube.op == "cube" and nodes[vid(loss, cube, "op")]["label"] == "cube"
    (edge,) = [e for e in edges if e.tail == vid(loss, x)]
    assert edge.head == vid(loss, cube, "op") and edge.attrs["label"] == "12"  # 3 * 2**2, found from the closure
    if as_method:  # Value.cube exists: the drawing can replay it for a numeric estimate
        numeric = draw_graph(loss, params=[x], show_numeric=True).source
        assert "<I>numeric 6</I>" in numeric
    else:
        with pytest.raises(ValueError, match="'cube'"):
            draw_graph(loss, params=[x], show_numeric=True)
