"""Keeping big drawings readable: one summary node stands for many terms of the same shape.

The MSE over n data points is ``sum_values(terms) / n`` with one term (m*x_i + b - y_i)**2 per
point, about ten nodes each: a thousand points would be ten thousand nodes, far past what anyone
can read (or what `dot` lays out in reasonable time). The rule, simple on purpose:

    A ``sum`` node with more than max_terms + 1 inputs, all of the same *shape*, is drawn with
    its first max_terms inputs in full and one summary node for the rest.

Two values have the same shape when the same operations made them in the same arrangement,
whatever the numbers; leaves match leaves (labelled with labelled, constants with constants).
Values used only by the hidden terms (x_i, y_i) are hidden with them. Values also used by what is
shown (m, b) stay, with a dashed edge into the summary node carrying what the hidden terms add to
their grad, so that "grad = sum over out-edges" can still be checked on the picture.

A loss built with Python's ``sum`` (a long chain of ``+``) is not summarised: use
``microgd.sum`` (`sum_values`), which makes one ``sum`` node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import Value


@dataclass
class Summary:
    """One summary node: the inputs ``first_hidden:`` of ``sum_node``, drawn as one box.

    Attributes:
        sum_node: the summarised ``sum``.
        first_hidden: how many inputs of sum_node are drawn in full before the summary.
        data: the sum of the hidden terms' values.
        contributions: for each shown value that feeds the hidden part, what the hidden part
            adds to its grad (the sum of local derivative * grad over the hidden edges).
    """

    sum_node: Value
    first_hidden: int
    data: float
    contributions: dict[Value, float] = field(default_factory=dict)

    @property
    def hidden_terms(self) -> int:
        return len(self.sum_node._inputs) - self.first_hidden


@dataclass
class Plan:
    """What to draw: ``order`` is every value (topological order), ``visible`` the ones shown."""

    order: list[Value]
    visible: set[Value]
    summaries: dict[Value, Summary]  # keyed by the summarised sum node

    def drawn_edge(self, source: Value, result: Value, index: int) -> bool:
        """True when the edge from ``source`` into input ``index`` of ``result`` is drawn."""
        if source not in self.visible or result not in self.visible:
            return False
        summary = self.summaries.get(result)
        return summary is None or index < summary.first_hidden

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
    summarised = [
        node
        for node in order
        if node._op == "sum"
        and len(node._inputs) > max_terms + 1
        and len({shape[source] for source in node._inputs}) == 1
    ]
    summaries = {
        node: Summary(node, max_terms, math.fsum(s.data for s in node._inputs[max_terms:])) for node in summarised
    }
    visible = _reachable(root, summaries)
    owner = _owners(summaries, visible)
    for result in order:  # every edge that is not drawn but starts at a shown value
        for index, (source, local_grad) in enumerate(zip(result._inputs, result._local_grads)):
            if source in visible and not _drawn(result, index, visible, summaries):
                summary = summaries[result] if result in visible else owner[result]
                contributions = summary.contributions
                contributions[source] = contributions.get(source, 0.0) + local_grad * grad_of(result)
    return Plan(order, visible, {node: s for node, s in summaries.items() if node in visible})


def _drawn(result: Value, index: int, visible: set[Value], summaries: dict[Value, Summary]) -> bool:
    return result in visible and (result not in summaries or index < summaries[result].first_hidden)


def _shapes(order: list[Value]) -> dict[Value, int]:
    """Number each distinct shape: equal numbers mean the same operations in the same arrangement."""
    known: dict[tuple, int] = {}
    shape: dict[Value, int] = {}
    for node in order:  # inputs come first, so their shapes are already known
        key = (node._op, tuple(shape[s] for s in node._inputs)) if node._inputs else ("leaf", bool(node.label))
        shape[node] = known.setdefault(key, len(known))
    return shape


def _reachable(root: Value, summaries: dict[Value, Summary]) -> set[Value]:
    """Values reachable from root without entering the hidden inputs of a summarised sum."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        summary = summaries.get(node)
        for source in node._inputs[: summary.first_hidden] if summary else node._inputs:
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def _owners(summaries: dict[Value, Summary], visible: set[Value]) -> dict[Value, Summary]:
    """For each hidden value, the summary node that stands for it (the outermost one)."""
    owner: dict[Value, Summary] = {}
    for summary in reversed(list(summaries.values())):  # outer sums first: they come later in order
        stack = [s for s in summary.sum_node._inputs[summary.first_hidden :] if s not in visible]
        while stack:
            node = stack.pop()
            if node not in owner:
                owner[node] = summary
                stack.extend(s for s in node._inputs if s not in visible)
    return owner
