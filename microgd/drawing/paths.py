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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from microgd.backprop import topological_order, walk_backward
from microgd.graph_view import Node, node_edges
from microgd.drawing.naming import derivative_name, name_of
from microgd.drawing.numbers import number


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
        paths: the first paths in a fixed order, each a tuple of Steps from wrt up to root.
        path_count: how many paths there are in all (often more than are listed).
        total: d(root)/d(wrt), the sum of every path's product, computed node by node by the
            backward pass itself.
    """

    root: Node
    wrt: Node
    paths: tuple[tuple[Step, ...], ...]
    path_count: int
    total: float


def path_product(path: tuple[Step, ...]) -> float:
    """The product of the local derivatives along one path (1 for the empty path root -> root)."""
    return math.prod(step.local_grad for step in path)


def chain_rule(root: Node, wrt: Node, max_paths: int = 10) -> ChainRule:
    """List the paths from ``wrt`` to ``root``, count them, and take their sum from backprop.

    Args:
        root: the output, usually the loss.
        wrt: a value that ``root`` was computed from.
        max_paths: list at most this many paths; all of them are still counted and summed.
    Returns:
        A ChainRule. Its ``total`` comes from a backward pass of its own that leaves the
        ``.grad`` fields as they were, so it is right even before ``backward()`` has run.
    """
    if not isinstance(root, Node):
        raise TypeError(f"cannot trace: root must be the Value the graph ends in, got root = {root!r} ({type(root).__name__})")
    order = topological_order(root)
    users: dict[Node, list[Step]] = {node: [] for node in order}
    for node in reading_order(root):  # so path 1 goes through the first term as written
        for index, source, _ in node_edges(node):
            users[source].append(Step(source, node, index))
    if not isinstance(wrt, Node) or wrt not in users:
        raise ValueError(
            f"cannot trace d(root)/d(wrt): wrt = {wrt!r} is not in the graph of root = {root!r}; "
            "pass a value that root was computed from"
        )
    # Count the paths from the root down: a value is reached by as many paths as all its users
    # together. (Counting is not the chain rule: the sum of the products is backprop's job.)
    count = {node: 0 for node in order}
    count[root] = 1
    for node in reversed(order):
        for _, source, _ in node_edges(node):
            count[source] += count[node]
    total = walk_backward(root)[wrt]  # the same walk as backward(), with the same rounding
    return ChainRule(root, wrt, _first_paths(users, wrt, root, max_paths), count[wrt], total)


def reading_order(root: Node) -> list[Node]:
    """Every value once, in the order a reader meets it reading the formula left to right
    from the root: the root first, then its first input and everything inside it, and so on.
    Plain numbers are not values: they are skipped."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            # reversed: the first input is popped first
            stack.extend(reversed([source for _, source, _ in node_edges(node)]))
    return order


def _first_paths(users: dict[Node, list[Step]], start: Node, root: Node, limit: int) -> tuple:
    """Depth-first from ``start`` through the users of each value; every walk ends at root."""
    found: list[tuple[Step, ...]] = []
    stack: list[tuple[Node, tuple[Step, ...]]] = [(start, ())]
    while stack and len(found) < limit:
        node, path = stack.pop()
        if node is root:
            found.append(path)
            continue
        for step in reversed(users[node]):  # reversed: the first user is explored first
            stack.append((step.result, path + (step,)))
    return tuple(found)


# ---- the text trace ----


def trace(root: Node, wrt: Node, max_paths: int = 10) -> str:
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
    Returns:
        Several lines of text, ending with the comparison against ``wrt.grad``.
    """
    rule = chain_rule(root, wrt, max_paths)
    top, bottom = name_of(root, root), name_of(wrt, root)
    dl = derivative_name(top, bottom)
    lines = [
        f"{dl} by the chain rule, with {bottom} = {number(wrt.data)} and {top} = {number(root.data)}.",
        f"{dl} = sum over every path from {bottom} up to {top} of the product of the local",
        "derivatives d(out)/d(in) along it: the numbers printed on the edges of the drawing.",
    ]
    for index, path in enumerate(rule.paths, start=1):
        lines += ["", f"path {index} of {rule.path_count}:"]
        rows = [(f"d({name_of(s.result, root)})/d({name_of(s.source, root)})", s) for s in path]
        width = max((len(text) for text, _ in rows), default=0)
        lines += [f"  {text:<{width}} = {s.local_grad:<8.4g}  [{_edge_name(s)}]" for text, s in rows]
        factors = " * ".join(_factor(s.local_grad) for s in path) or "1"
        lines.append(f"  product: {factors} = {number(path_product(path))}")
    listed = math.fsum(path_product(path) for path in rule.paths)
    lines.append("")
    if rule.path_count > len(rule.paths):
        rest = rule.path_count - len(rule.paths)
        lines.append(f"... and {_plural(rest, 'more path')}, not listed, adding {number(rule.total - listed)}.")
    lines.append(f"{dl} = sum of the {_plural(rule.path_count, 'path product')} = {number(rule.total)}")
    label = wrt.label or "wrt"
    if math.isclose(wrt.grad, rule.total, rel_tol=1e-9, abs_tol=1e-12):
        lines.append(f"{label}.grad = {number(wrt.grad)}, set by backward(): it matches.")
    else:
        lines.append(
            f"{label}.grad = {number(wrt.grad)} differs: call {top}.backward() first "
            "(and zero the grads before it: leaves accumulate)."
        )
    return "\n".join(lines)


def _factor(x: float) -> str:
    """A number in a product, negative ones in brackets: 3 * (-6)."""
    return f"({number(x)})" if x < 0 else number(x)


def _edge_name(step: Step) -> str:
    """The operation, plus which input this edge is when a value feeds it twice (x*x)."""
    op = step.result.op
    if sum(source is step.source for source in step.result.inputs) < 2:
        return op
    return f"{op}, input {step.index + 1}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
