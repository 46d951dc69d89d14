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
whatever the numbers; leaves match leaves (labelled with labelled, constants with constants).
Values used only by the hidden terms (x_i, y_i) are hidden with them. Values also used by what is
shown (m, b), and the parameters (``keep``) even when only hidden terms use them, stay, with a
dashed edge into the summary node carrying what the hidden terms add to their grad, so that
"grad = sum over out-edges" can still be checked on the picture.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import Value

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

    node: Value
    hidden: range
    terms: int
    data: float
    start: bool = False
    points: bool = False
    contributions: dict[Value, float] = field(default_factory=dict)

    @property
    def chain(self) -> bool:
        """True when the box stands for the rest of a chain of ``+``, not for inputs of a ``sum``."""
        return self.node._op == "+"


@dataclass
class Plan:
    """What to draw: ``order`` is every value (topological order), ``visible`` the ones shown."""

    order: list[Value]
    visible: set[Value]
    summaries: dict[Value, Summary]  # keyed by the summarised node

    def drawn_edge(self, source: Value, result: Value, index: int) -> bool:
        """True when the edge from ``source`` into input ``index`` of ``result`` is drawn."""
        return _drawn(result, index, self.visible, self.summaries) and source in self.visible

    def node_count(self) -> int:
        """Boxes on the picture: shown values, their operations and the summary nodes."""
        return sum(1 + bool(node._inputs) for node in self.visible) + len(self.summaries)


def plan_drawing(
    root: Value, max_terms: int, grad_of: Callable[[Value], float], keep: Callable[[Value], bool] = lambda v: False
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
    shape = _shapes(order)
    found = _chains(order, shape, max_terms)
    for node in order:
        inputs = node._inputs
        if node._op == "sum" and len(inputs) > max_terms + 1 and len({shape[s] for s in inputs}) == 1:
            hidden = range(max_terms, len(inputs))
            found[node] = Summary(node, hidden, len(hidden), math.fsum(inputs[k].data for k in hidden))
    # In topological order, so that an outer summary comes after any summary it hides (see _owners).
    summaries = {node: found[node] for node in order if node in found}
    reached = _reachable(root, summaries)
    own = {v for v in order if not v._inputs and keep(v)} - reached  # parameters only hidden terms use
    visible = reached | own
    owner = _owners(summaries, visible)
    for result in order:  # every edge that is not drawn but starts at a shown value
        for index, (source, local_grad) in enumerate(zip(result._inputs, result._local_grads)):
            if source in visible and not _drawn(result, index, visible, summaries):
                summary = summaries[result] if result in visible else owner[result]
                contributions = summary.contributions
                contributions[source] = contributions.get(source, 0.0) + local_grad * grad_of(result)
    for summary in summaries.values():  # terms with parameters of their own (w_i * x_i) are not data points
        summary.points = not summary.chain and own.isdisjoint(summary.contributions)
    return Plan(order, visible, {node: s for node, s in summaries.items() if node in visible})


def _chains(order: list[Value], shape: dict[Value, int], max_terms: int) -> dict[Value, Summary]:
    """The long chains of ``+`` (see the module docstring), each as a Summary of its inner part."""
    uses = Counter(source for node in order for source in node._inputs)
    found: dict[Value, Summary] = {}
    walked: set[Value] = set()
    for top in reversed(order):  # outermost first: a chain is found from its last + down
        if top._op != "+" or top in walked:
            continue
        links, term_shape = [top], shape[top._inputs[1]]
        # Down the left inputs, while each is a + adding a term of the same shape and used only
        # by the link above: a partial sum used elsewhere too is the chain's start, not hidden.
        while (
            (inner := links[-1]._inputs[0])._op == "+" and uses[inner] == 1 and shape[inner._inputs[1]] == term_shape
        ):
            links.append(inner)
        walked.update(links)
        if len(links) > max_terms + 1:
            shown_last, start = links[max_terms - 1], links[-1]._inputs[0]
            # The hidden links each add one term; the start is a term too when written t1 + t2 + ...
            is_term = shape[start] == term_shape
            plain_zero = not start._inputs and not start.label and start.data == 0.0  # sum(terms) starts at 0
            terms = len(links) - max_terms + is_term
            data = shown_last._inputs[0].data  # the running sum: the start and the hidden terms
            found[shown_last] = Summary(shown_last, REST_OF_CHAIN, terms, data, start=not (is_term or plain_zero))
    return found


def _drawn(result: Value, index: int, visible: set[Value], summaries: dict[Value, Summary]) -> bool:
    return result in visible and (result not in summaries or index not in summaries[result].hidden)


def _shapes(order: list[Value]) -> dict[Value, int]:
    """Number each distinct shape: equal numbers mean the same operations in the same arrangement."""
    known: dict[tuple, int] = {}
    shape: dict[Value, int] = {}
    for node in order:  # inputs come first, so their shapes are already known
        key = (node._op, tuple(shape[s] for s in node._inputs)) if node._inputs else ("leaf", bool(node.label))
        shape[node] = known.setdefault(key, len(known))
    return shape


def _reachable(root: Value, summaries: dict[Value, Summary]) -> set[Value]:
    """Values reachable from root without entering the hidden inputs of a summarised node."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        summary = summaries.get(node)
        for k, source in enumerate(node._inputs):
            if source not in seen and not (summary and k in summary.hidden):
                seen.add(source)
                stack.append(source)
    return seen


def _owners(summaries: dict[Value, Summary], visible: set[Value]) -> dict[Value, Summary]:
    """For each hidden value, the summary node that stands for it (the outermost one)."""
    owner: dict[Value, Summary] = {}
    for summary in reversed(list(summaries.values())):  # outer summaries first: they come later in order
        stack = [summary.node._inputs[k] for k in summary.hidden if summary.node._inputs[k] not in visible]
        while stack:
            node = stack.pop()
            if node not in owner:
                owner[node] = summary
                stack.extend(s for s in node._inputs if s not in visible)
    return owner
