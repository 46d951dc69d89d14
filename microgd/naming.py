"""Naming values the way a reader would write them: "m", "m*x + b", "(m*x + b - y)**2".

The text trace and the captions talk about intermediate values, which have no label. We call
each one by the formula that made it, with the fewest brackets that keep its meaning, and with
"..." for the deepest parts when the formula grows long ("sum(...)/3").
"""

from __future__ import annotations

from microgd.engine import Value

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def name_of(node: Value, root: Value | None = None, max_chars: int = 28) -> str:
    """A short human name: the label, else the formula that made it ("m*x + b").

    The root is called by its label, or "L". A formula longer than ``max_chars`` has its
    deepest parts replaced by "...", as in "sum(...)/3".
    """
    if node is root:
        return node.label or "L"
    for depth in (4, 3, 2, 1, 0):
        text = _expression(node, depth)
        if len(text) <= max_chars:
            return text
    return text


def _expression(node: Value, depth: int) -> str:
    """The formula behind ``node``, with "..." for anything more than ``depth`` operations deep."""
    if node.label or not node._inputs:
        return node.label or f"{node.data:.4g}"
    if depth == 0:
        return "..."
    parts = [_expression(source, depth - 1) for source in node._inputs]
    op = node._op
    if op in _PRECEDENCE:  # a binary operator: wrap operands that bind more loosely
        left, right = node._inputs
        a = _wrap(parts[0], _precedence(left) < _PRECEDENCE[op])
        b = _wrap(parts[1], _precedence(right) < _PRECEDENCE[op] + (op in "-/"))
        space = " " if _PRECEDENCE[op] == 1 else ""
        return f"{a}{space}{op}{space}{b}"
    if op.startswith("**"):
        exponent = parts[1] if op == "**" else op[2:]
        return f"{_wrap(parts[0], _precedence(node._inputs[0]) < 4)}**{exponent}"
    if op == "neg":
        return f"-{_wrap(parts[0], _precedence(node._inputs[0]) < 4)}"
    if len(parts) > 3 or any("..." in part for part in parts):  # sum(...), not sum(...**2, ...**2)
        return f"{op}(...)"
    return f"{op}({', '.join(parts)})"  # exp, log, tanh, relu, sigmoid, a short sum, a new op


def _precedence(node: Value) -> int:
    """How tightly ``node``'s own expression binds: leaves and function calls the most."""
    if node.label or not node._inputs:
        return 5 if node.label or node.data >= 0 else 2
    return _PRECEDENCE.get(node._op, 3 if node._op.startswith("**") else 4)


def _wrap(text: str, needed: bool) -> str:
    return f"({text})" if needed and text != "..." else text


def derivative_name(top: str, bottom: str) -> str:
    """'dL/dm' for one-letter names, else 'd(MSE)/d(m)'."""
    return f"d{top}/d{bottom}" if len(top) == len(bottom) == 1 else f"d({top})/d({bottom})"
