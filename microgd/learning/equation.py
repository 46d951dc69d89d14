"""A fitted model written as an equation a person reads: ``price = 3.05 area + 0.431``.

Signs are written the way people write them, ``y = 10.23 x - 117.8`` rather than
``y = 10.23 x + -117.8``, and numbers to four significant digits (``%.4g``), which is plenty to
read a fit by eye; the CLI prints the full numbers beside it.
"""

from __future__ import annotations

from typing import Sequence


def equation(names: Sequence[str], weights: Sequence[float], bias: float, y_name: str = "y", digits: int = 4) -> str:
    """``y = w1 name1 + w2 name2 ... + b`` with proper signs.

    >>> equation(["x"], [10.23], -117.8)
    'y = 10.23 x - 117.8'
    >>> equation(["x", "x^2"], [2.78, -0.127], -6.0)
    'y = 2.78 x - 0.127 x^2 - 6'
    """
    terms = [(w, name) for w, name in zip(weights, names)] + [(bias, "")]
    text = ""
    for i, (coefficient, name) in enumerate(terms):
        magnitude = f"{abs(coefficient):.{digits}g}" + (f" {name}" if name else "")
        if i == 0:
            text = ("-" if coefficient < 0 else "") + magnitude
        else:
            text += (" - " if coefficient < 0 else " + ") + magnitude
    return f"{y_name} = {text}"
