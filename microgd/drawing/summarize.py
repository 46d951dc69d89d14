"""Keeping big drawings readable: one summary node stands for many terms of the same shape.

The MSE over n data points is ``sum_values(terms) / n`` with one term (m*x_i + b - y_i)**2 per
point, about ten nodes each: a thousand points would be ten thousand nodes, far past what anyone
can read (or what `dot` lays out in reasonable time). The rule, simple on purpose, comes in the
two ways a loss adds up its terms:

    A ``sum`` node (`sum_values`) with more than max_terms + 1 inputs, all of the same *shape*,
    is drawn with its first max_terms inputs in full and one summary node for the rest.

    A chain of ``+`` nodes, each the left input of the next, whose right inputs all have the same
    shape (Python's ``sum(terms, Value(0.0))`` is ((0 + t1) + t2) + ... + tn), with more than
    max_terms + 1 links, is drawn with its outermost max_terms links and their terms in full;
    one summary node stands for the rest of the chain: the left input of the innermost shown
    ``+``, the running sum of the earlier terms and of the start value. A chain ends at a link
    that something else uses too: a partial sum used twice is always drawn.

Two values have the same shape when the same operations made them in the same arrangement,
whatever the numbers; leaves match leaves (labelled with labelled, unlabelled with unlabelled),
and a plain number in the expression matches any other plain number: (m*x_i + b - y_i)**2 has
one shape for every data point (x_i, y_i) written as floats. Values used only by the hidden terms
(x_i, y_i) are hidden with them, and so are the plain numbers written in those terms. Values also
used by what is shown (m, b), and the parameters (``keep``) even when only hidden terms use them,
stay, with a dashed edge into the summary node carrying what the hidden terms add to their grad,
so that "grad = sum over out-edges" can still be checked on the picture.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

from microgd.backprop import paused_cycle_collector, topological_order
from microgd.graph_view import Input, Node, data_of, is_number, node_edges

# A chain's box takes the place of input 0 (the left input) of its innermost shown +: the rest of the chain.
REST_OF_CHAIN = range(0, 1)


@dataclass
class Summary:
    """One summary node: the inputs ``hidden`` of ``node``, and all only they use, drawn as one box.

    Attributes:
        node: the summarised ``sum`` (hidden = its inputs max_terms:), or the innermost shown
            ``+`` of a chain (hidden = REST_OF_CHAIN: its left input, the rest of the chain).
        hidden: which inputs of node the box stands for.
        terms: how many same-shaped terms the box stands for.
        data: the value of the hidden part: the sum of the hidden inputs.
        start: True when the hidden part of a chain also holds a start value that is not a term
            (like c in ``sum(terms, c)``; a plain 0 does not count).
        points: True when the hidden terms are data points: they use no parameter of their own
            (in an MSE each term has its own x_i and y_i, and shares m and b with the others).
        contributions: for each shown value that feeds the hidden part, what the hidden part
            adds to its grad (the sum of local derivative * grad over the hidden edges).
    """

    node: Node
    hidden: range
    terms: int
    data: float
    start: bool = False
    points: bool = False
    contributions: dict[Node, float] = field(default_factory=dict)

    @property
    def chain(self) -> bool:
        """True when the box stands for the rest of a chain of ``+``, not for inputs of a ``sum``."""
        return self.node.op == "+"


@dataclass
class Plan:
    """What to draw: ``order`` is every value (topological order), ``visible`` the ones shown."""

    order: list[Node]
    visible: set[Node]
    summaries: dict[Node, Summary]  # keyed by the summarised node
    # The hidden edges from shown values, (summary, source, local derivative, result): the
    # dashed edges add up local derivative * grad of result over them.
    dashed: list[tuple[Summary, Node, float, Node]] = field(default_factory=list)

    def with_grads(self, grad_of: Callable[[Node], float]) -> Plan:
        """The same plan with the dashed edges' numbers for other grads (a frame of the animation)."""
        summaries = {node: replace(s, contributions={}) for node, s in self.summaries.items()}
        for summary, source, local_grad, result in self.dashed:  # each into the outermost box: a shown one
            _add(summaries[summary.node].contributions, source, local_grad * grad_of(result))
        return Plan(self.order, self.visible, summaries, self.dashed)

    def drawn_edge(self, result: Node, index: int) -> bool:
        """True when the edge into input ``index`` of ``result`` is drawn: from a shown value, or
        from the box of a plain number written there (drawn wherever its result is)."""
        if not _drawn(result, index, self.visible, self.summaries):
            return False
        source = result.inputs[index]
        return is_number(source) or source in self.visible

    def computed_from(self, start: Node) -> set[Node]:
        """``start`` and every shown value computed from it, also through a summary box (its node
        is computed from whatever has a dashed edge into the box): the tails of start's paths."""
        if start not in self.visible:  # a value inside a summary box: follow the hidden values too
            found = {start}
            for node in self.order:  # inputs come first, so one pass is enough
                if any(source in found for _, source, _ in node_edges(node)):
                    found.add(node)
            return found
        found = {start}
        for node in self.order:
            if node not in self.visible:
                continue
            summary = self.summaries.get(node)
            if (summary and not found.isdisjoint(summary.contributions)) or any(
                source in found for k, source, _ in node_edges(node) if self.drawn_edge(node, k)
            ):
                found.add(node)
        return found

    def node_count(self) -> int:
        """Boxes on the picture: shown values, their operations, one box per use of a plain
        number, and the summary nodes."""
        boxes = 0
        for node in self.visible:
            if not node.is_leaf:  # the value, its operation, and its drawn plain numbers
                numbers = (k for k, x in enumerate(node.inputs) if is_number(x))
                boxes += 2 + sum(self.drawn_edge(node, k) for k in numbers)
            else:
                boxes += 1
        return boxes + len(self.summaries)


@paused_cycle_collector()  # a big graph is read many times over: the collector would rescan it each time
def plan_drawing(
    root: Node, max_terms: int, grad_of: Callable[[Node], float], keep: Callable[[Node], bool] = lambda v: False
) -> Plan:
    """Decide which values to draw and what each summary node stands for.

    Args:
        root: the output whose graph is drawn.
        max_terms: terms of a summarised sum drawn in full (the rest become one node).
        grad_of: the grad to show for a value (``lambda v: v.grad`` outside animations).
        keep: which leaves are always drawn (the parameters): a weight that only hidden terms
            use is drawn with a dashed edge into the summary node, never hidden in it.
    Returns:
        The Plan.
    """
    order = topological_order(root)
    edges = {node: node_edges(node) for node in order}  # read once: each pass below needs them
    shape = _shapes(order)
    found = _chains(order, edges, shape, max_terms)
    for node in order:
        if node.op != "sum":
            continue
        inputs = node.inputs
        if len(inputs) > max_terms + 1 and len({_shape_of(s, shape) for s in inputs}) == 1:
            hidden = range(max_terms, len(inputs))
            found[node] = Summary(node, hidden, len(hidden), math.fsum(data_of(inputs[k]) for k in hidden))
    # In topological order, so that an outer summary comes after any summary it hides (see _owners).
    summaries = {node: found[node] for node in order if node in found}
    reached = _reachable(root, edges, summaries)
    own = {v for v in order if v.is_leaf and keep(v)} - reached  # parameters only hidden terms use
    visible = reached | own
    owner = _owners(edges, summaries, visible)
    dashed = []
    for result in order:  # every edge that is not drawn but starts at a shown value
        for index, source, local_grad in edges[result]:
            if source in visible and not _drawn(result, index, visible, summaries):
                summary = summaries[result] if result in visible else owner[result]
                dashed.append((summary, source, local_grad, result))
                _add(summary.contributions, source, local_grad * grad_of(result))
    for summary in summaries.values():  # terms with parameters of their own (w_i * x_i) are not data points
        summary.points = not summary.chain and own.isdisjoint(summary.contributions)
    return Plan(order, visible, {node: s for node, s in summaries.items() if node in visible}, dashed)


def _add(contributions: dict[Node, float], source: Node, amount: float) -> None:
    contributions[source] = contributions.get(source, 0.0) + amount


def _chains(order: list[Node], edges: dict[Node, list], shape: dict[Node, int], max_terms: int) -> dict[Node, Summary]:
    """The long chains of ``+`` (see the module docstring), each as a Summary of its inner part."""
    uses = Counter(source for node in order for _, source, _ in edges[node])
    found: dict[Node, Summary] = {}
    walked: set[Node] = set()
    for top in reversed(order):  # outermost first: a chain is found from its last + down
        if top.op != "+" or len(top.inputs) != 2 or top in walked:
            continue
        links, term_shape = [top], _shape_of(top.inputs[1], shape)
        # Down the left inputs, while each is a + adding a term of the same shape and used only
        # by the link above: a partial sum used elsewhere too is the chain's start, not hidden.
        while (
            _is_link(inner := links[-1].inputs[0]) and uses[inner] == 1 and _shape_of(inner.inputs[1], shape) == term_shape
        ):
            links.append(inner)
        walked.update(links)
        if len(links) > max_terms + 1:
            shown_last, start = links[max_terms - 1], links[-1].inputs[0]
            # The hidden links each add one term; the start is a term too when written t1 + t2 + ...
            is_term = _shape_of(start, shape) == term_shape
            # sum(terms) starts at the plain number 0; sum(terms, Value(0.0)) at an unlabelled 0
            plain_zero = data_of(start) == 0.0 and (is_number(start) or start.is_leaf and not start.label)
            terms = len(links) - max_terms + is_term
            data = shown_last.inputs[0].data  # the running sum (a hidden link): the start and the hidden terms
            found[shown_last] = Summary(shown_last, REST_OF_CHAIN, terms, data, start=not (is_term or plain_zero))
    return found


def _is_link(x: Input) -> bool:
    """Can x be a link of a chain: a + of two inputs (not a plain number)?"""
    return not is_number(x) and x.op == "+" and len(x.inputs) == 2


def _drawn(result: Node, index: int, visible: set[Node], summaries: dict[Node, Summary]) -> bool:
    return result in visible and (result not in summaries or index not in summaries[result].hidden)


# The shape of every plain number: a number is a leaf, whichever number it is.
NUMBER_SHAPE = -1


def _shape_of(x: Input, shape: dict[Node, int]) -> int:
    """x's shape number; NUMBER_SHAPE for a plain number (never a key: numbers have no identity)."""
    return NUMBER_SHAPE if is_number(x) else shape[x]


def _shapes(order: list[Node]) -> dict[Node, int]:
    """Number each distinct shape: equal numbers mean the same operations in the same arrangement."""
    known: dict[tuple, int] = {}
    shape: dict[Node, int] = {}
    for node in order:  # inputs come first, so their shapes are already known
        if node.is_leaf:
            key: tuple = ("leaf", bool(node.label))
        else:
            key = (node.op, tuple(_shape_of(s, shape) for s in node.inputs))
        shape[node] = known.setdefault(key, len(known))
    return shape


def _reachable(root: Node, edges: dict[Node, list], summaries: dict[Node, Summary]) -> set[Node]:
    """Values reachable from root without entering the hidden inputs of a summarised node."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        summary = summaries.get(node)
        for k, source, _ in edges[node]:
            if source not in seen and not (summary and k in summary.hidden):
                seen.add(source)
                stack.append(source)
    return seen


def _owners(edges: dict[Node, list], summaries: dict[Node, Summary], visible: set[Node]) -> dict[Node, Summary]:
    """For each hidden value, the summary node that stands for it (the outermost one)."""
    owner: dict[Node, Summary] = {}
    for summary in reversed(list(summaries.values())):  # outer summaries first: they come later in order
        stack = [s for k, s, _ in edges[summary.node] if k in summary.hidden and s not in visible]
        while stack:
            node = stack.pop()
            if node not in owner:
                owner[node] = summary
                stack.extend(s for _, s, _ in edges[node] if s not in visible)
    return owner
