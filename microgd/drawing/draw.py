"""Drawing the computation graph so that every derivative can be checked by hand.

Each value is a box with its name, ``data`` and ``grad``: a leaf's label, or for a computed value
the formula that made it ("m*x + b"), the same name `trace` uses. Each operation is a small
circle with its symbol as written (``*``, ``-``, ``**2``, ``exp``, ``sum``). The edge from an
input into the operation that uses it carries the *local derivative* d(out)/d(in), so on the picture

    grad of a value = sum over its out-edges of (edge number * grad of the result)

which is the chain rule, one value at a time (see backprop.py). A plain number written in the
expression (the 2 in 2*x) gets a small grey box of its own at each use, with an edge into the
operation but no number on it: nobody trains a constant, so no gradient flows back to it.
A leaf is drawn as a parameter only when microgd knows it is one (a live model's
``parameters()`` or an optimizer's params hold it: known_parameters.py, or ``params=`` says so);
every other leaf, labelled or not, is data. The rendered picture shows each number to 4
significant digits; hovering over a box or an edge (SVG) shows the full float and the full name.

Node ids are ``v<i>`` for values, ``op<i>`` for the operation that made value i, and ``c<i>_<k>``
for the plain number that is input k of that operation, where i is the position in
``topological_order(root)``: the same graph always gives the same DOT source. Everything is read
through a node's public view (graph_view.py), so a new operation is drawn like a built-in one.
The words on the picture live in labels.py, the summary of big graphs in summarize.py, and
writing files in render.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Iterable

import graphviz

from microgd.graph_view import Node, is_number, node_edges
from microgd.known_parameters import known_parameters
from microgd.drawing.labels import (CAPTION_CHARS, NO_GRADIENT, ROLES, box_name, escape, escape_attribute, highlight_caption,
                                    html_label, legend, too_big_message)
from microgd.drawing.naming import name_of
from microgd.drawing.numbers import number
from microgd.drawing.replay import central_difference
from microgd.drawing.summarize import Plan, Summary, plan_drawing

HIGHLIGHT = "#d62728"  # the colour of the highlighted paths and of the animation's current edge


@dataclass(frozen=True)
class AnimationFrame:
    """One moment of the backward pass, for animate.py: what to draw instead of the ``.grad`` fields.

    Attributes:
        grads: each value's gradient as far as the pass has got.
        current: the node whose chain-rule step was just taken: its edges from values are drawn
            thick and red, and so are the boxes of those values; or None.
        captions: lines of text to write under the picture.
        plan: the animation's plan of the drawing, made once for all its frames (summarize.py).
    """

    grads: dict[Node, float]
    current: Node | None = None
    captions: tuple[str, ...] = ()
    plan: Plan | None = None


def draw_graph(
    root: Node,
    *,
    rankdir: str = "LR",
    params: Collection[Node] | None = None,
    highlight: Node | None = None,
    show_numeric: bool = False,
    max_nodes: int = 250,
    max_terms: int = 3,
    max_paths: int = 3,
    frame: AnimationFrame | None = None,
) -> graphviz.Digraph:
    """Draw ``root``'s computation graph with the local derivative on every edge.

    Which leaves are parameters: with ``params`` given, exactly those; without it, the ones microgd
    knows: the parameters() of every live model (Line, Linear, Neuron, Layer, MLP, your own
    Module) and the params of every live optimizer (known_parameters.py). A model that no longer
    exists is forgotten (``Line(2.0, 1.0)(3.0)`` made and dropped in one line): pass ``params``
    for it. Every other leaf, labelled or not, is data; the plain numbers written in the
    expression are constants.

    Args:
        root: the output to draw, usually the loss (call ``root.backward()`` first for grads).
        rankdir: "LR" draws inputs on the left and the loss on the right, "TB" top to bottom.
        params: the values being trained, e.g. ``[m, b]``, for values no model holds.
        highlight: a value m whose paths to root are drawn in red, with a caption adding up
            d(root)/dm = sum over paths of the product of the edge numbers.
        show_numeric: also show the central finite-difference estimate of grad beside each
            parameter's, and beside the highlighted value's (the derivative being traced).
        max_nodes: past this many boxes (after summarising), draw a short message instead.
        max_terms: a sum of many same-shaped terms (an MSE, with `microgd.sum` or Python's
            ``sum``) shows only this many in full.
        max_paths: the highlight caption writes out at most this many paths.
        frame: used by `animate_backward`: draw a moment of the backward pass instead of the
            finished ``.grad`` fields.
    Returns:
        A graphviz.Digraph: displays itself in Jupyter; ``.source`` is the DOT text.
    """
    check_root_and_params("draw_graph", root, params)
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    if max_terms < 1:
        raise ValueError(f"max_terms is how many terms of a long sum to draw in full: at least 1, got {max_terms}")
    # Outside an animation, the grads to show are those that backward() left in .grad.
    grad_of: Callable[[Node], float] = (lambda v: v.grad) if frame is None else (lambda v: frame.grads[v])
    current = None if frame is None else frame.current
    captions = () if frame is None else frame.captions
    trained = set(params) if params is not None else known_parameters()
    if frame is not None and frame.plan is not None:  # planned once for the whole animation
        plan = frame.plan.with_grads(grad_of)
    else:
        plan = plan_drawing(root, max_terms, grad_of, keep=parameter_test(root, trained))
    graph = graphviz.Digraph("computation_graph")
    graph.attr(rankdir=rankdir, fontname="Helvetica", labelloc="b")
    graph.attr("node", fontname="Helvetica", fontsize="11")
    graph.attr("edge", fontname="Helvetica", fontsize="10", arrowsize="0.6")
    if plan.node_count() > max_nodes:
        leaves = [v for v in plan.order if role_of(v, root, trained) == "parameter"]
        graph.node("too_big", too_big_message(root, plan.node_count(), max_nodes, leaves), shape="note")
        return graph
    index = {node: i for i, node in enumerate(plan.order)}
    if highlight is not None and (not isinstance(highlight, Node) or highlight not in index):
        raise ValueError(
            f"highlight = {highlight!r} is not in the graph of root; pass a value root was computed from"
        )
    red = set() if highlight is None else plan.computed_from(highlight)
    # The animation's current step: the values that node passes its grad on to.
    receiving = set() if current is None else {source for _, source, _ in node_edges(current)}
    roles: list[str] = []
    numbers_drawn = False
    for node in (node for node in plan.order if node in plan.visible):
        role = role_of(node, root, trained)
        roles += [role] if role not in roles else []
        checked = role == "parameter" or node is highlight
        numeric = central_difference(root, node) if show_numeric and checked else None
        emphasis = node in red or node in receiving
        _draw_value(graph, f"v{index[node]}", node, role, grad_of(node), numeric, emphasis, root)
        if node.is_leaf:
            continue
        i, colour = index[node], HIGHLIGHT if node in red else "black"
        symbol = html_label([escape(_symbol(node.op))])
        graph.node(f"op{i}", symbol, shape="circle", width="0.3", margin="0.02", color=colour)
        graph.edge(f"op{i}", f"v{i}", color=colour)
        for k, (source, local) in enumerate(zip(node.inputs, node.local_grads)):
            if not plan.drawn_edge(node, k):
                continue
            if is_number(source):  # its own box, and an edge with no number: no gradient goes back
                _draw_number(graph, f"c{i}_{k}", source, f"op{i}")
                roles += ["constant"] if "constant" not in roles else []
                numbers_drawn = True
                continue
            now = node is current  # the animation's step: every edge from a value into it
            colour = HIGHLIGHT if now or source in red else "black"
            graph.edge(f"v{index[source]}", f"op{i}", number(local), color=colour, fontcolor=colour,
                       penwidth="2.5" if now else "1", tooltip=f"d(out)/d(in) = {local!r}")
    for summary in plan.summaries.values():
        _draw_summary(graph, summary, index, grad_of(summary.node), red)
    if highlight is not None:
        captions += highlight_caption(root, highlight, max_paths, grad_of, plan)
    graph.attr(label=legend(roles, captions, bool(plan.summaries), numbers_drawn))
    return graph


def check_root_and_params(caller: str, root: object, params: object) -> None:
    """The two mistakes a drawing call is most often given: a number for root, one Value for params."""
    if not isinstance(root, Node):
        raise TypeError(f"{caller} draws the graph behind a Value, got root = {root!r} ({type(root).__name__})")
    if isinstance(params, Node) or (params is not None and not isinstance(params, Iterable)):
        raise TypeError(f"{caller}: params is the list of values being trained, such as params=[m, b]; "
                        f"got params = {params!r}")


def parameter_test(root: Node, params: set[Node] | None) -> Callable[[Node], bool]:
    """Is this value a parameter? Parameters are always drawn, even when a summary node hides
    every term that uses them. ``params`` None: the parameters microgd knows of."""
    trained = known_parameters() if params is None else params
    return lambda v: role_of(v, root, trained) == "parameter"


def role_of(node: Node, root: Node, params: set[Node]) -> str:
    """'loss', 'intermediate', 'parameter' or 'data' (see draw_graph for the rule); a plain
    number written in the expression is no node, and is drawn as a 'constant'."""
    if node is root:
        return "loss"
    if not node.is_leaf:
        return "intermediate"
    return "parameter" if node in params else "data"


def _draw_value(
    graph: graphviz.Digraph, node_id: str, node: Node, role: str, grad: float, numeric: float | None, red: bool,
    root: Node,
) -> None:
    """One value's box: its name, data and grad (and the numeric estimate if asked).

    The name is a label in bold, as the user wrote it, or for a computed value the formula `trace`
    calls it by, cut short when long (the tooltip has it whole); an unlabelled leaf has none.
    """
    shape, style, fill, _ = ROLES[role]
    name = name_of(node, root) if node.label or not node.is_leaf else ""
    lines = [f"<B>{escape(name)}</B>" if node.label else escape(box_name(name))] if name else []
    lines += [f"data {number(node.data)}", f"grad {number(grad)}"]
    lines += [f"<I>numeric {number(numeric)}</I>"] if numeric is not None else []
    numbers = f"data = {node.data!r}, grad = {grad!r}"
    whole = f"{box_name(name, CAPTION_CHARS - len(numbers) - 2)}: {numbers}" if name else numbers
    graph.node(node_id, html_label(lines), shape=shape, style=style, fillcolor=fill,
               color=HIGHLIGHT if red else "black", tooltip=escape_attribute(whole))


def _draw_number(graph: graphviz.Digraph, node_id: str, x: float, op_id: str) -> None:
    """A plain number's box (a constant, showing just the number) and its edge into the operation.

    The edge has no number on it: a plain number has no local derivative worth writing, because
    no gradient is passed to it (it has no .grad to fill in).
    """
    shape, style, fill, _ = ROLES["constant"]
    graph.node(node_id, html_label([number(x)]), shape=shape, style=style, fillcolor=fill, color="gray40",
               fontsize="10", tooltip=f"the plain number {x!r}")
    graph.edge(node_id, op_id, color="gray40", tooltip=NO_GRADIENT)


def _draw_summary(graph: graphviz.Digraph, summary: Summary, index: dict[Node, int], grad_each: float, red: set[Node]) -> None:
    """The box standing for the hidden terms, its edge into the summarised node, and the dashed edges."""
    i = index[summary.node]
    hot = HIGHLIGHT if any(source in red for source in summary.contributions) else "black"
    points = " (data points)" if summary.points else ""
    start = ", and the start value" if summary.start else ""  # the start of sum(terms, start)
    text = [
        f"... {summary.terms} more terms{points}, same shape{start}",
        # A chain's hidden part is the running sum so far: the start value plus the earlier terms.
        f"{'the sum so far' if summary.chain else 'their sum'}: data {number(summary.data)}",
        f"grad {number(grad_each)} each",  # every edge on the way down is a + (or sum): local derivative 1
    ]
    graph.node(f"more{i}", html_label(text), shape="note", style="dashed", color=hot)
    graph.edge(f"more{i}", f"op{i}", "1" if summary.chain else "1 each", color=hot)
    for source, added in summary.contributions.items():
        colour = HIGHLIGHT if source in red else "gray40"
        graph.edge(f"v{index[source]}", f"more{i}", f"adds {number(added)}", style="dashed", color=colour,
                   fontcolor=colour, tooltip=f"adds {added!r}")


def _symbol(op: str) -> str:
    """The symbol drawn for an operation: unary minus is '-', like binary minus (one in-edge)."""
    return "-" if op == "neg" else op
