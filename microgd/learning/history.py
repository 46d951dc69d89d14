"""The History of a training run: what every step saw, for learning curves and descent paths.

`fit` (train.py) appends one `Record` per step. A demo can then draw the learning curve
(``history.losses``), the path of the parameters over the loss landscape
(``history.values("m")`` against ``history.values("b")``), or the slopes that drove each step
(``history.grads_of("m")``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microgd.learning.scaling import Standardisation


@dataclass
class Record:
    """The state at one step, *before* that step's update. Record 0 is the starting point."""

    step: int
    loss: float
    params: dict[str, float]
    grads: dict[str, float]


class History:
    """Every step of a training run: ``history.records[k]`` is the state after k updates.

    There are steps + 1 records: record 0 holds the starting parameters, the last one the
    trained parameters. Each record's loss and gradients are those of the batch used at that
    step (the whole data set by default); the last record always uses the whole data set.

    After `fit` has finished, ``converged`` says whether the loss had settled, and
    ``convergence`` says, when it had not, how far off it is and what to try ("" when it had).
    ``scaling`` is the Standardisation of a ``fit(..., scale=True)`` run (else None): the records
    are in the data's own units even so, converted from the standardised units trained on.
    """

    def __init__(self, labels: list[str], scaling: Standardisation | None = None) -> None:
        self.labels = labels
        self.records: list[Record] = []
        self.scaling = scaling
        self.converged: bool | None = None  # None until fit has judged the run
        self.convergence = ""
        self.verdict = None  # the same verdict as data: the summary and each tip (convergence.py)

    @property
    def losses(self) -> list[float]:
        """The learning curve: the loss at each step."""
        return [r.loss for r in self.records]

    def values(self, label: str) -> list[float]:
        """One parameter's value at each step, e.g. ``history.values("m")``."""
        self._check(label)
        return [r.params[label] for r in self.records]

    def grads_of(self, label: str) -> list[float]:
        """One parameter's gradient d(loss)/d(parameter) at each step."""
        self._check(label)
        return [r.grads[label] for r in self.records]

    def _check(self, label: str) -> None:
        if label not in self.labels:
            raise KeyError(f"no parameter labelled {label!r}; the parameters are {', '.join(self.labels)}")

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, k: int) -> Record:
        return self.records[k]

    def __repr__(self) -> str:
        last = f", final loss {self.records[-1].loss:.6g}" if self.records else ""
        verdict = {None: "", True: ", converged", False: ", NOT converged (see .convergence)"}[self.converged]
        return f"History({len(self)} records{last}{verdict})"
