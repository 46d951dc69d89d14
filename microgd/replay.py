"""Re-running a recorded graph with one input nudged: finite differences for any graph.

`gradcheck.numerical_gradient` needs the Python function that builds the graph. A drawing only
has the graph itself, so to print a finite-difference estimate beside a gradient we replay the
graph's forward pass on plain floats, with one leaf moved by +h and then by -h:

    dL/dm ~ (L(m + h) - L(m - h)) / (2h)

Each operation's forward rule is restated here, one line each, from its ``_op`` name.
"""

from __future__ import annotations

import math
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import Value


def _sigmoid(x: float) -> float:
    # Split as in engine.py so that exp never overflows.
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))


FORWARD: dict[str, Callable[..., float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "neg": lambda a: -a,
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "relu": lambda a: a if a > 0.0 else 0.0,
    "sigmoid": _sigmoid,
    "sum": lambda *terms: math.fsum(terms),
}


def replay(root: Value, nudged: Value, new_data: float) -> float:
    """root's value recomputed with ``nudged.data`` replaced by ``new_data`` (nothing is changed).

    Raises:
        ValueError: if the graph holds an operation this module does not know.
    """
    data: dict[Value, float] = {}
    for node in topological_order(root):
        if node is nudged:
            data[node] = new_data
        elif not node._inputs:
            data[node] = node.data
        else:
            data[node] = _apply(node._op, [data[source] for source in node._inputs])
    return data[root]


def _apply(op: str, inputs: list[float]) -> float:
    if op.startswith("**"):  # "**2" has the exponent in its name; "**" has it as an input
        base, exponent = inputs[0], (inputs[1] if op == "**" else float(op[2:]))
        # a negative number to a fractional power is complex in Python: no real value here
        return base**exponent if base >= 0.0 or exponent.is_integer() else math.nan
    if op not in FORWARD:
        raise ValueError(
            f"cannot replay the operation {op!r}: replay.FORWARD knows {', '.join(FORWARD)}; "
            "add a forward rule for the new operation there"
        )
    return FORWARD[op](*inputs)


def central_difference(root: Value, leaf: Value, h: float = 1e-6) -> float:
    """Estimate d(root)/d(leaf) as (root(leaf + h) - root(leaf - h)) / (2h).

    Args:
        root: the output, e.g. the loss.
        leaf: the value to nudge (usually a parameter).
        h: half the width of the step. The power exponents in op names ("**0.333333") are
            rounded to 6 digits, which can move the estimate in its 6th digit.
    Returns:
        The estimate, or nan when a nudged forward pass leaves an operation's domain.
    """
    try:
        up = replay(root, leaf, leaf.data + h)
        down = replay(root, leaf, leaf.data - h)
    except ArithmeticError:  # ZeroDivisionError, OverflowError
        return math.nan
    except ValueError as error:  # math.log(-1.0) raises ValueError("math domain error")
        if "math domain" in str(error):
            return math.nan
        raise
    return (up - down) / (2 * h)
