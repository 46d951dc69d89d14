"""Progress while `fit` runs, shown in the way that suits where it runs.

* On a terminal: one line redrawn in place (step, loss, steps per second, time left).
* In a Jupyter notebook: a progress bar (with ipywidgets installed; otherwise the text line).
* In a pipe or a log file: a plain line now and then, at most every LOG_EVERY seconds, so a
  log of a long run shows it is alive without filling up with thousands of lines.
* With ``progress=False``: nothing.

By default (``progress=None``) a run says nothing during its first second, so the many short
runs of a tutorial stay quiet. The terminal line and the notebook bar come from tqdm, a small,
widely used library that already knows terminal widths, rates and notebooks; the plain lines for
pipes are ours, because tqdm redraws with carriage returns, which a log file keeps as one long line.
"""

from __future__ import annotations

import sys
from time import perf_counter
from typing import TextIO

QUIET_SECONDS = 1.0  # a run shorter than this shows nothing (by default)
LOG_EVERY = 10.0  # seconds between lines in a pipe or a log


def in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython's ZMQ shell), where a widget bar can be drawn."""
    shell = sys.modules.get("IPython")
    get_ipython = getattr(shell, "get_ipython", None)
    return get_ipython is not None and type(get_ipython()).__name__ == "ZMQInteractiveShell"


class Progress:
    """Call ``progress(step, loss)`` after every step and ``progress.close()`` at the end.

    Args:
        steps: how many steps the run will take (the last step is ``steps``).
        show: True always, False never, None only for runs longer than QUIET_SECONDS.
        units: a note after the loss, e.g. "in your data's units".
        stream: where the text goes (stderr by default, where it does not mix with results).
    """

    def __init__(self, steps: int, show: bool | None = None, units: str = "", stream: TextIO | None = None) -> None:
        self.steps, self.units, self.stream = steps, units, stream or sys.stderr
        self.enabled = show is not False
        self.delay = 0.0 if show else QUIET_SECONDS
        self.start = self.last_line = perf_counter()
        self.bar = None  # a tqdm bar, made on first use (terminal and notebook)
        self.lines = 0  # lines written to a pipe
        self.interactive = self.enabled and (in_notebook() or _is_terminal(self.stream))

    def __call__(self, step: int, loss: float) -> None:
        if not self.enabled:
            return
        if self.interactive:
            self._update_bar(step, loss)
            return
        now = perf_counter()
        due = now - self.last_line >= LOG_EVERY or (step == self.steps and self.lines > 0)
        if now - self.start >= self.delay and (due or self.lines == 0):
            self.last_line = now
            self.lines += 1
            print(f"step {step}/{self.steps}  loss {loss:.6g}{self._units()}  ({now - self.start:.0f} s)",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _update_bar(self, step: int, loss: float) -> None:
        if self.bar is None:
            self.bar = _make_bar(self.steps, self.delay, self.stream)
        self.bar.set_postfix_str(f"loss {loss:.6g}{self._units()}", refresh=False)
        self.bar.update(step + 1 - self.bar.n)  # the bar counts records: steps + 1 of them

    def _units(self) -> str:
        return f" ({self.units})" if self.units else ""


def _make_bar(steps: int, delay: float, stream: TextIO):
    if in_notebook():
        try:
            from tqdm.notebook import tqdm as notebook_bar  # needs ipywidgets

            import ipywidgets  # noqa: F401  (tqdm.notebook imports it lazily: fail here, not later)

            return notebook_bar(total=steps + 1, desc="fit", unit="step", delay=delay)
        except ImportError:
            pass  # no widgets: the text line works in a notebook too
    from tqdm import tqdm

    return tqdm(total=steps + 1, desc="fit", unit="step", delay=delay, file=stream, leave=True, dynamic_ncols=True)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
