"""How every number on a drawing, a trace or an animation frame is written."""


def number(x: float) -> str:
    """A number as written in traces and drawings: 4 significant digits, enough to check by hand.

    A product with a zero in it can be -0.0 in floating point; it is written as plain 0.
    """
    return f"{x + 0.0:.4g}"  # -0.0 + 0.0 is 0.0
