"""Ctrl-C during training loses nothing.

Pressing Ctrl-C (or a notebook's stop button) raises KeyboardInterrupt wherever Python happens
to be. Two things make that safe in `fit`:

* **A step is applied to all parameters or to none.** `SGD.step` runs inside
  `interrupts_deferred()`: a Ctrl-C that arrives meanwhile is held back until the step has
  updated every parameter, then delivered. Without that, an interrupt between two assignments
  leaves some parameters stepped and others not: a model that no step of training ever made.
* **The History so far comes with the interrupt.** `fit` raises `TrainingInterrupted`, a
  KeyboardInterrupt that holds ``.history``, so a script still stops on Ctrl-C, but whoever
  catches it keeps every record and a model in a consistent state:

      try:
          history = fit(model, xs, ys, steps=100_000)
      except TrainingInterrupted as stop:
          history = stop.history      # the model holds the parameters of its last record
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from microgd.learning.history import History


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped `fit`. ``history`` holds every record made; the model matches the last one."""

    def __init__(self, history: History) -> None:
        self.history = history
        last = history.records[-1] if history.records else None
        where = f"after {last.step} steps, at loss {last.loss:.6g}" if last else "before the first step"
        super().__init__(f"training interrupted {where}; the History so far is in .history")


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C until the block has finished, then deliver it.

    Python runs signal handlers only in the main thread; elsewhere the block simply runs (no
    signal can arrive there anyway).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held and callable(previous):
            previous(signal.SIGINT, held[0])  # the usual handler raises KeyboardInterrupt here
        elif held and previous == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)  # no handler: Ctrl-C ends the program, as it would have
