"""Writing drawings to files: the picture (SVG, PNG or PDF) and its DOT source beside it.

`draw_graph` only builds DOT text; turning it into a picture needs Graphviz's ``dot`` program,
which is not a Python package. When it is missing we save the ``.dot`` file anyway and raise
`GraphvizNotFound`, which says how to install it. Nothing else in microgd needs ``dot``:
``trace(root, wrt)`` tells the same chain-rule story as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import graphviz

from microgd.drawing.draw import draw_graph
from microgd.graph_view import Node

FORMATS = ("svg", "png", "pdf")

INSTALL_HELP = """\
Install Graphviz, then run again:
  Debian/Ubuntu:  sudo apt-get install graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
  Windows:        the installer from https://graphviz.org/download/ (tick "add Graphviz to PATH")
The rest of microgd works without it; trace(root, wrt) prints the chain rule as text."""


class GraphvizNotFound(RuntimeError):
    """Raised when Graphviz's ``dot`` program is not on the PATH, so no picture can be drawn."""


class GraphvizFailed(RuntimeError):
    """Raised when Graphviz's ``dot`` ran but could not draw the picture: says why, and what to do."""


class Rendered(NamedTuple):
    """The files `render_graph` wrote."""

    picture: Path
    source: Path


def render_graph(root: Node, path: str | Path, format: str = "svg", **draw_options) -> Rendered:
    """Draw ``root``'s graph into a file, and save the DOT source beside it.

    >>> render_graph(loss, "out/loss", params=[m, b], highlight=m)   # doctest: +SKIP
    Rendered(picture=PosixPath('out/loss.svg'), source=PosixPath('out/loss.dot'))

    Args:
        root: the output to draw (call ``root.backward()`` first to show gradients).
        path: where to write, without or with the extension: "out/loss" or "out/loss.svg".
        format: "svg" (sharp at any size, with tooltips), "png" or "pdf".
        **draw_options: passed to `draw_graph` (params, highlight, show_numeric, ...).
    Returns:
        Rendered(picture, source): the paths of the picture and of the ``.dot`` file.
    Raises:
        GraphvizNotFound: when ``dot`` is not installed (the ``.dot`` file is still written).
        GraphvizFailed: when ``dot`` cannot draw it (the ``.dot`` file is still written).
    """
    return write_picture(draw_graph(root, **draw_options), path, format)


def write_picture(graph: graphviz.Digraph, path: str | Path, format: str = "svg") -> Rendered:
    """Write an already built drawing: the ``.dot`` file first, then the picture."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}, got {format!r}")
    path = Path(path)
    if path.suffix.lower() in (".dot", *(f".{f}" for f in FORMATS)):
        path = path.with_suffix("")  # "out/loss.svg" -> "out/loss"
    make_folder_for(path)
    source, picture = path.with_name(path.name + ".dot"), path.with_name(f"{path.name}.{format}")
    source.write_text(graph.source, encoding="utf-8")
    picture.write_bytes(pipe(graph, format, saved_source=source))
    return Rendered(picture, source)


def make_folder_for(path: Path) -> None:
    """Create the folder a file will be written into, or say plainly why it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next(part for part in path.parents if part.exists())  # the file in the way
        raise NotADirectoryError(f"cannot write {str(path)!r}: {str(blocking)!r} is a file, not a folder; "
                                 "choose a path inside a folder") from None


def pipe(graph: graphviz.Digraph, format: str, saved_source: Path | None = None) -> bytes:
    """Run ``dot`` on the drawing and return the picture's bytes.

    Raises:
        GraphvizNotFound: with installation help, naming ``saved_source`` if there is one.
        GraphvizFailed: when ``dot`` stops with an error, with its first line.
    """
    try:
        return graph.pipe(format=format, quiet=True)  # dot's own messages go into the error below
    except (graphviz.CalledProcessError, BrokenPipeError) as error:  # (dot may stop before reading it all)
        said = (getattr(error, "stderr", None) or b"").decode("utf-8", errors="replace").strip().splitlines()
        why = said[0] if said else "it stopped before reading the whole drawing"
        saved = f" The DOT source is saved in {saved_source}." if saved_source else ""
        raise GraphvizFailed(
            f"Graphviz's dot could not draw the {format} picture: {why}.{saved} A label longer than "
            "dot's 16,384 characters is the usual cause: draw a smaller graph (fewer terms, a lower "
            "max_paths or max_nodes), or print trace(root, wrt), which needs no Graphviz."
        ) from None
    except graphviz.ExecutableNotFound:
        where = (
            f"The DOT source was saved to {saved_source}; once Graphviz is installed, "
            f"`dot -T{format} {saved_source} -o {saved_source.with_suffix('.' + format)}` draws it.\n"
            if saved_source
            else ""
        )
        raise GraphvizNotFound(
            "Graphviz's `dot` program was not found on the PATH, so the picture could not be drawn.\n"
            + where
            + INSTALL_HELP
        ) from None
