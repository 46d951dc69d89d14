"""Re-running a recorded graph with one input nudged: finite differences for any graph.

`gradcheck.numerical_gradient` needs the Python function that builds the graph. A drawing only
has the graph itself, so to print a finite-difference estimate beside a gradient we replay the
graph's forward pass on plain floats, with one leaf moved by +h and then by -h:

    dL/dm ~ (L(m + h) - L(m - h)) / (2h)

Each operation's forward rule is restated here, one line each, keyed by its ``_op`` name. An
operation you add to `Value` (say ``sin``) needs one line more, or ``show_numeric=True`` stops
with an error saying so:

    from microgd.replay import register_forward
    register_forward("sin", math.sin)
"""

from __future__ import annotations

import math
from typing import Callable

from microgd.backprop import topological_order
from microgd.engine import Value


def _sigmoid(x: float) -> float:
    # Split as in engine.py so that exp never overflows.
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0.0 else math.exp(x) / (1.0 + math.exp(x))


# op name -> its forward rule: a function of the inputs' values (floats, in order) returning
# the output's value. Powers ("**", "**2", ...) are handled in _apply, from the op name.
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


def register_forward(op: str, forward: Callable[..., float]) -> None:
    """Teach replay (and so ``draw_graph(..., show_numeric=True)``) a new operation's forward rule.

        register_forward("sin", math.sin)                               # for Value.sin
        register_forward("clip01", lambda a: min(max(a, 0.0), 1.0))     # any function of floats

    Args:
        op: the operation's name, as its Value's ``_op`` holds it ("sin").
        forward: takes the inputs' values as floats, in the order of ``_inputs``, and returns
            the output's value as a float. A rule already there is replaced.
    """
    if not callable(forward):
        raise TypeError(f"the forward rule for {op!r} must be a function of the inputs' values, "
                        f"such as math.sin, got {forward!r}")
    FORWARD[op] = forward


def replay(root: Value, nudged: Value, new_data: float) -> float:
    """root's value recomputed with ``nudged.data`` replaced by ``new_data`` (nothing is changed).

    Raises:
        ValueError: if the graph holds an operation with no forward rule (see `register_forward`).
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
        example = f"math.{op}" if callable(getattr(math, op, None)) else "lambda a: ...  # the output's value"
        raise ValueError(
            f"replay.py has no forward rule for {op!r}, so the graph cannot be re-run with a nudged "
            f"input (show_numeric=True does that). Add one after defining the operation:\n"
            f"    from microgd.replay import register_forward\n"
            f"    register_forward({op!r}, {example})\n"
            f"The rule takes the inputs' values in order and returns the output's value. "
            f"Known already: {', '.join(FORWARD)} and powers."
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
