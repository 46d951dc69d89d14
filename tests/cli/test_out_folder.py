"""An --out that cannot be written: one clear line on stderr, exit 1, no traceback, nothing written.

The same for `microgd graph`, `microgd demo`, `microgd fit` and the demo scripts, checked before any
work is done; and a drawing written into a path inside a file says which file is in the way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from microgd.cli.main import main


def _an_existing_file(tmp_path: Path) -> Path:
    return tmp_path / "notes.txt"


def _inside_a_file(tmp_path: Path) -> Path:
    return tmp_path / "notes.txt" / "pictures"


def _inside_a_read_only_folder(tmp_path: Path) -> Path:
    return tmp_path / "locked" / "pictures"


def _empty(tmp_path: Path) -> str:
    return ""  # an unset shell variable: --out "$FOLDER"


BAD_OUTS = [_an_existing_file, _inside_a_file, _inside_a_read_only_folder, _empty]


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A file notes.txt and a read-only folder locked/ in tmp_path; returns a listing function."""
    (tmp_path / "notes.txt").write_text("mine")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    real_access = os.access  # root may write anywhere: tell the check what a user would find
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == locked else real_access(path, mode, **kw))
    yield lambda: sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    locked.chmod(0o755)


def _one_clear_line(err: str, command: str, out: Path) -> None:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"microgd {command}: error: --out {str(out)!r}") and "Traceback" not in err
    assert "such as --out" in err  # says what would work


@pytest.mark.parametrize("bad", BAD_OUTS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("command", ["graph", "demo"])
def test_an_out_that_cannot_be_written_is_one_line_and_writes_nothing(tmp_path, place, capsys, command, bad):
    before = place()
    out = bad(tmp_path)
    assert main([command, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    _one_clear_line(captured.err, command, out)
    assert captured.out == ""  # refused before any work: no trace printed, no training narrated
    assert place() == before and (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("bad", BAD_OUTS, ids=lambda f: f.__name__.strip("_"))
def test_fit_refuses_the_same_outs_before_training(tmp_path, place, capsys, bad):
    data = tmp_path / "points.csv"
    data.write_text("x,y\n1,3\n2,5\n3,7.1\n4,8.9\n")
    before = place()
    out = bad(tmp_path)
    assert main(["fit", str(data), "--x", "x", "--y", "y", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    _one_clear_line(captured.err, "fit", out)
    assert captured.out == "" and place() == before


def test_when_dot_fails_graph_says_so_in_one_line_and_writes_no_picture(tmp_path):
    """A stand-in `dot` on the PATH that fails as Graphviz does: an error line and exit status 1."""
    import subprocess
    import sys

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dot").write_text("#!/bin/sh\necho 'Error: <stdin>: syntax error in line 2 (a stand-in dot)' >&2\nexit 1\n")
    (fake / "dot").chmod(0o755)
    out = tmp_path / "pictures"
    done = subprocess.run([sys.executable, "-m", "microgd", "graph", "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "PATH": str(fake)})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("microgd graph: error: Graphviz's dot could not draw the svg picture")
    assert "syntax error in line 2" in done.stderr and str(out / "graph_one_point.dot") in done.stderr
    assert not list(out.glob("*.svg"))


@pytest.mark.parametrize("bad", BAD_OUTS, ids=lambda f: f.__name__.strip("_"))
def test_a_demo_scripts_out_is_checked_before_the_demo_runs(tmp_path, place, capsys, bad):
    from microgd.pictures.plots import demo_options

    before = place()
    out = bad(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        demo_options("Demo: a test.", ["--no-show", "--out", str(out)])
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "such as --out" in err and "Traceback" not in err
    assert place() == before


def test_drawing_into_a_path_inside_a_file_names_the_file_in_the_way(tmp_path):
    from microgd import Value, animate_backward, render_graph

    (tmp_path / "notes.txt").write_text("mine")
    w = Value(1.5, "w")
    loss = w * 2.0
    loss.backward()
    for write in (lambda: render_graph(loss, tmp_path / "notes.txt" / "loss"),
                  lambda: animate_backward(loss, tmp_path / "notes.txt" / "film.gif")):
        with pytest.raises(NotADirectoryError) as error:
            write()
        assert str(tmp_path / "notes.txt") in str(error.value) and "folder" in str(error.value)
    assert (tmp_path / "notes.txt").read_text() == "mine"
