"""User text reaches the picture exactly as written, Graphviz's own escapes (\\N, \\G, \\n, ...) included."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dot_parsing import parse_dot
from microgd import Value, draw_graph, render_graph, topological_order

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"

PATH = "C:\\Data\\New"  # \D is no escape, \N is the node's name: drawn as C:\Datav1ew unescaped
NASTY = ["C:\\Data\\New", "\\G \\L \\E \\T \\H \\N", "a\\nb\\lc\\rd", "trailing \\", 'say \\"hi\\"', "x&amp;y", "<m>"]


def picture(label: str, tmp_path, **options) -> ET.Element:
    """The SVG of (w * 2).tanh() with w labelled ``label``, and w highlighted."""
    w = Value(0.5, label)
    out = (w * 2.0).tanh()
    out.backward()
    svg = render_graph(out, tmp_path / "escaped", "svg", highlight=w, **options).picture
    return ET.fromstring(svg.read_text(encoding="utf-8"))


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text")]


@pytest.mark.needs_dot
@pytest.mark.parametrize("label", NASTY)
def test_a_label_is_drawn_exactly_as_written(label, tmp_path):
    svg = picture(label, tmp_path)
    assert label in texts(svg)  # its box
    # the caption names it too: d(L)/d(label) = ...
    assert any(text.startswith(f"d(L)/d({label}) = sum") for text in texts(svg))
    assert any(text.startswith(f"{label}.grad = ") for text in texts(svg))


@pytest.mark.needs_dot
@pytest.mark.parametrize("label", NASTY)
def test_a_tooltip_shows_the_label_exactly_as_written(label, tmp_path):
    svg = picture(label, tmp_path)
    tooltips = [a.get(XLINK_TITLE) for a in svg.iter(f"{SVG}a")]
    assert any(tip.startswith(f"{label}: data = 0.5, grad = ") for tip in tooltips)
    # the formulas built on it carry it too: w*2, whole, in the product's tooltip
    assert any(tip.startswith(f"{label}*2: data = 1.0") for tip in tooltips)


@pytest.mark.needs_dot
def test_a_label_on_two_lines_stays_on_two_lines_in_its_tooltip(tmp_path):
    svg = picture("first\nsecond \\N", tmp_path)
    tooltips = [a.get(XLINK_TITLE) for a in svg.iter(f"{SVG}a")]
    assert any(tip.startswith("first\nsecond \\N: data = 0.5") for tip in tooltips)
    assert "first" in texts(svg) and "second \\N" in texts(svg)


@pytest.mark.needs_dot
def test_the_too_big_message_shows_a_label_as_written(tmp_path):
    w = Value(0.5, PATH)
    out = sum(((w * float(i)).tanh() for i in range(30)), Value(0.0))
    out.label = "total \\N"
    out.backward()
    svg = render_graph(out, tmp_path / "big", "svg", params=[w], max_nodes=10).picture
    shown = " ".join(texts(ET.fromstring(svg.read_text(encoding="utf-8"))))
    assert f"total \\N = {out.data:.4g}" in shown and f"{PATH}.grad = " in shown


# ---- without dot: Graphviz's reading of the DOT source, as its documentation gives it ----


def graphviz_reads_html(text: str, node_id: str) -> str:
    """What Graphviz shows for the text of an HTML label: entities, then its escapes (\\N, \\\\)."""
    return substitute(html.unescape(text), node_id)


def graphviz_reads_tooltip(text: str, node_id: str) -> str:
    """What Graphviz shows for a quoted tooltip: \\" is a quote; entities; then \\n, \\l, \\r are
    line breaks and the backslash of any other pair is dropped; then \\N, \\G, \\\\ as in a label."""
    text = html.unescape(text.replace('\\"', '"'))
    text = re.sub(r"\\(.)", lambda m: {"n": "\n", "l": "\n", "r": "\r"}.get(m[1], m[1]), text, flags=re.S)
    return substitute(text, node_id)


def substitute(text: str, node_id: str) -> str:
    """Graphviz's escString: \\N is the node's name, \\G the graph's, \\\\ one backslash."""
    names = {"N": node_id, "G": "computation_graph", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: names.get(m[1], m[0]), text, flags=re.S)


PIECES = st.sampled_from(list('\\NGLnlr"&<>;a b') + ["&amp;", "\n", "\\N", "\\\\"])
LABELS = st.lists(PIECES, min_size=1, max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(LABELS)
def test_every_label_survives_graphvizs_reading_of_the_dot_source(label):
    w = Value(0.5, label)
    out = w * 2.0
    out.backward()
    nodes, _ = parse_dot(draw_graph(out, params=[w]).source)
    index = [id(v) for v in topological_order(out)].index(id(w))
    attrs = nodes[f"v{index}"]
    box = attrs["label"].removeprefix("<B>").split("</B>")[0]
    assert graphviz_reads_html(box.replace("<BR/>", "\n"), f"v{index}") == label
    tooltip = graphviz_reads_tooltip(attrs["tooltip"], f"v{index}")
    assert tooltip == f"{label}: data = 0.5, grad = 2.0"
