"""The main demo: `microgd demo` trains, narrates, prints the learned line and writes its files."""

from __future__ import annotations

import re
import sys

import pytest

from microgd.cli.main import main
from microgd.learning.data import house_prices, least_squares_line
from microgd.cli.demo import run_demo


@pytest.mark.needs_dot
def test_microgd_demo_writes_every_file_and_learns_least_squares(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    for name in ["fitted_line.png", "landscape.png", "learning_curve.png", "graph.svg", "graph.dot", "trace.txt"]:
        assert (tmp_path / name).is_file(), name
        assert str(tmp_path / name) in printed
    for step in "12345":
        assert f"\n{step}. " in printed  # the five steps, narrated
    learned = re.search(r"learned:\s+y = ([-\d.]+) \* x \+ ([-\d.]+)", printed)
    best_m, best_b = least_squares_line(*house_prices())
    assert float(learned.group(1)) == pytest.approx(best_m, abs=1e-3)
    assert float(learned.group(2)) == pytest.approx(best_b, abs=1e-3)
    assert "true line" in printed and "least squares" in printed


def test_the_demo_graph_shows_the_houses_as_data_and_grads_from_one_backward(tmp_path, capsys):
    from microgd.drawing.labels import ROLES

    run_demo(tmp_path, steps=20)
    printed = capsys.readouterr().out
    dot = (tmp_path / "graph.dot").read_text(encoding="utf-8")
    (x1,) = [row for row in dot.splitlines() if "<B>x1</B>" in row]
    assert ROLES["data"][2] in x1  # a labelled data point, drawn as data (not a grey constant)
    # the graph is drawn at step 0: its m.grad is the dL/dm printed for step 0
    step_0_slope = float(re.search(r"step +0/20 .* dL/dm +([-+][0-9.]+)", printed).group(1))
    assert f"m.grad = {step_0_slope:.4g}: the same number" in dot and "differs" not in dot


def test_demo_without_matplotlib_still_trains_and_traces(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "microgd.pictures.plots", None)  # `import microgd.pictures.plots` now fails
    result = run_demo(tmp_path, steps=50)
    printed = capsys.readouterr().out
    assert "pip install matplotlib" in printed
    assert (tmp_path / "trace.txt").is_file() and (tmp_path / "graph.dot").is_file()
    assert not (tmp_path / "landscape.png").exists()
    assert result.m > 2.5  # it trained
