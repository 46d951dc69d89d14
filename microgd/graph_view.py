"""What the drawing side reads of a graph: a node's public view, and nothing else.

Drawings, traces, replays and animations never look inside a node; they read what every
`Value` shows (engine.py), the same for the built-in operations and for one you write:

    node.op            "*", "**2", "exp", "sum", ... as written; "" for a leaf
    node.inputs        the inputs in the order written: Values, or plain numbers (the 2 in 2 * x)
    node.local_grads   d(node)/d(input) for each input, None for a plain number
    node.data, node.grad, node.label, node.is_leaf

A plain number is not a node: nobody trains a constant, so no gradient flows to it. It has no
identity either (every 2.0 is the same as every other), so it is never a key of a dict or a
set; the drawing gives each *use* of one its own small box.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Node(Protocol):
    """One value of a computation graph, as the drawing side sees it (a `Value` is one)."""

    data: float
    grad: float
    label: str

    @property
    def op(self) -> str:
        """The operation that made this value, as written; "" for a leaf."""
        ...

    @property
    def inputs(self) -> tuple[Input, ...]:
        """The inputs in the order written: Nodes, or plain numbers as floats."""
        ...

    @property
    def local_grads(self) -> tuple[float | None, ...]:
        """d(self)/d(input), parallel to ``inputs``; None for a plain-number input."""
        ...

    @property
    def is_leaf(self) -> bool:
        """True for a value the user created (a parameter, a data point), not a computed one."""
        ...


# An input of an operation: another node, or a plain number written in the expression.
Input = Node | float


def is_number(x: Input) -> bool:
    """True for a plain number in an expression (the 2 in ``2 * x``): an input that is not a node."""
    return isinstance(x, (int, float))


def data_of(x: Input) -> float:
    """The number an input holds: a node's ``data``, or the plain number itself."""
    return float(x) if is_number(x) else x.data


def node_edges(node: Node) -> list[tuple[int, Node, float]]:
    """The edges that carry gradient into ``node``: (input position, input, local derivative),
    for each input that is a node. Plain numbers are skipped: no gradient flows to them."""
    # The test of is_number written out: every drawing, trace and animation reads every edge.
    return [(k, source, local) for k, (source, local) in enumerate(zip(node.inputs, node.local_grads))
            if not isinstance(source, (int, float))]
