"""An animated GIF of the backward pass: the gradients filling in, one edge at a time.

backprop.py visits the values in reverse topological order (the loss first) and, for each
input of each value, does one multiplication and one addition:

    input.grad += local_grad * out.grad

Each frame of the animation is one such step: the drawing of the graph with the gradients known
so far, the current edge in red and its multiplication written underneath. A big graph would
make a long film, so at most ``max_frames`` steps are shown, evenly spread over the pass.
Rendering needs Graphviz's ``dot`` (one PNG per frame) and Pillow (to make the GIF).
"""

from __future__ import annotations

import io
from pathlib import Path

import graphviz

from microgd.backprop import topological_order
from microgd.draw import AnimationFrame, draw_graph, parameter_test
from microgd.labels import number
from microgd.engine import Value
from microgd.render import pipe
from microgd.summarize import plan_drawing
from microgd.naming import name_of


def backward_steps(root: Value) -> list[tuple[Value, int]]:
    """Every step of the backward pass, in order: (value, input index), the loss's inputs first."""
    return [(node, k) for node in reversed(topological_order(root)) for k in range(len(node._inputs))]


def animate_backward(
    root: Value,
    path: str | Path,
    *,
    max_frames: int = 40,
    frame_ms: int = 1200,
    save_frames: bool = False,
    **draw_options,
) -> list[Path]:
    """Write a GIF of ``root.backward()``, one frame per step (edge) of the pass.

    The animation computes its own gradients, starting from 0 everywhere and 1 at the root
    (as after ``zero_grad``); the ``.grad`` fields of the graph are not changed.

    Args:
        root: the output, usually the loss.
        path: the GIF to write, e.g. "out/backward.gif".
        max_frames: at most this many frames (steps are sampled evenly past it; the last
            frame always shows the finished pass).
        frame_ms: how long each frame is shown, in milliseconds (the last one three times longer).
        save_frames: also write each frame as a PNG, in a folder "<name>_frames" beside the GIF.
        **draw_options: passed to `draw_graph` (params, rankdir, max_terms, ...), except highlight.
    Returns:
        The GIF's path, then the frames' paths if ``save_frames``.
    Raises:
        GraphvizNotFound: when ``dot`` is missing (the last frame's ``.dot`` source is saved).
        ImportError: when Pillow is missing, saying how to install it.
        ValueError: when the graph is past ``max_nodes`` (see `draw_graph`).
    """
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
    gif.parent.mkdir(parents=True, exist_ok=True)
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
    written = [gif]
    if save_frames:
        folder = gif.with_name(gif.stem + "_frames")
        folder.mkdir(exist_ok=True)
        for i, png in enumerate(pngs):
            written.append(folder / f"frame_{i:03d}.png")
            written[-1].write_bytes(png)
    return written


def backward_frames(root: Value, max_frames: int = 40, **draw_options) -> list[graphviz.Digraph]:
    """The drawings that make up the animation: the start, the sampled steps, the end.

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
    steps = [(node, k) for node, k in backward_steps(root) if plan.drawn_edge(node._inputs[k], node, k)]
    shown = {steps[i]: i + 1 for i in _spread(len(steps), max_frames - 2)}  # step -> its number
    grads = {node: 0.0 for node in plan.order}
    grads[root] = 1.0
    start = f"start: {name_of(root, root)}.grad = 1"
    frames = [draw_graph(root, frame=AnimationFrame(dict(grads), None, (start,)), **draw_options)]
    for node, k in backward_steps(root):
        grads[node._inputs[k]] += node._local_grads[k] * grads[node]  # the chain rule, as in backprop.py
        if (node, k) in shown:
            captions = _explain(root, node, k, grads, shown[node, k], len(steps))
            frames.append(draw_graph(root, frame=AnimationFrame(dict(grads), (node, k), captions), **draw_options))
    done = "done: every grad is d(loss)/d(value)"
    frames.append(draw_graph(root, frame=AnimationFrame(grads, None, (done,)), **draw_options))
    return frames


def _spread(count: int, limit: int) -> list[int]:
    """``limit`` indices spread evenly over range(count), always including the last one."""
    if count <= limit:
        return list(range(count))
    if limit <= 1:  # room for no step, or for the last one only
        return [count - 1] if limit == 1 else []
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})


def _explain(
    root: Value, node: Value, k: int, grads: dict[Value, float], step: int, steps: int
) -> tuple[str, ...]:
    """The caption of one step: which edge, and its multiplication with the numbers filled in."""
    source, local = node._inputs[k], node._local_grads[k]
    src, out = _grad_name(source, root), _grad_name(node, root)
    product = local * grads[node]
    return (
        f"backward step {step} of {steps}: the red edge, into the {node._op} node",
        f"{src} += local derivative * {out} = {number(local)} * {_bracket(grads[node])} = {number(product)}",
        f"so {src} is now {number(grads[source])}",
    )


def _grad_name(node: Value, root: Value) -> str:
    name = name_of(node, root)
    return f"{name}.grad" if name.isidentifier() else f"({name}).grad"


def _bracket(x: float) -> str:
    return f"({number(x)})" if x < 0 else number(x)
