"""Big graphs: a loss over many points draws, renders and traces, summarised as the drawing is.

Paths are counted node by node and only the few listed are walked, captions and labels stay
under dot's 16,384 characters, and a dot failure is a microgd error, not a raw traceback.
No timing is asserted: a test that would take exponential or quadratic time simply never ends.
"""

from __future__ import annotations

import math
import random
import re

import graphviz
import pytest

from dot_parsing import parse_attrs, parse_dot
from microgd import Value, draw_graph, render_graph, sum_values, trace
from microgd.drawing.labels import DOT_LABEL_LIMIT
from microgd.drawing.paths import chain_rule, path_product
from microgd.drawing.render import GraphvizFailed, write_picture


def line_loss(n: int, python_sum: bool):
    """MSE of m*x + b over n points near y = 3x + 1, added with Python's sum or with microgd.sum."""
    rng = random.Random(0)
    m, b = Value(0.5, "m"), Value(0.1, "b")
    terms = []
    for _ in range(n):
        x = rng.uniform(0.0, 2.0)
        terms.append((m * x + b - (3.0 * x + 1.0 + rng.gauss(0.0, 0.1))) ** 2)
    total = sum(terms, Value(0.0)) if python_sum else sum_values(terms)
    loss = total / n
    loss.backward()
    return loss, m, b


def all_labels(source: str) -> list[str]:
    """Every label in a DOT source: of the nodes, the edges and the graph (the legend)."""
    nodes, edges = parse_dot(source)
    labels = [attrs["label"] for attrs in nodes.values() if "label" in attrs]
    labels += [edge.attrs["label"] for edge in edges if "label" in edge.attrs]
    labels += [parse_attrs(line.strip())["label"] for line in source.splitlines() if line.startswith("\tlabel=")]
    return labels


def the_caption(source: str) -> str:
    """The highlight caption's sum: the text between '= ' and the total."""
    return re.search(r"<TD [^>]*>= (.*?)</TD>", source)[1]


@pytest.mark.needs_dot
@pytest.mark.parametrize("python_sum", [True, False], ids=["python sum", "microgd.sum"])
def test_a_20000_point_highlighted_loss_renders_and_every_label_fits_dot(tmp_path, python_sum):
    loss, m, b = line_loss(20_000, python_sum)
    picture, source = render_graph(loss, tmp_path / "loss", "svg", params=[m, b], highlight=m, max_paths=1)
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    labels = all_labels(source.read_text(encoding="utf-8"))
    assert labels and max(map(len, labels)) < DOT_LABEL_LIMIT
    caption = the_caption(source.read_text(encoding="utf-8"))
    assert "2 more paths, adding" in caption and "19,997 more terms of the same shape" in caption


@pytest.mark.parametrize("python_sum", [True, False], ids=["python sum", "microgd.sum"])
def test_the_highlight_caption_of_a_big_sum_adds_up_to_the_grad(python_sum):
    loss, m, b = line_loss(5_000, python_sum)
    source = draw_graph(loss, params=[m, b], highlight=m).source
    caption = the_caption(source)
    listed, summarised = caption.split(" + ... ")
    assert "4,997 more terms of the same shape" in summarised
    products = [math.prod(float(f) for f in re.findall(r"\(([-0-9.e+]+)\)", path)) for path in listed.split(" + ")]
    assert len(products) == 3  # the three terms drawn in full
    adding = float(re.search(r"adding ([-0-9.e+]+)\)", summarised)[1])
    total = float(re.search(r" = ([-0-9.e+]+)$", caption)[1])
    assert math.isclose(sum(products) + adding, m.grad, rel_tol=1e-3)  # the caption's numbers, 4 digits each
    assert math.isclose(total, m.grad, rel_tol=1e-3)


@pytest.mark.parametrize("python_sum", [True, False], ids=["python sum", "microgd.sum"])
def test_the_trace_of_a_big_sum_is_short_and_its_total_is_m_grad(python_sum):
    loss, m, b = line_loss(5_000, python_sum)
    text = trace(loss, m)
    assert len(text.splitlines()) < 50
    assert re.search(r"^\.\.\. 4,997 more terms of the same shape .*adding ", text, re.M)
    assert text.count("\npath ") == 3 and "path 1 of 5000:" in text
    assert text.endswith("set by backward(): it matches.")
    rule = chain_rule(loss, m, max_terms=3)
    assert rule.total == m.grad  # backprop's own number, to the last bit
    assert rule.path_count == 5_000 and rule.summarised_terms == 4_997 and rule.summarised_paths == 4_997
    listed = math.fsum(map(path_product, rule.paths))
    assert math.isclose(listed + rule.summarised_total, m.grad, rel_tol=1e-9)


def test_a_deep_chain_is_traced_in_a_few_lines_and_its_one_path_is_the_whole_derivative():
    x = Value(0.3, "x")
    out = x
    for _ in range(20_000):
        out = out.tanh()
    out.backward()
    text = trace(out, x)
    assert len(text.splitlines()) < 20 and "path 1 of 1:" in text
    assert "19,997 more steps through tanh nodes, their product " in text
    assert text.endswith("x.grad = " + f"{x.grad + 0.0:.4g}" + ", set by backward(): it matches.")
    (path,) = chain_rule(out, x).paths
    assert len(path) == 20_000 and math.isclose(path_product(path), x.grad, rel_tol=1e-9)


def test_paths_are_counted_without_walking_them():
    a = Value(0.1, "a")  # out stays near 0.11: no overflow
    out = a
    for _ in range(200):
        out = out * out + a  # count(k) = 2 count(k - 1) + 1: 2**201 - 1 paths from a
    out.backward()
    rule = chain_rule(out, a, max_paths=4)
    assert rule.path_count == 2**201 - 1 and len(rule.paths) == 4
    assert rule.total == a.grad


@pytest.mark.needs_dot
def test_a_label_too_long_for_dot_is_cut_short_and_the_picture_is_drawn(tmp_path):
    x = Value(2.0, "x" * 20_000)
    picture, source = render_graph(x * 3.0, tmp_path / "long", highlight=x)
    assert picture.exists() and max(map(len, all_labels(source.read_text(encoding="utf-8")))) < DOT_LABEL_LIMIT


@pytest.mark.needs_dot
def test_when_dot_fails_the_error_says_what_why_and_where_the_source_is(tmp_path):
    graph = graphviz.Digraph()
    graph.node("a", "<" + "x" * 20_000 + ">")  # built by hand: longer than dot reads
    with pytest.raises(GraphvizFailed) as error:
        write_picture(graph, tmp_path / "broken", "svg")
    message = str(error.value)
    assert "dot" in message and "16,384" in message and str(tmp_path / "broken.dot") in message
    assert not (tmp_path / "broken.svg").exists()
