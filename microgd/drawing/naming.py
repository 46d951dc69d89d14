"""Naming values the way a reader would write them: "m", "m*x + b", "(m*x + b - y)**2".

The text trace and the captions talk about intermediate values, which have no label. We call
each one by the formula that made it, with the fewest brackets that keep its meaning, and with
"..." for the deepest parts when the formula grows long ("sum(...)/3"). A plain number in the
expression (the 2 in 2*x) is written as the number, as a constant leaf is.
"""

from __future__ import annotations

from microgd.graph_view import Input, Node, is_number

# How tightly each kind of expression binds, loosest first, as in Python and in maths: a
# looser part inside a tighter one needs brackets, as in (m*x + b)*2 or (m*x)**2.
SUM = 1  # a + b, a - b
PRODUCT = 2  # a*b, a/b
UNARY_MINUS = 3  # -a, and a negative number such as -3
POWER = 4  # a**2
ATOM = 5  # a name, a number >= 0, a call such as exp(a) or sum(...): never needs brackets

_PRECEDENCE = {"+": SUM, "-": SUM, "*": PRODUCT, "/": PRODUCT}


def name_of(node: Input, root: Node | None = None, max_chars: int = 28) -> str:
    """A short human name: the label, else the formula that made it ("m*x + b").

    The root is called by its label, or "L". A formula longer than ``max_chars`` has its
    deepest parts replaced by "...", as in "sum(...)/3"; its own operation always stays, so
    one of long labels may be longer ("a_long_name*another_long_name"). A running sum, one link
    of Python's ``sum(terms)``, is called by the term it adds: "... + (m*19 + b - 39)**2".
    """
    if node is root:
        return node.label or "L"
    if _is_running_sum(node) and len(_expression(node, 4)) > max_chars:
        return f"... + {name_of(node.inputs[1], None, max_chars - 6)}"  # + binds loosest: no brackets
    for depth in (4, 3, 2, 1):
        text = _expression(node, depth)
        if len(text) <= max_chars:
            return text
    return text


def _expression(node: Input, depth: int) -> str:
    """The formula behind ``node``, with "..." for anything more than ``depth`` operations deep."""
    if is_number(node):  # a plain number is written as itself: 4 significant digits
        return f"{node:.4g}"
    if node.label or node.is_leaf:
        return node.label or f"{node.data:.4g}"
    if depth == 0:
        return "..."
    inputs, op = node.inputs, node.op
    if len(inputs) > 3:  # sum(...): a sum of many terms is never written out (nor its terms named)
        return f"{op}(...)"
    parts = [_expression(source, depth - 1) for source in inputs]
    if op in _PRECEDENCE and len(inputs) == 2:  # a binary operator: wrap operands that bind more loosely
        left, right = inputs
        a = _wrap(parts[0], _precedence(left) < _PRECEDENCE[op])
        # the right side of - and / also needs brackets at the same level: a - (b - c), a/(b*c)
        b = _wrap(parts[1], _precedence(right) < _PRECEDENCE[op] + (op in "-/"))
        space = " " if _PRECEDENCE[op] == SUM else ""
        return f"{a}{space}{op}{space}{b}"
    # A power's base and exponent and a minus's operand are bracketed unless they are atoms:
    # (-m)**2, (m**2)**3 and m**(x + 1) need them; -(m**2) is clearer than Python's equal -m**2.
    if op.startswith("**"):
        base = _wrap(parts[0], _precedence(inputs[0]) < ATOM)
        if op != "**":  # "**2": a constant exponent, written in the operation's name
            return f"{base}{op}"
        return f"{base}**{_wrap(parts[1], _precedence(inputs[1]) < ATOM)}"
    if op == "neg":
        return f"-{_wrap(parts[0], _precedence(inputs[0]) < ATOM)}"
    if any("..." in part for part in parts):  # sum(...), not sum(...**2, ...**2)
        return f"{op}(...)"
    return f"{op}({', '.join(parts)})"  # exp, log, tanh, relu, sigmoid, a short sum, a new op


def _is_running_sum(node: Input) -> bool:
    """((... + t1) + t2) + t3: a + whose left input is an unlabelled + (the sum so far)."""
    if is_number(node) or node.op != "+" or len(node.inputs) != 2:
        return False
    left = node.inputs[0]
    return not is_number(left) and left.op == "+" and not left.label


def _precedence(node: Input) -> int:
    """How tightly ``node``'s own expression binds: SUM, PRODUCT, UNARY_MINUS, POWER or ATOM."""
    if is_number(node):  # -3 binds like a unary minus: (-3)**2, but a*-3
        return ATOM if node >= 0 else UNARY_MINUS
    if node.label or node.is_leaf:
        return ATOM if node.label or node.data >= 0 else UNARY_MINUS
    if node.op.startswith("**"):
        return POWER
    if node.op == "neg":
        return UNARY_MINUS
    return _PRECEDENCE.get(node.op, ATOM)  # exp(...), log(...), sum(...), a new op(...)


def _wrap(text: str, needed: bool) -> str:
    return f"({text})" if needed and text != "..." else text


def derivative_name(top: str, bottom: str) -> str:
    """'dL/dm' for one-letter names, else 'd(MSE)/d(m)'."""
    return f"d{top}/d{bottom}" if len(top) == len(bottom) == 1 else f"d({top})/d({bottom})"
