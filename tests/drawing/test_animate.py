"""animate_backward: one frame per node's chain-rule step of the real backward pass, ending with its grads."""

from __future__ import annotations

import sys

import pytest
from PIL import Image

from dot_parsing import parse_dot, tooltip_numbers
from microgd import GraphvizNotFound, Value, animate_backward, sum_values, topological_order
from microgd.drawing.animate import backward_frames
from microgd.backprop import walk_backward
from test_draw import one_point_loss, vid

RED = "#d62728"


def caption(frame) -> str:
    """The text under a frame's picture: its caption lines, as in the DOT source."""
    return frame.source.split("\tlabel=")[-1]


@pytest.mark.needs_dot
def test_one_frame_per_backward_step_plus_the_start_and_the_end(tmp_path):
    loss, m, x, b, y = one_point_loss()
    written = animate_backward(loss, tmp_path / "backward.gif", params=[m, b], save_frames=True)
    gif, frames = written[0], written[1:]
    walk = []
    walk_backward(loss, on_step=walk.append)
    steps = len(walk)
    assert steps == 4  # one chain-rule step at each of **2, -, + and *
    with Image.open(gif) as image:
        assert image.format == "GIF" and image.n_frames == steps + 2
    assert len(frames) == steps + 2 and all(f.read_bytes().startswith(b"\x89PNG") for f in frames)


@pytest.mark.needs_dot
def test_the_steps_are_backprops_and_the_last_frame_shows_its_grads(tmp_path):
    a, b = Value(0.5, "a"), Value(-1.5, "b")
    out = (a * b + a).tanh() * a
    animate_backward(out, tmp_path / "anim.gif", max_frames=50)
    nodes, _ = parse_dot((tmp_path / "anim.dot").read_text(encoding="utf-8"))  # the last frame's source
    assert a.grad == 0.0  # the animation never touches .grad
    out.backward()
    for i, value in enumerate(topological_order(out)):
        assert tooltip_numbers(nodes[f"v{i}"])["grad"] == value.grad  # the same walk: the same numbers
    order = topological_order(out)
    walk = []
    walk_backward(out, on_step=walk.append)
    assert walk == [n for n in reversed(order) if not n.is_leaf]


def test_each_frame_shows_one_nodes_step_and_its_multiplications():
    loss, m, x, b, y = one_point_loss()
    frames = backward_frames(loss, params=[m, b])
    assert len(frames) == 6  # the start, the steps at **2, -, + and *, the end
    mul = loss.inputs[0].inputs[0].inputs[0]  # m * x
    last = frames[4].source  # the start is frame 0, so step 4 of 4 is frame 4: the step at m * x
    text = caption(frames[4])
    assert "step 4 of 4" in text and "into the * node" in text
    assert "m.grad += local derivative * (m*x).grad = 3 * (-6) = -18" in text
    assert "x.grad += local derivative * (m*x).grad = 2 * (-6) = -12" in text
    assert "m.grad is now -18" in text and "x.grad is now -12" in text
    nodes, edges = parse_dot(last)
    current = sorted((e.tail, e.head, e.attrs["color"]) for e in edges if e.attrs.get("penwidth") == "2.5")
    assert current == sorted([(vid(loss, m), vid(loss, mul, "op"), RED), (vid(loss, x), vid(loss, mul, "op"), RED)])
    assert nodes[vid(loss, m)]["color"] == nodes[vid(loss, x)]["color"] == RED
    nodes, _ = parse_dot(frames[3].source)  # step 3: into +, which passes its grad to m*x and b
    assert "grad 0" in nodes[vid(loss, x)]["label"] and "grad -6" in nodes[vid(loss, b)]["label"]
    assert "start:" in caption(frames[0]) and "L.grad = 1" in caption(frames[0]) and "done:" in caption(frames[-1])


def test_animating_leaves_every_grad_as_it_was():
    loss, m, x, b, y = one_point_loss()
    before = [(v, v.grad) for v in topological_order(loss)]
    backward_frames(loss, params=[m, b])
    assert all(v.grad == grad for v, grad in before)
    m.grad = 123.0  # even grads backward() would not leave (leaves accumulate)
    backward_frames(loss, max_frames=3)
    assert m.grad == 123.0


def test_a_plain_numbers_edge_is_never_the_red_one():
    m = Value(2.0, "m")
    loss = (m * 3.0 - 1.0) ** 2
    frames = backward_frames(loss, params=[m])
    for frame in frames:
        nodes, edges = parse_dot(frame.source)
        assert all(e.attrs["color"] == "gray40" and "penwidth" not in e.attrs for e in edges if e.tail.startswith("c"))
    text = caption(frames[-2])  # the step at m * 3: m is the only value it passes its grad to
    assert "m.grad += local derivative" in text and "= 3 * 10 = 30" in text and text.count("+=") == 1


@pytest.mark.needs_dot
def test_big_graphs_are_capped_at_max_frames(tmp_path):
    m, b = Value(1.0, "m"), Value(0.0, "b")
    loss = sum_values([(m * float(i) + b - 2.0 * i) ** 2 for i in range(50)]) / 50
    gif = animate_backward(loss, tmp_path / "big.gif", max_frames=6)[0]
    with Image.open(gif) as image:
        assert image.n_frames == 6


def test_missing_dot_gives_the_same_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    loss, *_ = one_point_loss()
    with pytest.raises(GraphvizNotFound, match="apt-get install graphviz"):
        animate_backward(loss, tmp_path / "anim.gif")
    assert (tmp_path / "anim.dot").exists() and not (tmp_path / "anim.gif").exists()


def test_missing_pillow_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)  # makes `import PIL` fail
    loss, *_ = one_point_loss()
    with pytest.raises(ImportError, match=r"pip install pillow .*microgd\[plots\]"):
        animate_backward(loss, tmp_path / "anim.gif")


def test_nonsense_max_frames_is_refused():
    with pytest.raises(ValueError, match="max_frames must be at least 2 .* got 1"):
        animate_backward(Value(1.0) * 2.0, "unused.gif", max_frames=1)


def test_max_frames_2_is_just_the_start_and_the_end():
    loss, m, x, b, y = one_point_loss()
    frames = backward_frames(loss, max_frames=2, params=[m, b])
    assert len(frames) == 2
    assert "start:" in frames[0].source and "done:" in frames[1].source


@pytest.mark.needs_dot
def test_a_single_value_animates_as_start_and_end(tmp_path):
    gif = animate_backward(Value(2.0, "m"), tmp_path / "leaf.gif")[0]
    with Image.open(gif) as image:
        assert image.n_frames == 2


@pytest.mark.needs_dot
def test_a_dot_in_the_file_name_is_kept(tmp_path):
    gif = animate_backward(Value(2.0, "m") * 3.0, tmp_path / "run_v1.2", max_frames=3)[0]
    assert gif == tmp_path / "run_v1.2.gif" and gif.exists()
    assert (tmp_path / "run_v1.2.dot").exists()


def test_highlight_is_refused_because_the_animation_colours_its_own_edge(tmp_path):
    m = Value(2.0, label="m")
    loss = m * m
    with pytest.raises(TypeError, match="takes no highlight"):
        animate_backward(loss, tmp_path / "film.gif", highlight=m)
