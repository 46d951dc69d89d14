"""An animated GIF of the backward pass: the gradients filling in, one node at a time.

backprop.py visits the computed values in reverse topological order (the loss first) and at
each one takes one chain-rule step: for every input that is a value,

    input.grad += local_grad * out.grad

The animation is that very walk (`microgd.backprop.walk_backward`), not a copy of it: each
frame is one node's step, with the gradients known so far, the node's edges from its inputs in
red and their multiplications written underneath. A big graph would make a long film, so at
most ``max_frames`` frames are made, the steps evenly spread over the pass. The walk puts every
``.grad`` back as it was when it ends. Rendering needs Graphviz's ``dot`` (one PNG per frame)
and Pillow (to make the GIF). In a Jupyter notebook the returned list shows the GIF inline.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import graphviz

from microgd.backprop import walk_backward
from microgd.drawing.draw import AnimationFrame, check_root_and_params, draw_graph, parameter_test
from microgd.graph_view import Node, node_edges
from microgd.drawing.numbers import number
from microgd.drawing.naming import name_of
from microgd.drawing.render import make_folder_for, pipe
from microgd.drawing.summarize import Plan, plan_drawing


def animate_backward(
    root: Node,
    path: str | Path,
    *,
    max_frames: int = 40,
    frame_ms: int = 1200,
    save_frames: bool = False,
    **draw_options,
) -> Animation:
    """Write a GIF of ``root.backward()``, one frame per step (node) of the pass.

    The animation runs the backward pass from scratch, starting from 0 everywhere and 1 at the
    root (as after ``zero_grad``); afterwards the ``.grad`` fields are as they were.

    Args:
        root: the output, usually the loss.
        path: the GIF to write, e.g. "out/backward.gif".
        max_frames: at most this many frames (steps are sampled evenly past it; the last
            frame always shows the finished pass).
        frame_ms: how long each frame is shown, in milliseconds (the last one three times longer).
        save_frames: also write each frame as a PNG, in a folder "<name>_frames" beside the GIF.
        **draw_options: passed to `draw_graph` (params, rankdir, max_terms, ...), except highlight.
    Returns:
        An `Animation`: the list of paths written, the GIF's first, then the frames' if
        ``save_frames``. A notebook displays it as the GIF itself.
    Raises:
        GraphvizNotFound: when ``dot`` is missing (the last frame's ``.dot`` source is saved).
        ImportError: when Pillow is missing, saying how to install it.
        ValueError: when the graph is past ``max_nodes`` (see `draw_graph`).
    """
    check_root_and_params("animate_backward", root, draw_options.get("params"))
    if "highlight" in draw_options:
        raise TypeError("animate_backward colours the current edge itself; it takes no highlight= (draw_graph does)")
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "animate_backward needs Pillow to assemble the GIF: pip install pillow "
            "(it comes with the plots extra: pip install 'microgd[plots]')"
        ) from None
    frames = backward_frames(root, max_frames, **draw_options)
    gif = Path(path)
    if gif.suffix.lower() != ".gif":  # "out/run" or "out/v1.2" -> "out/run.gif", "out/v1.2.gif"
        gif = gif.with_name(gif.name + ".gif")
    make_folder_for(gif)
    source_file = gif.with_suffix(".dot")
    source_file.write_text(frames[-1].source, encoding="utf-8")
    pngs = [pipe(frame, "png", saved_source=source_file) for frame in frames]
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    width, height = max(im.width for im in images), max(im.height for im in images)
    padded = []
    for im in images:  # frames differ a little in size: pad them all onto one white canvas
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(im, (0, 0))
        padded.append(canvas)
    durations = [frame_ms] * (len(padded) - 1) + [3 * frame_ms]
    padded[0].save(gif, save_all=True, append_images=padded[1:], duration=durations, loop=0)
    written = Animation([gif])
    if save_frames:
        folder = gif.with_name(gif.stem + "_frames")
        folder.mkdir(exist_ok=True)
        for i, png in enumerate(pngs):
            written.append(folder / f"frame_{i:03d}.png")
            written[-1].write_bytes(png)
    return written


class Animation(list):
    """The files `animate_backward` wrote (the GIF first), shown in a notebook as the GIF itself.

    It is a plain list of paths (``animation[0]`` is the GIF); Jupyter calls ``_repr_html_`` to
    display it, and gets an ``<img>`` holding the GIF's bytes, so the notebook needs no file.
    """

    def _repr_html_(self) -> str:
        encoded = base64.b64encode(Path(self[0]).read_bytes()).decode("ascii")
        return f'<img src="data:image/gif;base64,{encoded}" alt="the backward pass, one step per frame">'


def backward_frames(root: Node, max_frames: int = 40, **draw_options) -> list[graphviz.Digraph]:
    """The drawings that make up the animation: the start, the sampled steps, the end.

    A step is shown when its node is on the picture with an edge from a value (a node a
    summary box stands for is hidden, and so is its step).

    Args:
        root: the output, usually the loss.
        max_frames: at most this many drawings (the start and the end included).
        **draw_options: passed to `draw_graph`.
    Returns:
        One graphviz.Digraph per frame.
    """
    if max_frames < 2:
        raise ValueError(f"max_frames must be at least 2 (the start and the end), got {max_frames}")
    max_nodes = draw_options.get("max_nodes", 250)
    params = draw_options.get("params")
    keep = parameter_test(root, set(params) if params is not None else None)
    plan = plan_drawing(root, draw_options.get("max_terms", 3), lambda v: 0.0, keep)
    if plan.node_count() > max_nodes:
        raise ValueError(
            f"the graph needs {plan.node_count()} boxes, more than max_nodes = {max_nodes}: too big "
            "to animate; animate a smaller example, or raise max_nodes"
        )
    # A first walk only lists the steps, so that the ones on the picture can be spread evenly;
    # the second draws them, with the grads as the walk has them at that moment.
    walk: list[Node] = []
    walk_backward(root, on_step=walk.append)
    steps = [node for node in walk if _on_picture(node, plan)]
    shown = {steps[i]: i + 1 for i in _spread(len(steps), max_frames - 2)}  # node -> its step number
    grads = {node: 0.0 for node in plan.order}
    grads[root] = 1.0
    start = f"start: {name_of(root, root)}.grad = 1"
    frames = [draw_graph(root, frame=AnimationFrame(dict(grads), None, (start,), plan), **draw_options)]

    def draw_step(node: Node) -> None:  # node's chain-rule step has just been taken
        if node in shown:
            captions = _explain(root, node, plan, shown[node], len(steps))
            frames.append(draw_graph(root, frame=AnimationFrame(_grads_now(plan), node, captions, plan), **draw_options))

    final = walk_backward(root, on_step=draw_step)  # .grad is put back afterwards, even on an error
    grads = {v: final[v] for v in plan.order}
    done = "done: every grad is d(loss)/d(value)"
    frames.append(draw_graph(root, frame=AnimationFrame(grads, None, (done,), plan), **draw_options))
    return frames


def _on_picture(node: Node, plan: Plan) -> bool:
    """Is ``node``'s step seen: is the node drawn, with at least one edge from a value into it?"""
    return node in plan.visible and any(plan.drawn_edge(node, k) for k, _, _ in node_edges(node))


def _grads_now(plan: Plan) -> dict[Node, float]:
    """Every value's grad as the walk has it now (read during the walk: it restores them after)."""
    return {v: v.grad for v in plan.order}


def _spread(count: int, limit: int) -> list[int]:
    """``limit`` indices spread evenly over range(count), always including the last one."""
    if count <= limit:
        return list(range(count))
    if limit <= 1:  # room for no step, or for the last one only
        return [count - 1] if limit == 1 else []
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})


def _explain(root: Node, node: Node, plan: Plan, step: int, steps: int) -> tuple[str, ...]:
    """The caption of one step: into which node, and each red edge's multiplication with the
    numbers filled in, read from the walk (``.grad`` holds the grads just after this step)."""
    out = _grad_name(node, root)
    edges = [(k, source, local) for k, source, local in node_edges(node) if plan.drawn_edge(node, k)]
    lines = [f"backward step {step} of {steps}: into the {node.op} node"]
    for k, source, local in edges:
        product = local * node.grad
        # A value used twice by this node (x*x) gets both additions; its total after this one:
        later = sum(local2 * node.grad for k2, s2, local2 in edges if s2 is source and k2 > k)
        src = _grad_name(source, root)
        lines.append(f"{src} += local derivative * {out} = {number(local)} * {_bracket(node.grad)} = {number(product)},"
                     f"  so {src} is now {number(source.grad - later)}")
    hidden = sum(1 for k, _, _ in node_edges(node) if not plan.drawn_edge(node, k))
    if hidden:
        lines.append(f"(and the same for {hidden} more input{'s' * (hidden > 1)}, in the summary box)")
    return tuple(lines)


def _grad_name(node: Node, root: Node) -> str:
    name = name_of(node, root)
    return f"{name}.grad" if name.isidentifier() else f"({name}).grad"


def _bracket(x: float) -> str:
    return f"({number(x)})" if x < 0 else number(x)
