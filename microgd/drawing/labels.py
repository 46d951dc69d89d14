"""The words on a drawing: the legend, labels, and the captions underneath.

Everything a user typed (a label like ``"x<1"`` or ``"C:\\Data\\New"``) goes through `escape`
before it reaches the DOT source, so no label can break the drawing or smuggle attributes into
it. Labels are written as Graphviz "HTML-like" labels, where ``& < > " '`` need escaping, lines
break at <BR/>, and a backslash is doubled: Graphviz reads its own escapes even there (\\N is
the node's id, so ``C:\\Data\\New`` would be drawn as ``C:\\Datav1ew``). Tooltips are quoted
strings with escapes of their own, read twice: `escape_attribute`. The graph's name is fixed
("computation_graph"): no user text reaches it.
"""

from __future__ import annotations

import html
import math
import re
from typing import Callable

import graphviz

from microgd.graph_view import Node
from microgd.drawing.naming import derivative_name, name_of
from microgd.drawing.numbers import number  # how every number is written
from microgd.drawing.paths import Run, Step, chain_rule, condensed
from microgd.drawing.summarize import Plan

# A formula longer than this is cut short on its box ("..." at the end); the tooltip has it whole.
BOX_NAME_CHARS = 40

# How each kind of value looks: (shape, style, fill colour, what the legend calls it).
ROLES = {
    "parameter": ("box", "rounded,filled,bold", "#ffd966", "parameter (trained)"),
    "data": ("box", "filled", "#cfe2f3", "data"),
    "constant": ("ellipse", "filled", "#eeeeee", "constant"),
    "intermediate": ("box", "rounded", "#ffffff", "intermediate value"),
    "loss": ("box", "rounded,filled,bold", "#f4cccc", "output (loss)"),
}

EDGE_RULE = (
    "number on an edge = local derivative d(out)/d(in);  "
    "grad = sum over out-edges of (number x grad of the result)"
)

# On the edge from a plain number (the 2 in 2*x): why it carries no number.
NO_GRADIENT = "a plain number receives no gradient: nobody trains a constant, so nothing flows back to it"


def escape(text: str) -> str:
    """User text made safe inside a Graphviz HTML label.

    ``& < > " '`` become entities, each line break becomes <BR/>, other control characters
    are shown as \\xNN (they are not allowed in the XML that HTML labels are parsed as), and
    each backslash is doubled, so that none starts one of Graphviz's escapes (\\N, \\G, \\n, ...).
    """
    lines = re.split(r"\r\n|\r|\n", text)
    return "<BR/>".join(html.escape(_visible(line), quote=True).replace("\\", "\\\\") for line in lines)


def escape_attribute(text: str) -> str:
    """User text made safe as a tooltip: a quoted DOT string, shown exactly as written.

    Graphviz reads a tooltip's backslashes twice: first \\n, \\l and \\r become line breaks and
    the backslash is dropped from any other pair (\\\\ -> \\), then \\N, \\G, \\L, \\E, \\T
    and \\H become the names of the node and graph. So each backslash is written as four, a line
    break as \\n, and ``&`` as ``&amp;`` (tooltips also decode HTML entities); the graphviz
    package puts a backslash before each double quote itself. Text past CAPTION_CHARS is cut
    short with "...", so that even written four times over it stays under dot's limit.
    """
    text = text if len(text) <= CAPTION_CHARS else text[: CAPTION_CHARS - 3] + "..."
    lines = re.split(r"\r\n|\r|\n", text)
    safe = (_visible(line).replace("\\", "\\" * 4).replace("&", "&amp;") for line in lines)
    return graphviz.nohtml("\\n".join(safe))  # never read as an HTML label, even if it looks like <one>


def _visible(line: str) -> str:
    """A control character (a tab, a bell) shown as \\xNN: it has no place in a label."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in line)


def box_name(name: str, chars: int | None = None) -> str:
    """A formula as written on its box: cut short past ``chars`` (BOX_NAME_CHARS), with "..." at the end."""
    chars = BOX_NAME_CHARS if chars is None else chars
    return name if len(name) <= chars else name[: chars - 3] + "..."


# Graphviz's dot reads at most 16,384 characters in one label and fails on a longer one. Ours
# stay well under it: captions are cut short (CAPTION_CHARS) and lines past LABEL_BUDGET left out.
DOT_LABEL_LIMIT = 16_384
LABEL_BUDGET = 12_000
CAPTION_CHARS = 1_000


def html_label(lines: list[str]) -> str:
    """Lines of (already escaped) HTML as one Graphviz label: <line1<BR/>line2>.

    A line that would take the label past LABEL_BUDGET (a label typed 20,000 characters long)
    is left out, and a last line says so.
    """
    kept, used, left_out = [], 0, 0
    for line in lines:
        if used + len(line) > LABEL_BUDGET:
            left_out += 1
            continue
        kept.append(line)
        used += len(line) + len("<BR/>")
    if left_out:
        kept.append(f"<I>({left_out} line{'s' * (left_out > 1)} left out: too long for one Graphviz label)</I>")
    return "<" + "<BR/>".join(kept) + ">"


def highlight_caption(
    root: Node, m: Node, max_paths: int, grad_of: Callable[[Node], float], plan: Plan | None = None
) -> tuple[str, ...]:
    """The red paths added up: 'dL/dm = ...', '= (3)(1)(1)(-6) = -18', 'm.grad = -18: ...'.

    With a summarised drawing (``plan``), the paths through the terms drawn in full are written
    out and the summarised terms are added up in one number, as `trace` does.
    """
    rule = chain_rule(root, m, max_paths, plan=plan)
    terms = " + ".join("".join(_factor(s) for s in condensed(path)) or "(1)" for path in rule.paths)
    more, rest = rule.unlisted
    if more:
        terms += f" + ... ({more} more path{'s' * (more > 1)}, adding {number(rest)})"
    if rule.summarised_terms:
        start = ", and the start value" if rule.summarised_start else ""
        terms += (f" + ... ({rule.summarised_terms:,} more terms of the same shape{start}, "
                  f"adding {number(rule.summarised_total)})")
    top, wrt = name_of(root, root), name_of(m, root)
    paths, its = ("the red path", "its") if rule.path_count == 1 else (f"the {rule.path_count} red paths", "their")
    same = math.isclose(grad_of(m), rule.total, rel_tol=1e-9, abs_tol=1e-12)
    return (
        f"{derivative_name(top, wrt)} = sum over {paths} of the product of the numbers on {its} edges",
        f"= {terms} = {number(rule.total)}",
        f"{wrt}.grad = {number(grad_of(m))}: " + ("the same number" if same else "differs: run backward() first"),
    )


def _factor(s: Step | Run) -> str:
    """One factor of a path's product: (3), or [99,996 more: 1] for a long run of steps."""
    return s.factor() if isinstance(s, Run) else f"({number(s.local_grad)})"


def legend(roles: list[str], captions: tuple[str, ...], summarised: bool, plain_numbers: bool = False) -> str:
    """The graph's label: the captions (plain text), the edge rule, a coloured cell per role."""
    cells = "".join(f'<TD BORDER="1" BGCOLOR="{ROLES[r][2]}">{ROLES[r][3]}</TD>' for r in roles)
    rule = EDGE_RULE + (";  dashed edge: what the hidden terms add" if summarised else "")
    rule += ";  a plain number's edge has no number: no gradient flows to it" if plain_numbers else ""
    row = '<TR><TD COLSPAN="{}" BORDER="0">{}</TD></TR>'.format
    rows, used = [], len(cells) + len(rule) + 200
    for i, text in enumerate(captions):  # each caption cut short, and all of them within the budget
        cut = text if len(text) <= CAPTION_CHARS else text[:CAPTION_CHARS] + " ... (cut short; trace() prints it all)"
        line = row(len(roles), escape(cut))
        if used + len(line) > LABEL_BUDGET:
            rows.append(row(len(roles), escape(f"... {len(captions) - i} more caption line(s), too long to draw")))
            break
        rows.append(line)
        used += len(line)
    rows.append(row(len(roles), escape(rule)))
    return f'<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3">{"".join(rows)}<TR>{cells}</TR></TABLE>>'


def too_big_message(root: Node, boxes: int, max_nodes: int, params: list[Node]) -> str:
    """What is drawn instead of a graph too big to read: why, the numbers that matter, what to do."""
    grads = "".join(f";  {p.label or 'param'}.grad = {number(p.grad)}" for p in params[:8])
    return html_label([
        escape(f"This graph needs {boxes} boxes, more than max_nodes = {max_nodes}: too many to read."),
        escape(f"{name_of(root, root)} = {number(root.data)}{grads}"),
        "Draw a smaller example (fewer data points), lower max_terms (long sums of same-shaped",
        "terms show only that many), raise max_nodes, or print trace(root, wrt) instead.",
    ])
