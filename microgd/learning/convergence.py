"""Has training finished? A fit that stops early must say so, with the numbers and what to try.

A learning curve that flattens out looks finished, but on a long narrow valley (features on
different scales) the loss can creep down for thousands more steps. So `fit` judges the end of
every run and, when it is not done, says so in ``history.convergence`` and with a
`TrainingNotConverged` warning. Two tests, the exact one where it exists:

* **The lowest possible loss is known** for a Line or Linear trained on the MSE by fit's own
  SGD: the least-squares answer (least_squares.py). The run has converged when its final loss
  is within TOLERANCE of the way from where it started to that lowest loss:

      loss_end - loss_best <= TOLERANCE * (loss_start - loss_best),

  or within CLOSE_TO_BEST (0.01%) of the lowest loss itself, which is as close as anyone fitting
  noisy data needs (a mini-batch run jitters around the bottom and may never get closer).

* **Otherwise** (an MLP, your own loss or optimizer), the run has converged when the loss has
  stopped falling: over the last tenth of the steps it fell by less than STILL_FALLING of itself,
  or by less than TOLERANCE of the whole way down (for mini-batches the tenth before the end is
  averaged, since batch losses jump from batch to batch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean

TOLERANCE = 1e-6  # "converged": within a millionth of the way from the start to the best loss,
CLOSE_TO_BEST = 1e-4  # ... or within 0.01% of the best loss itself
STILL_FALLING = 1e-3  # "still falling": down by more than 0.1% over the last tenth of the run


class TrainingNotConverged(UserWarning):
    """fit stopped before the loss settled; the message says how far off it is and what to try."""


@dataclass(frozen=True)
class Tip:
    """One thing to try: a setting of fit (steps, scale, lr, batch_size), its value, and why."""

    setting: str
    value: object
    why: str = ""

    def __str__(self) -> str:
        return f"{self.setting}={self.value}" + (f": {self.why}" if self.why else "")


@dataclass(frozen=True)
class Verdict:
    converged: bool
    summary: str = ""  # "" when converged; otherwise what is off, with the numbers
    tips: tuple[Tip, ...] = ()  # what to try

    @property
    def message(self) -> str:
        """The summary and the tips as fit's words: "... Try steps=2000; or scale=True: ..."."""
        return f"{self.summary}. Try {'; or '.join(map(str, self.tips))}." if self.summary else ""


@dataclass(frozen=True)
class RunFacts:
    """What the verdict's advice depends on, beyond the losses."""

    lr: float
    mini_batch: bool
    scaled: bool
    valley_ratio: float | None  # largest / smallest curvature of an MSE bowl (1 = round), if known
    largest_stable_lr: float | None  # full-batch limit, if known


def judge(losses: list[float], start_loss: float, best_loss: float | None, facts: RunFacts) -> Verdict:
    """The verdict on a run from its learning curve.

    Args:
        losses: the loss at every record (the last one on the whole data set).
        start_loss: the whole data set's loss at the start.
        best_loss: the lowest possible loss, when known (least squares), else None.
        facts: the run's settings, for the advice.
    """
    steps, end = len(losses) - 1, losses[-1]
    if steps == 0 or not math.isfinite(end):
        return Verdict(True)  # nothing was asked of the run (or it diverged, which says so itself)
    tenth = max(1, steps // 10)
    before, after = _last_two_tenths(losses, tenth, facts.mini_batch)
    # Still falling: by more than STILL_FALLING of where it is now, and by more than a TOLERANCE
    # of the whole way down (a loss that halves every step towards 0 is done, not falling).
    fall = before - after
    falling = fall > STILL_FALLING * abs(after) and fall > TOLERANCE * abs(start_loss - after)
    if best_loss is not None:
        gap = end - best_loss
        if gap <= max(TOLERANCE * (start_loss - best_loss), CLOSE_TO_BEST * best_loss):
            return Verdict(True)
        how_far = (f"the loss is {end:.6g}, {_above(gap, best_loss)} the lowest possible {best_loss:.6g} "
                   "(the least-squares answer)")
    elif not falling:
        return Verdict(True)
    else:
        how_far = f"the loss is {end:.6g}"
    if falling:
        how_far += (f", and it was still falling (from {before:.6g} to {after:.6g} over the last "
                    f"{_plural(tenth, 'step')}{', averaged over the batches' if after != end else ''})")
    return Verdict(False, f"training stopped before converging: after {_plural(steps, 'step')} {how_far}",
                   _tips(falling, steps, facts))


def _last_two_tenths(losses: list[float], tenth: int, mini_batch: bool) -> tuple[float, float]:
    """The loss a tenth of the run before the end, and at the end.

    For mini-batches, the means of the batch losses over the last two tenths of the run (the
    final record, on the whole data set, is left out of both).
    """
    if mini_batch and len(losses) > 2 * tenth + 1:  # average out the batch-to-batch noise
        return fmean(losses[-2 * tenth - 1 : -tenth - 1]), fmean(losses[-tenth - 1 : -1])
    return losses[-tenth - 1], losses[-1]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _above(gap: float, best: float) -> str:
    """How far above the best loss: "37% above", "12 times", or "0.5 above" when the best is 0."""
    if best <= 0:
        return f"{gap:.3g} above"
    return f"{gap / best:.2%} above" if gap < best else f"{(best + gap) / best:.3g} times"


def _tips(falling: bool, steps: int, facts: RunFacts) -> tuple[Tip, ...]:
    tips = []
    if falling:
        tips.append(Tip("steps", 10 * steps))
    if not facts.scaled and facts.valley_ratio is not None and facts.valley_ratio > 100:
        tips.append(Tip("scale", True, f"the features are on different scales, so the loss is a narrow valley "
                                       f"(curved {facts.valley_ratio:.3g} times more steeply one way than another) "
                                       "where one learning rate crawls along the floor; standardised features make "
                                       "it a round bowl"))
    limit = facts.largest_stable_lr
    if falling and limit is not None and facts.lr < limit / 4 and not facts.mini_batch:
        tips.append(Tip("lr", float(f"{limit / 2:.3g}"), f"a larger learning rate; lr < {limit:.3g} is stable here"))
    if facts.mini_batch and not falling:
        tips.append(Tip("lr", float(f"{facts.lr / 10:.3g}"), "the noise of mini-batches keeps the loss jumping "
                                                             "around the bottom; a smaller step, or bigger batches "
                                                             "(batch_size), settles closer"))
    if not tips:
        tips.append(Tip("steps", 10 * steps))
    return tuple(tips)
