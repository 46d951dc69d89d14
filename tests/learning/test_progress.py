"""Progress while fit runs: in place on a terminal, a line now and then in a pipe, nothing when quiet."""

import io

import pytest

import microgd.learning.progress as progress_module
from microgd.learning.models import Line
from microgd.learning.progress import Progress
from microgd.learning.train import fit


class FakeClock:
    """perf_counter stand-in: every reading is `tick` seconds after the previous one."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_true_in_a_pipe_prints_the_first_and_the_last_step(capsys):
    fit(Line(), [0.0, 1.0], [1.0, 3.0], lr=0.2, steps=20, progress=True)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("step 0/20  loss 5") and lines[1].startswith("step 20/20  loss")


def test_a_short_run_is_quiet_by_default_and_progress_false_is_always_quiet(capsys):
    fit(Line(), [0.0, 1.0], [1.0, 3.0], lr=0.2, steps=20)
    fit(Line(), [0.0, 1.0], [1.0, 3.0], lr=0.2, steps=20, progress=False)
    assert capsys.readouterr() == ("", "")


def test_a_long_run_in_a_pipe_writes_a_line_every_ten_seconds(monkeypatch):
    monkeypatch.setattr(progress_module, "perf_counter", FakeClock(0.5))
    log = io.StringIO()
    show = Progress(400, None, stream=log)
    for step in range(401):  # 200 s of fake time
        show(step, 1.0 / (step + 1))
    show.close()
    lines = log.getvalue().splitlines()
    assert 15 <= len(lines) <= 22  # about one per 10 s, not one per step
    assert lines[-1].startswith("step 400/400")
    assert "\r" not in log.getvalue()  # a log file gets whole lines


def test_a_long_run_on_a_terminal_redraws_one_line_in_place():
    terminal = Terminal()
    show = Progress(50, True, units="in your data's units", stream=terminal)
    for step in range(51):
        show(step, 2.0 - step / 50)
    show.close()
    text = terminal.getvalue()
    assert "\r" in text and text.count("\n") <= 1  # redrawn in place, not a line per step
    assert "51/51" in text and "loss 1 (in your data's units)" in text


def test_a_scaled_run_says_its_progress_is_in_the_data_units(capsys):
    fit(Line(), [0.0, 100.0, 200.0], [1.0, 3.0, 5.2], steps=30, progress=True, scale=True)
    assert "in your data's units" in capsys.readouterr().err


@pytest.mark.parametrize("show", [True, None])
def test_outside_a_notebook_no_widget_is_made(show):
    assert not progress_module.in_notebook()
    assert Progress(10, show, stream=io.StringIO()).interactive is False
