"""animate_backward: one frame per step of the backward pass, ending with backprop's grads."""

from __future__ import annotations

import math
import sys

import pytest
from PIL import Image

from dot_parsing import parse_dot, tooltip_numbers
from microgd import GraphvizNotFound, Value, animate_backward, sum_values, topological_order
from microgd.animate import backward_frames, backward_steps
from test_draw import one_point_loss, vid


@pytest.mark.needs_dot
def test_one_frame_per_backward_step_plus_the_start_and_the_end(tmp_path):
    loss, m, x, b, y = one_point_loss()
    written = animate_backward(loss, tmp_path / "backward.gif", params=[m, b], save_frames=True)
    gif, frames = written[0], written[1:]
    steps = len(backward_steps(loss))
    assert steps == 7  # the inputs of **2, -, + and *
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
        assert math.isclose(tooltip_numbers(nodes[f"v{i}"])["grad"], value.grad, rel_tol=1e-12, abs_tol=1e-15)
    order = topological_order(out)
    assert [node for node, _ in backward_steps(out)] == [n for n in reversed(order) for _ in n._inputs]


def test_each_frame_shows_the_current_edge_and_its_multiplication():
    loss, m, x, b, y = one_point_loss()
    frames = backward_frames(loss, params=[m, b])
    assert len(frames) == 9
    mul = loss._inputs[0]._inputs[0]._inputs[0]  # m * x
    step6 = frames[6].source  # the start is frame 0, so step 6 of 7 is frame 6: m's edge into *
    assert "backward step 6 of 7: the red edge, into the * node" in step6
    assert "m.grad += local derivative * (m*x).grad = 3 * (-6) = -18" in step6
    assert "so m.grad is now -18" in step6
    nodes, edges = parse_dot(step6)
    current = [e for e in edges if e.attrs.get("penwidth") == "2.5"]
    assert [(e.tail, e.head, e.attrs["color"]) for e in current] == [(vid(loss, m), vid(loss, mul, "op"), "#d62728")]
    assert "grad 0" in nodes[vid(loss, x)]["label"]  # x's step (step 7) has not happened yet
    assert "start: L.grad = 1" in frames[0].source and "done:" in frames[-1].source


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
