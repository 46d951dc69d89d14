"""Tracing one derivative by hand: the chain rule as a sum over paths.

A value ``m`` can reach the loss ``L`` along several paths (m is used twice, or its result is).
Multiplying the local derivatives d(out)/d(in) along one path gives how strongly that path
carries a nudge of m up to L; adding every path gives the whole derivative:

    dL/dm = sum over every path from m to L of the product of the local derivatives on it

Backprop computes the same number without listing the paths (their count can grow
exponentially): it adds the paths up node by node, from L downwards. This module lists them,
so a reader can check a gradient with pencil and paper; the total it prints is backprop's own,
from the same walk as ``backward()`` (`microgd.backprop.walk_backward`). Paths run only through
values: a plain number in the expression (the 2 in 2*x) receives no gradient, so no path starts
or passes there. `draw_graph(highlight=m)` uses the same paths for its caption; `trace(L, m)`
tells the story as text and needs no Graphviz.

Big graphs are told the way the drawing shows them (summarize.py): a loss over 100,000 points
lists the paths through the few terms drawn in full, and adds up the other terms in one line,
"... 99,997 more terms of the same shape, adding X". Paths are counted node by node, like the
gradient, and only the few that are listed are walked; a long run of steps through the same
operation (a 100,000-deep chain of tanh) is written as one line with its product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from microgd.backprop import paused_cycle_collector, topological_order, walk_backward
from microgd.graph_view import Node, node_edges
from microgd.drawing.naming import derivative_name, name_of
from microgd.drawing.numbers import number
from microgd.drawing.summarize import Plan, plan_drawing


@dataclass(frozen=True)
class Step:
    """One edge of a path: ``source`` is input number ``index`` of ``result``."""

    source: Node
    result: Node
    index: int

    @property
    def local_grad(self) -> float:
        """d(result)/d(source) through this one edge, the number drawn on it."""
        return self.result.local_grads[self.index]


@dataclass(frozen=True)
class ChainRule:
    """d(root)/d(wrt) path by path.

    Attributes:
        root, wrt: the output and the value we differentiate with respect to.
        paths: the first paths in a fixed order, each a tuple of Steps from wrt up to root
            (through the terms drawn in full, when long sums are summarised).
        path_count: how many paths there are in all (often more than are listed).
        total: d(root)/d(wrt), the sum of every path's product, computed node by node by the
            backward pass itself.
        summarised_terms: how many terms of summarised sums wrt feeds (0 when none is).
        summarised_paths: how many paths run through those terms (none of them is listed).
        summarised_total: what those paths add to the total.
        summarised_start: True when a summarised part also holds a sum's start value.
    """

    root: Node
    wrt: Node
    paths: tuple[tuple[Step, ...], ...]
    path_count: int
    total: float
    summarised_terms: int = 0
    summarised_paths: int = 0
    summarised_total: float = 0.0
    summarised_start: bool = False

    @property
    def unlisted(self) -> tuple[int, float]:
        """The paths neither listed nor summarised: how many, and what they add."""
        listed = math.fsum(map(path_product, self.paths))
        rest = self.path_count - len(self.paths) - self.summarised_paths
        return rest, self.total - listed - self.summarised_total


def path_product(path: tuple[Step, ...]) -> float:
    """The product of the local derivatives along one path (1 for the empty path root -> root)."""
    return math.prod(step.local_grad for step in path)


@paused_cycle_collector()  # a big graph is read several times over: the collector would rescan it each time
def chain_rule(
    root: Node, wrt: Node, max_paths: int = 10, max_terms: int | None = None, *, plan: Plan | None = None
) -> ChainRule:
    """List the paths from ``wrt`` to ``root``, count them, and take their sum from backprop.

    Args:
        root: the output, usually the loss.
        wrt: a value that ``root`` was computed from.
        max_paths: list at most this many paths; all of them are still counted and summed.
        max_terms: summarise long sums of same-shaped terms as `draw_graph` does: list only
            paths through the terms it draws in full, and add up the others in one number.
            None lists paths through every term.
        plan: the drawing's plan (summarize.py), when the caller has made it already.
    Returns:
        A ChainRule. Its ``total`` comes from a backward pass of its own that leaves the
        ``.grad`` fields as they were, so it is right even before ``backward()`` has run.
    """
    if not isinstance(root, Node):
        raise TypeError(f"cannot trace: root must be the Value the graph ends in, got root = {root!r} ({type(root).__name__})")
    order = topological_order(root) if plan is None else plan.order
    if not isinstance(wrt, Node) or wrt not in set(order):
        raise ValueError(
            f"cannot trace d(root)/d(wrt): wrt = {wrt!r} is not in the graph of root = {root!r}; "
            "pass a value that root was computed from"
        )
    count, _ = _paths_up(order, root)
    total = walk_backward(root)[wrt]  # the same walk as backward(), with the same rounding
    shown, summarised = every_edge, ()
    if plan is None and max_terms is not None:
        plan = plan_drawing(root, max_terms, lambda v: 0.0, keep=lambda v: v is wrt)
    if plan is not None and plan.summaries:
        shown_count, shown_sum = _paths_up(order, root, plan.drawn_edge)
        if count[wrt] > shown_count[wrt] > 0:  # summarised, when some path is still listed
            fed = plan.computed_from(wrt)
            boxes = [s for s in plan.summaries.values() if not fed.isdisjoint(s.contributions)]
            shown = plan.drawn_edge
            summarised = (sum(s.terms for s in boxes), count[wrt] - shown_count[wrt], total - shown_sum[wrt],
                          any(s.start for s in boxes))
    users: dict[Node, list[Step]] = {}
    for node in reading_order(root, shown):  # so path 1 goes through the first term as written
        for index, source, _ in node_edges(node):
            if shown(node, index):
                users.setdefault(source, []).append(Step(source, node, index))
    return ChainRule(root, wrt, _first_paths(users, wrt, root, max_paths), count[wrt], total, *summarised)


def every_edge(node: Node, index: int) -> bool:
    """The edge filter that keeps every edge: nothing is summarised."""
    return True


def _paths_up(order: list[Node], root: Node, shown: Callable[[Node, int], bool] = every_edge) -> tuple[dict, dict]:
    """How many paths run from each value up to root, along the edges ``shown`` allows, and the
    sum of their products: backprop's sum, kept to those edges.

    A value is reached by as many paths as reach all its users together, so one pass from the
    root down counts them all, without walking any path. (The sum over every edge is ``total``,
    which comes from backprop's own walk, with its rounding.)
    """
    count, added = dict.fromkeys(order, 0), dict.fromkeys(order, 0.0)
    count[root], added[root] = 1, 1.0
    for node in reversed(order):  # every user before the values it uses
        if count[node]:
            for k, source, local in node_edges(node):
                if shown(node, k):
                    count[source] += count[node]
                    added[source] += local * added[node] if local and added[node] else 0.0
    return count, added


def reading_order(root: Node, shown: Callable[[Node, int], bool] = every_edge) -> list[Node]:
    """Every value once, in the order a reader meets it reading the formula left to right
    from the root: the root first, then its first input and everything inside it, and so on.
    Plain numbers are not values: they are skipped, and so are the edges ``shown`` leaves out."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            # reversed: the first input is popped first
            stack.extend(reversed([source for k, source, _ in node_edges(node) if shown(node, k)]))
    return order


def _first_paths(users: dict[Node, list[Step]], start: Node, root: Node, limit: int) -> tuple:
    """Depth-first from ``start`` through the users of each value; every walk ends at root.

    A path on the stack is linked, (last step, the path before it), so that a step costs the
    same however long the path already is; only the paths found are written out as tuples.
    """
    found: list[tuple[Step, ...]] = []
    stack: list[tuple[Node, tuple | None]] = [(start, None)]
    while stack and len(found) < limit:
        node, linked = stack.pop()
        if node is root:
            steps = []
            while linked is not None:
                step, linked = linked
                steps.append(step)
            found.append(tuple(reversed(steps)))
            continue
        for step in reversed(users.get(node, ())):  # reversed: the first user is explored first
            stack.append((step.result, (step, linked)))
    return tuple(found)


@dataclass(frozen=True)
class Run:
    """Many steps in a row through the same operation, written as one line: 99,996 more tanh steps."""

    steps: tuple[Step, ...]

    @property
    def local_grad(self) -> float:
        """The product of the run's local derivatives: what the run multiplies a path by."""
        return path_product(self.steps)

    def factor(self) -> str:
        """The run as one factor of a written product: [99,996 more: 1]."""
        return f"[{len(self.steps):,} more: {number(self.local_grad)}]"

    def describe(self) -> str:
        """'99,996 more steps through + nodes, each 1', or '..., their product 0.0123'."""
        grads = {step.local_grad for step in self.steps}
        factor = f"each {number(grads.pop())}" if len(grads) == 1 else f"their product {number(self.local_grad)}"
        return f"{len(self.steps):,} more steps through {self.steps[0].result.op} nodes, {factor}"


# A run of more steps than this through the same operation is written as its first two steps,
# one Run line for the middle, and its last step.
LONGEST_RUN = 6


def condensed(path: tuple[Step, ...]) -> list[Step | Run]:
    """A path as it is written: long runs of steps through the same operation cut short."""
    written: list[Step | Run] = []
    i = 0
    while i < len(path):
        j = i + 1
        while j < len(path) and (path[j].result.op, path[j].index) == (path[i].result.op, path[i].index):
            j += 1
        if j - i > LONGEST_RUN:
            written += [path[i], path[i + 1], Run(path[i + 2 : j - 1]), path[j - 1]]
        else:
            written += path[i:j]
        i = j
    return written


# ---- the text trace ----


def trace(root: Node, wrt: Node, max_paths: int = 10, max_terms: int = 3) -> str:
    """The chain rule for d(root)/d(wrt) as text: each path, its product, and their sum.

    >>> m, x, b, y = Value(2.0, "m"), Value(3.0, "x"), Value(1.0, "b"), Value(10.0, "y")
    >>> L = (m * x + b - y) ** 2
    >>> L.backward()
    >>> print(trace(L, m).splitlines()[-1])
    m.grad = -18, set by backward(): it matches.

    Args:
        root: the output, usually the loss.
        wrt: the value to differentiate with respect to, e.g. a parameter.
        max_paths: list at most this many paths (all are still added up).
        max_terms: a long sum of same-shaped terms is traced through its first terms only, as
            `draw_graph` draws it; the others are added up in one line.
    Returns:
        Several lines of text, ending with the comparison against ``wrt.grad``.
    """
    rule = chain_rule(root, wrt, max_paths, max_terms)
    top, bottom = name_of(root, root), name_of(wrt, root)
    dl = derivative_name(top, bottom)
    # An unlabelled leaf is called by its number, as its box shows it; say so, or "2 = 2" puzzles.
    unnamed = wrt.is_leaf and not wrt.label
    given = (f"where {bottom} is an unlabelled value (Value({wrt.data!r}, label='a') would name it), and"
             if unnamed else f"with {bottom} = {number(wrt.data)} and")
    lines = [
        f"{dl} by the chain rule, {given} {top} = {number(root.data)}.",
        f"{dl} = sum over every path from {bottom} up to {top} of the product of the local",
        "derivatives d(out)/d(in) along it: the numbers printed on the edges of the drawing.",
    ]
    for index, path in enumerate(rule.paths, start=1):
        lines += ["", f"path {index} of {rule.path_count}:"]
        written = condensed(path)
        names = [f"d({name_of(s.result, root)})/d({name_of(s.source, root)})" if isinstance(s, Step) else ""
                 for s in written]
        width = max(map(len, names), default=0)
        for s, text in zip(written, names):
            if isinstance(s, Run):
                lines.append(f"  ... {s.describe()}")
            else:
                lines.append(f"  {text:<{width}} = {s.local_grad:<8.4g}  [{_edge_name(s)}]")
        factors = " * ".join(_factor(s) for s in written) or "1"
        lines.append(f"  product: {factors} = {number(path_product(path))}")
    lines.append("")
    rest, rest_adds = rule.unlisted
    if rest:
        lines.append(f"... and {_plural(rest, 'more path')}, not listed, adding {number(rest_adds)}.")
    if rule.summarised_terms:
        start = ", and the start value" if rule.summarised_start else ""
        lines.append(f"... {rule.summarised_terms:,} more terms of the same shape{start} "
                     f"({rule.summarised_paths:,} path{'s' * (rule.summarised_paths > 1)} through them, not listed), "
                     f"adding {number(rule.summarised_total)}.")
    lines.append(f"{dl} = sum of the {_plural(rule.path_count, 'path product')} = {number(rule.total)}")
    grad_name = f"{wrt.label}.grad" if wrt.label else f"the grad of {bottom}"
    if math.isclose(wrt.grad, rule.total, rel_tol=1e-9, abs_tol=1e-12):
        lines.append(f"{grad_name} = {number(wrt.grad)}, set by backward(): it matches.")
    else:
        lines.append(
            f"{grad_name} = {number(wrt.grad)} differs: call {top}.backward() first "
            "(and zero the grads before it: leaves accumulate)."
        )
    return "\n".join(lines)


def _factor(s: Step | Run) -> str:
    """A number in a product, negative ones in brackets: 3 * (-6); a run as [99,996 more: 1]."""
    if isinstance(s, Run):
        return s.factor()
    x = s.local_grad
    return f"({number(x)})" if x < 0 else number(x)


def _edge_name(step: Step) -> str:
    """The operation, plus which input this edge is when a value feeds it twice (x*x)."""
    op = step.result.op
    if sum(source is step.source for source in step.result.inputs) < 2:
        return op
    return f"{op}, input {step.index + 1}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
