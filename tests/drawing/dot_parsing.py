"""A small reader for the DOT source that draw_graph writes: nodes, edges and their attributes.

Just enough DOT for these tests: one statement per line, attribute values that are HTML (<...>,
nested), quoted ("...", with \\" escapes) or bare words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NODE = re.compile(r"^\t(\w+) \[(.*)\]$")
_EDGE = re.compile(r"^\t(\w+) -> (\w+) \[(.*)\]$")


@dataclass
class Edge:
    tail: str
    head: str
    attrs: dict[str, str]


def parse_attrs(text: str) -> dict[str, str]:
    """'label=<<B>m</B>> color=black tooltip="a b"' -> {'label': '<B>m</B>', 'color': 'black', ...}"""
    attrs: dict[str, str] = {}
    i = 0
    while i < len(text):
        while i < len(text) and text[i] == " ":
            i += 1
        key_end = text.index("=", i)
        key, i = text[i:key_end], key_end + 1
        if text[i] == "<":  # an HTML string: read to the matching '>'
            depth, j = 0, i
            while True:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            attrs[key], i = text[i + 1 : j - 1], j
        elif text[i] == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            attrs[key], i = text[i + 1 : j].replace('\\"', '"'), j + 1
        else:
            j = text.find(" ", i)
            j = len(text) if j == -1 else j
            attrs[key], i = text[i:j], j
    return attrs


def parse_dot(source: str) -> tuple[dict[str, dict[str, str]], list[Edge]]:
    """The nodes (id -> attributes) and edges (in the order written) of a DOT source."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[Edge] = []
    for line in source.splitlines():
        if match := _EDGE.match(line):
            edges.append(Edge(match[1], match[2], parse_attrs(match[3])))
        elif (match := _NODE.match(line)) and match[1] not in ("node", "edge", "graph"):
            nodes[match[1]] = parse_attrs(match[2])
    return nodes, edges


def tooltip_numbers(attrs: dict[str, str]) -> dict[str, float]:
    """'data = 2.0, grad = -18.0' -> {'data': 2.0, 'grad': -18.0}"""
    return {k: float(v) for k, v in re.findall(r"(\w+) = ([^,]+)", attrs["tooltip"])}


def shown_number(label: str, word: str) -> float:
    """The number printed after ``word`` in an HTML node label: 'grad -18' -> -18.0."""
    return float(re.search(rf"{word} ([-+0-9.e]+|nan|inf|-inf)", label)[1])
