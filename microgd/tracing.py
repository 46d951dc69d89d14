"""Tracing one derivative by hand: the chain rule as a sum over paths.

A value ``m`` can reach the loss ``L`` along several paths (m is used twice, or its result is).
Multiplying the local derivatives d(out)/d(in) along one path gives how strongly that path
carries a nudge of m up to L; adding every path gives the whole derivative:

    dL/dm = sum over every path from m to L of the product of the local derivatives on it

Backprop computes the same number without listing the paths (their count can grow
exponentially): it adds the paths up node by node, from L downwards. This module lists them,
so a reader can check a gradient with pencil and paper. `draw_graph(highlight=m)` uses the same
paths for its caption; `trace(L, m)` tells the story as text and needs no Graphviz.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from microgd.backprop import topological_order
from microgd.engine import Value
from microgd.naming import derivative_name, name_of


@dataclass(frozen=True)
class Step:
    """One edge of a path: ``source`` is input number ``index`` of ``result``."""

    source: Value
    result: Value
    index: int

    @property
    def local_grad(self) -> float:
        """d(result)/d(source) through this one edge, the number drawn on it."""
        return self.result._local_grads[self.index]


@dataclass(frozen=True)
class ChainRule:
    """d(root)/d(wrt) path by path.

    Attributes:
        root, wrt: the output and the value we differentiate with respect to.
        paths: the first paths in a fixed order, each a tuple of Steps from wrt up to root.
        path_count: how many paths there are in all (often more than are listed).
        total: d(root)/d(wrt), the sum of every path's product (computed node by node).
    """

    root: Value
    wrt: Value
    paths: tuple[tuple[Step, ...], ...]
    path_count: int
    total: float


def path_product(path: tuple[Step, ...]) -> float:
    """The product of the local derivatives along one path (1 for the empty path root -> root)."""
    return math.prod(step.local_grad for step in path)


def chain_rule(root: Value, wrt: Value, max_paths: int = 10) -> ChainRule:
    """List the paths from ``wrt`` to ``root`` and add up their products.

    Args:
        root: the output, usually the loss.
        wrt: a value that ``root`` was computed from.
        max_paths: list at most this many paths; all of them are still counted and summed.
    Returns:
        A ChainRule. Its ``total`` ignores the ``.grad`` fields, so it is right even before
        ``backward()`` has run.
    """
    if not isinstance(root, Value):
        raise TypeError(f"cannot trace: root must be the Value the graph ends in, got root = {root!r} ({type(root).__name__})")
    order = topological_order(root)
    users: dict[Value, list[Step]] = {node: [] for node in order}
    for node in reading_order(root):  # so path 1 goes through the first term as written
        for index, source in enumerate(node._inputs):
            users[source].append(Step(source, node, index))
    if wrt not in users:
        raise ValueError(
            f"cannot trace d(root)/d(wrt): wrt = {wrt!r} is not in the graph of root = {root!r}; "
            "pass a value that root was computed from"
        )
    # Count the paths and add up their products, from the root down (as backprop does).
    count = {node: 0 for node in order}
    total = {node: 0.0 for node in order}
    count[root], total[root] = 1, 1.0
    for node in reversed(order):
        for source, local_grad in zip(node._inputs, node._local_grads):
            count[source] += count[node]
            total[source] += local_grad * total[node]
    return ChainRule(root, wrt, _first_paths(users, wrt, root, max_paths), count[wrt], total[wrt])


def reading_order(root: Value) -> list[Value]:
    """Every value once, in the order a reader meets it reading the formula left to right
    from the root: the root first, then its first input and everything inside it, and so on."""
    order: list[Value] = []
    seen: set[Value] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            stack.extend(reversed(node._inputs))  # reversed: the first input is popped first
    return order


def _first_paths(users: dict[Value, list[Step]], start: Value, root: Value, limit: int) -> tuple:
    """Depth-first from ``start`` through the users of each value; every walk ends at root."""
    found: list[tuple[Step, ...]] = []
    stack: list[tuple[Value, tuple[Step, ...]]] = [(start, ())]
    while stack and len(found) < limit:
        node, path = stack.pop()
        if node is root:
            found.append(path)
            continue
        for step in reversed(users[node]):  # reversed: the first user is explored first
            stack.append((step.result, path + (step,)))
    return tuple(found)


# ---- the text trace ----


def trace(root: Value, wrt: Value, max_paths: int = 10) -> str:
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


def number(x: float) -> str:
    """A number as written in traces and drawings: 4 significant digits, enough to check by hand.

    A product with a zero in it can be -0.0 in floating point; it is written as plain 0.
    """
    return f"{x + 0.0:.4g}"  # -0.0 + 0.0 is 0.0


def _factor(x: float) -> str:
    """A number in a product, negative ones in brackets: 3 * (-6)."""
    return f"({number(x)})" if x < 0 else number(x)


def _edge_name(step: Step) -> str:
    """The operation, plus which input this edge is when a value feeds it twice (x*x)."""
    if step.result._inputs.count(step.source) < 2:  # count() compares by identity for Values
        return step.result._op
    return f"{step.result._op}, input {step.index + 1}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
