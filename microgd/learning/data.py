"""Data: the built-in house prices, your own CSV files, and the closed-form answer to check against.

The built-in data set is generated, not downloaded, so everything runs offline. It follows the
line

    price = TRUE_M * area + TRUE_B + noise

with area in hundreds of square metres (0.5 to 2.5, i.e. 50 to 250 m^2) and price in hundreds of
thousands (so a 100 m^2 house costs about 3.5). The noise is Gaussian with standard deviation
NOISE, drawn from a fixed seed.

Why these units (feature scaling): gradient descent takes one learning rate for every
parameter. If area were in m^2 (50 to 250) the slope d(loss)/dm would be about 10,000 times
steeper than d(loss)/db, and any learning rate small enough for m would leave b crawling. Keeping
the numbers near 1 makes lr = 0.1 work. For your own data, ``microgd fit`` standardises the
columns (subtracts the mean, divides by the standard deviation) for the same reason.
"""

from __future__ import annotations

import csv
import io
import math
import os
import random

from microgd.learning.least_squares import least_squares_line  # kept here for older imports

TRUE_M = 3.0  # price per 100 m^2, in hundreds of thousands
TRUE_B = 0.5  # the price of the land alone, in hundreds of thousands
NOISE = 0.3  # standard deviation of the Gaussian noise on each price
N_HOUSES = 30
SEED = 42


class CSVError(ValueError):
    """A CSV file that cannot be used as data: the message names the line and column."""


def house_prices(n: int = N_HOUSES, seed: int = SEED) -> tuple[list[float], list[float]]:
    """House price against floor area, on the line price = TRUE_M * area + TRUE_B plus noise.

    Args:
        n: how many houses.
        seed: the random seed (the default reproduces the documented data set).
    Returns:
        (areas, prices): areas in 100 m^2, rounded to whole m^2; prices in 100,000s, rounded to
        the nearest 1,000.
    """
    rng = random.Random(seed)
    areas = [round(rng.uniform(0.5, 2.5), 2) for _ in range(n)]
    prices = [round(TRUE_M * a + TRUE_B + rng.gauss(0.0, NOISE), 2) for a in areas]
    return areas, prices


def two_moons(n: int = 100, noise: float = 0.1, seed: int = SEED) -> tuple[list[list[float]], list[int]]:
    """Two interleaved half-moons, a data set no straight line can split (sklearn's make_moons).

    The first n // 2 points lie on the upper half circle of radius 1 around (0, 0), labelled -1;
    the rest on a lower half circle around (1, 0.5), labelled +1; each coordinate then gets
    Gaussian noise. micrograd's demo trains an MLP on 100 of them.

    Returns:
        (points, labels): points as [x1, x2] lists, labels +1 or -1.
    """
    if n < 4:
        raise ValueError(f"two_moons needs n >= 4 points (two per moon), got n = {n}")
    rng = random.Random(seed)
    n_outer, n_inner = n // 2, n - n // 2
    outer = [(math.cos(t), math.sin(t)) for t in _angles_0_to_pi(n_outer)]
    inner = [(1 - math.cos(t), 0.5 - math.sin(t)) for t in _angles_0_to_pi(n_inner)]
    points = [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)] for a, b in outer + inner]
    return points, [-1] * n_outer + [1] * n_inner


def _angles_0_to_pi(k: int) -> list[float]:
    """k angles evenly spaced from 0 to pi, both ends included (numpy.linspace(0, pi, k))."""
    return [math.pi * i / (k - 1) for i in range(k)]


def load_csv(path: str | os.PathLike, x: str, y: str) -> tuple[list[float], list[float]]:
    """Read two numeric columns of a CSV file with a header line.

    Cells are separated by commas, or by semicolons or tabs if the header line uses those (as
    Excel does where 1,5 means one and a half). Blank lines are skipped. Every row is checked
    before anything is returned: a bad file raises, never half-loads.

    Args:
        path: the CSV file.
        x: the header name of the input column.
        y: the header name of the target column.
    Returns:
        (xs, ys) as lists of floats.
    Raises:
        FileNotFoundError: no such file.
        CSVError: an empty file, a missing column, a row of the wrong length, or a cell that is
            empty or not a finite number.
    """
    if os.path.isdir(path):
        raise IsADirectoryError(f"{os.fspath(path)!r} is a folder; expected a CSV file")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {os.fspath(path)!r} (looked in {os.path.abspath(path)})")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:  # utf-8-sig drops Excel's BOM
            text = f.read()
    except UnicodeDecodeError as error:
        raise CSVError(
            f"{path}: not a UTF-8 text file (byte {error.start} cannot be decoded); "
            "save it as UTF-8 (in Excel: 'CSV UTF-8')"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))  # any line ending
    try:
        rows = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    except csv.Error as error:  # a NUL byte, an unclosed quote at the end of the file, ...
        raise CSVError(f"{path}, line {reader.line_num}: cannot read it as CSV ({error})") from None
    if not rows:
        raise CSVError(f"{path}: the file is empty; expected a header line naming the columns, then data rows")
    header_line, header = rows[0]
    header = [name.strip() for name in header]
    columns = {}
    for name in (x, y):
        if name not in header:
            raise CSVError(f"{path}: no column named {name!r}; the columns are {', '.join(map(repr, header))}")
        columns[name] = header.index(name)
    if len(rows) == 1:
        raise CSVError(f"{path}: the header (line {header_line}) is not followed by any data rows")
    xs, ys = [], []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise CSVError(
                f"{path}, line {line}: {len(row)} cells, but the header has {len(header)} "
                f"({', '.join(header)}); expected one cell per column"
            )
        xs.append(_number(row[columns[x]], path, line, x))
        ys.append(_number(row[columns[y]], path, line, y))
    return xs, ys


def _number(cell: str, path: str | os.PathLike, line: int, column: str) -> float:
    """One cell as a finite float, or an error naming where it is."""
    if not cell.strip():
        raise CSVError(f"{path}, line {line}, column {column!r} is empty; expected a number in every row")
    try:
        value = float(cell)
    except ValueError:
        hint = "; write numbers with a decimal point and no thousands separator, like 1234.5" if "," in cell else ""
        raise CSVError(f"{path}, line {line}, column {column!r}: {cell!r} is not a number{hint}") from None
    if not math.isfinite(value):
        raise CSVError(f"{path}, line {line}, column {column!r}: {cell!r} is not a finite number")
    return value


def _delimiter(text: str) -> str:
    """The cell separator: whichever of , ; and tab the header line holds most (a comma if none)."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    return max([",", ";", "\t"], key=header_line.count)  # max keeps the first of a tie: ","
