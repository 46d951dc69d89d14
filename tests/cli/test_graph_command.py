"""`microgd graph`: two pictures with m's paths in red, and the chain rule printed as text."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from microgd.cli.main import build_parser, main
from microgd.cli.graph_command import one_point_loss, three_point_mse

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def test_the_examples_have_the_numbers_the_readme_quotes():
    loss, (m, b) = one_point_loss()
    assert (loss.data, m.grad, b.grad) == (9.0, -18.0, -6.0)
    mse, (m, b) = three_point_mse()
    assert abs(mse.data - 10 / 3) < 1e-12 and abs(m.grad - (-20 / 3)) < 1e-12 and abs(b.grad - (-8 / 3)) < 1e-12


def test_the_three_point_mse_is_the_graph_mse_builds_as_demo_08_and_the_readme_write_it():
    from microgd.drawing.paths import trace

    loss, (m, b) = three_point_mse()
    assert loss.label == "mse"  # the label mse() gives its result
    text = trace(loss, m)
    for i in (1, 2, 3):  # each error is y - (m*x + b), as in mse(), demo 08 and the README
        assert f"d(y{i} - (m*x{i} + b))/d(m*x{i} + b)" in text
    assert "m*x1 + b - y1" not in text


def test_the_data_points_are_drawn_as_data():
    from microgd.drawing.draw import draw_graph
    from microgd.drawing.labels import ROLES

    for (loss, params), expected in [(one_point_loss(), ["x", "y"]),
                                     (three_point_mse(), ["x1", "x2", "x3", "y1", "y2", "y3"])]:
        source = draw_graph(loss, params=params).source
        data = [row for row in source.splitlines() if ROLES["data"][2] in row and "<B>" in row]
        assert sorted(row.split("<B>")[1].split("</B>")[0] for row in data) == expected


@pytest.mark.needs_dot
def test_graph_writes_two_svgs_and_prints_both_traces(tmp_path, capsys):
    assert main(["graph", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "==== graph_one_point: L = 9 ====" in out and "product: 3 * 1 * 1 * (-6) = -18" in out
    assert "==== graph_mse_three_points: mse = 3.333 ====" in out
    assert "d(mse)/d(m) = sum of the 3 path products = -6.667" in out
    for name, caption in [("graph_one_point", "m.grad = -18: the same number"),
                          ("graph_mse_three_points", "m.grad = -6.667: the same number")]:
        svg = tmp_path / f"{name}.svg"
        assert f"wrote {svg}" in out and (tmp_path / f"{name}.dot").exists()
        assert f"wrote {tmp_path / name}.txt" in out
        texts = [t.text for t in ET.fromstring(svg.read_text(encoding="utf-8")).iter(SVG_TEXT)]
        assert caption in texts
        assert 'stroke="#d62728"' in svg.read_text(encoding="utf-8")  # m's paths are red


def test_without_dot_every_source_and_trace_is_written_then_one_message_explains(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "microgd", "graph", "--out", str(tmp_path)],
        capture_output=True, text=True, env={"PATH": str(tmp_path / "no-dot-here")},
    )
    assert result.returncode == 1
    assert "product: 3 * 1 * 1 * (-6) = -18" in result.stdout
    assert "d(mse)/d(m) = sum of the 3 path products = -6.667" in result.stdout  # the second graph too
    for name in ["graph_one_point", "graph_mse_three_points"]:
        source, text = tmp_path / f"{name}.dot", tmp_path / f"{name}.txt"
        assert source.read_text(encoding="utf-8").startswith("digraph")
        assert "by the chain rule" in text.read_text(encoding="utf-8")
        assert f"wrote {source}" in result.stdout and f"wrote {text}" in result.stdout
        assert f"dot -Tsvg {source} -o {source.with_suffix('.svg')}" in result.stderr
        assert not source.with_suffix(".svg").exists()
    assert result.stderr.count("Graphviz's `dot` program was not found") == 1  # one message, at the end
    assert "sudo apt-get install graphviz" in result.stderr and "brew install graphviz" in result.stderr


def test_the_help_names_the_out_folder(capsys):
    with pytest.raises(SystemExit):
        main(["graph", "--help"])
    assert "--out DIR" in capsys.readouterr().out


def test_the_default_output_folder():
    assert build_parser().parse_args(["graph"]).out == "microgd-out"
