"""Re-running a recorded graph with one input nudged: finite differences for any graph.

`gradcheck.numerical_gradient` needs the Python function that builds the graph. A drawing only
has the graph itself, so to print a finite-difference estimate beside a gradient we replay the
graph's forward pass with one leaf moved by +h and then by -h:

    dL/dm ~ (L(m + h) - L(m - h)) / (2h)

The replay restates no forward rule: each operation's rule lives once, in the engine. Every leaf
becomes a fresh Value (the nudged one with its new data), and every computed node is computed
again, from its recomputed inputs, by the very operation that wrote it: ``a * b`` by ``*``,
``a.exp()`` by ``exp``, ``microgd.sum(...)`` by `sum_values`. An operation you add to `Value`
as a method (``Value.sin = sin``, making nodes with op "sin") is replayed by calling that
method, with nothing to register.
"""

from __future__ import annotations

import math
import operator
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import sum_values
from microgd.graph_view import Input, Node, is_number

# The operations Python writes with a symbol: op name -> the operator that wrote it.
# (Powers with a constant exponent, "**2", sums and methods by name are in `recompute`.)
OPERATORS: dict[str, Callable[..., Node]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": operator.pow,  # a Value exponent: an input like any other
    "neg": operator.neg,
}


class NoSuchOperation(ValueError):
    """A node's op names no operation that replay can call again (see `recompute`)."""


def replay(root: Node, nudged: Node, new_data: float) -> float:
    """root's value recomputed with ``nudged.data`` replaced by ``new_data`` (nothing is changed).

    Raises:
        NoSuchOperation (a ValueError): if the graph holds an operation that is not a method
            of Value (see `recompute`).
        ZeroDivisionError, OverflowError, ValueError: from the engine, when the nudged pass
            leaves an operation's domain (a division by 0, the log of a negative number).
    """
    fresh: dict[Node, Node] = {}  # each value of the graph -> its recomputed twin
    for node in topological_order(root):
        if node is nudged or node.is_leaf:
            fresh[node] = type(node)(new_data if node is nudged else node.data)
        else:  # plain numbers are passed on as they are: they are not nodes
            inputs = [source if is_number(source) else fresh[source] for source in node.inputs]
            fresh[node] = recompute(node.op, inputs)
    return fresh[root].data


def recompute(op: str, inputs: list[Input]) -> Node:
    """Apply the operation named ``op`` to ``inputs`` again, by the code that first applied it.

    "+", "-", "*", "/", "**", "neg": Python's operator; "**2", "**0.5", ...: ``base ** p`` with p
    read from the name (written exactly); "sum": `sum_values`; any other name: the Value method
    of that name, called on the first input with the rest as arguments (``x.exp()``,
    ``x.sin()``, a user's ``x.clip(lo)``).
    """
    if op in OPERATORS:
        return OPERATORS[op](*inputs)
    if op.startswith("**"):  # a constant exponent, in the name: "**2", "**0.3333333333333333"
        return inputs[0] ** float(op[2:])
    if op == "sum":
        return sum_values(inputs)
    # Any other name is a method's. Private names are never called: they are no operation.
    method = getattr(inputs[0], op, None) if op.isidentifier() and not op.startswith("_") else None
    if not callable(method):
        name = op if op.isidentifier() else "f"
        raise NoSuchOperation(
            f"cannot replay the operation {op!r}: Value has no method named {op!r}, so the graph cannot be "
            "re-run with a nudged input (show_numeric=True does that). Define the operation as a Value "
            f"method of that name, taking the other inputs as arguments (Value.{name} = {name}, called as "
            f"x.{name}(...)), and replay calls it."
        )
    result = method(*inputs[1:])
    if not isinstance(result, Node):
        raise TypeError(f"Value.{op} returned {result!r} ({type(result).__name__}) when replayed, not a Value")
    return result


def central_difference(root: Node, leaf: Node, h: float = 1e-6) -> float:
    """Estimate d(root)/d(leaf) as (root(leaf + h) - root(leaf - h)) / (2h).

    Args:
        root: the output, e.g. the loss.
        leaf: the value to nudge (usually a parameter).
        h: half the width of the step.
    Returns:
        The estimate, or nan when a nudged forward pass leaves an operation's domain (the
        engine then raises ZeroDivisionError, OverflowError or ValueError, saying which).
    Raises:
        NoSuchOperation: when an operation of the graph cannot be replayed (see `recompute`).
    """
    try:
        up = replay(root, leaf, leaf.data + h)
        down = replay(root, leaf, leaf.data - h)
    except NoSuchOperation:  # a graph replay cannot re-run: say so, never a silent nan
        raise
    except (ArithmeticError, ValueError):  # 1/0, an overflow, log(-1): outside the domain
        return math.nan
    return (up - down) / (2 * h)
