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
    ``+``, the running sum of the earlier terms and of the start value.

Two values have the same shape when the same operations made them in the same arrangement,
whatever the numbers; leaves match leaves (labelled with labelled, constants with constants).
Values used only by the hidden terms (x_i, y_i) are hidden with them. Values also used by what is
shown (m, b) stay, with a dashed edge into the summary node carrying what the hidden terms add to
their grad, so that "grad = sum over out-edges" can still be checked on the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import Value


@dataclass
class Summary:
    """One summary node: the inputs ``hidden`` of ``node``, and all only they use, drawn as one box.

    Attributes:
        node: the summarised ``sum`` (hidden = its inputs max_terms:), or the innermost shown
            ``+`` of a chain (hidden = range(1): its left input, the rest of the chain).
        hidden: which inputs of node the box stands for.
        terms: how many terms (data points) the box stands for.
        data: the value of the hidden part: the sum of the hidden inputs.
        contributions: for each shown value that feeds the hidden part, what the hidden part
            adds to its grad (the sum of local derivative * grad over the hidden edges).
    """

    node: Value
    hidden: range
    terms: int
    data: float
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


def plan_drawing(root: Value, max_terms: int, grad_of: Callable[[Value], float]) -> Plan:
    """Decide which values to draw and what each summary node stands for.

    Args:
        root: the output whose graph is drawn.
        max_terms: terms of a summarised sum drawn in full (the rest become one node).
        grad_of: the grad to show for a value (``lambda v: v.grad`` outside animations).
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
    visible = _reachable(root, summaries)
    owner = _owners(summaries, visible)
    for result in order:  # every edge that is not drawn but starts at a shown value
        for index, (source, local_grad) in enumerate(zip(result._inputs, result._local_grads)):
            if source in visible and not _drawn(result, index, visible, summaries):
                summary = summaries[result] if result in visible else owner[result]
                contributions = summary.contributions
                contributions[source] = contributions.get(source, 0.0) + local_grad * grad_of(result)
    return Plan(order, visible, {node: s for node, s in summaries.items() if node in visible})


def _chains(order: list[Value], shape: dict[Value, int], max_terms: int) -> dict[Value, Summary]:
    """The long chains of ``+`` (see the module docstring), each as a Summary of its inner part."""
    found: dict[Value, Summary] = {}
    walked: set[Value] = set()
    for top in reversed(order):  # outermost first: a chain is found from its last + down
        if top._op != "+" or top in walked:
            continue
        links, term_shape = [top], shape[top._inputs[1]]
        while (inner := links[-1]._inputs[0])._op == "+" and shape[inner._inputs[1]] == term_shape:
            links.append(inner)
        walked.update(links)
        if len(links) > max_terms + 1:
            shown_last, start = links[max_terms - 1], links[-1]._inputs[0]
            # The hidden links each add one term; the start is a term too when written t1 + t2 + ...
            terms = len(links) - max_terms + (shape[start] == term_shape)
            found[shown_last] = Summary(shown_last, range(1), terms, shown_last._inputs[0].data)
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
