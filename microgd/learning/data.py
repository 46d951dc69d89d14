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

Real data sets to try `load_csv` and `microgd fit` on, with their sources, are in the folder
datasets/ at the top of the repository (datasets/README.md).
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import random
from array import array
from typing import Iterator, Sequence, TextIO

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


def load_csv(
    path: str | os.PathLike, x: str | Sequence[str], y: str
) -> tuple[list[float] | list[list[float]], list[float]]:
    """Read numeric columns of a CSV file with a header line: the input column(s) x, the target y.

    >>> xs, ys = load_csv("datasets/stackloss.csv", "AIRFLOW", "STACKLOSS")  # one x: numbers
    >>> rows, ys = load_csv("datasets/stackloss.csv", ["AIRFLOW", "WATERTEMP"], "STACKLOSS")
    >>> xs[0], rows[0], ys[0]                                                # several: rows
    (80.0, [80.0, 27.0], 42.0)

    Cells are separated by commas, or by semicolons or tabs if the header line uses those. In a
    semicolon or tab separated file a decimal comma is read as the decimal point ("1,5" is 1.5),
    as Excel writes numbers where one and a half is 1,5; in a comma separated file "1,5" is an
    error. Blank lines are skipped; a thousands separator is refused, never guessed at.

    The file is read row by row, keeping only the requested columns, as 8-byte floats, so that a
    file bigger than the memory it would take as Python objects can still be read. Every row is
    checked before anything is returned: a bad file raises, never half-loads.

    Args:
        path: the CSV file.
        x: the header name of the input column, or a list of names for several input columns.
        y: the header name of the target column.
    Returns:
        (xs, ys): ys a list of floats; xs a list of floats for one x column, or for a list of
        names, a list of rows [[a, b, ...], ...] with the columns in the order asked for.
    Raises:
        FileNotFoundError: no such file.
        ValueError: the same column asked for twice, or as both an input and the target.
        CSVError: an empty file, a missing column or one whose name the header holds twice, a
            row of the wrong length, or a cell that is empty or not a finite number.
    """
    names = _requested_columns(x, y)
    if os.path.isdir(path):
        raise IsADirectoryError(f"{os.fspath(path)!r} is a folder; expected a CSV file")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {os.fspath(path)!r} (looked in {os.path.abspath(path)})")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:  # utf-8-sig drops Excel's BOM
            columns = _read_columns(f, path, names)
    except UnicodeDecodeError:
        raise CSVError(_not_utf8(path)) from None
    ys = columns.pop().tolist()
    if isinstance(x, str):
        return columns[0].tolist(), ys
    return [list(row) for row in zip(*columns)], ys


def _requested_columns(x: str | Sequence[str], y: str) -> list[str]:
    """The names of the x columns, then y's: each a string, each asked for once."""
    if isinstance(x, str):
        x_names = [x]
    elif isinstance(x, (list, tuple)) and all(isinstance(name, str) for name in x):
        x_names = list(x)
    else:
        raise TypeError(f"x must be a column name or a list of names, like 'area' or ['area', 'rooms'], got {x!r}")
    if not isinstance(y, str):
        raise TypeError(f"y must be one column name, like 'price', got {y!r}")
    if not x_names:
        raise ValueError("x is an empty list; name at least one input column, like ['area']")
    repeated = sorted({name for name in x_names if x_names.count(name) > 1})
    if repeated:
        raise ValueError(f"x asks for the column {repeated[0]!r} twice ({x_names}); ask for each column once")
    if y in x_names:
        raise ValueError(f"the column {y!r} is both an input (x) and the target (y); "
                         "a model cannot be given the answer it is asked to predict")
    return x_names + [y]


def _read_columns(f: TextIO, path: str | os.PathLike, names: list[str]) -> list[array]:
    """The named columns of an open CSV file, one array of floats each, every row checked."""
    reader = _reader(f)
    try:
        header = next((row for row in reader if "".join(row).strip()), None)
        if header is None:
            raise CSVError(f"{path}: the file is empty; expected a header line naming the columns, then data rows")
        header = [name.strip() for name in header]
        header_line, indices = reader.line_num, _column_positions(header, names, path)
        decimal_comma = reader.dialect.delimiter != ","
        columns = [array("d") for _ in names]  # 8 bytes a number, not a 24-byte float object
        for row in reader:
            if not "".join(row).strip():
                continue  # a blank line
            if len(row) != len(header):
                raise CSVError(f"{path}, line {reader.line_num}: {len(row)} cells, but the header has {len(header)} "
                               f"({', '.join(header)}); expected one cell per column")
            for column, index, name in zip(columns, indices, names):
                column.append(_number(row[index], decimal_comma, path, reader.line_num, name))
    except csv.Error as error:  # a NUL byte, an unclosed quote at the end of the file, ...
        raise CSVError(f"{path}, line {reader.line_num}: cannot read it as CSV ({error})") from None
    if not columns[0]:
        raise CSVError(f"{path}: the header (line {header_line}) is not followed by any data rows")
    return columns


def _reader(f: TextIO) -> Iterator[list[str]]:
    """A csv reader whose cell separator is whichever of , ; and tab the header line holds most.

    The header line is the first line that is not blank; the lines read to find it are handed
    to the reader again, so that its line numbers stay those of the file.
    """
    first_lines = []
    for line in f:  # any line ending: the file is open with newline=""
        first_lines.append(line)
        if line.strip():
            break
    header_line = first_lines[-1] if first_lines else ""
    delimiter = max([",", ";", "\t"], key=header_line.count)  # max keeps the first of a tie: ","
    return csv.reader(itertools.chain(first_lines, f), delimiter=delimiter)


def _column_positions(header: list[str], names: list[str], path: str | os.PathLike) -> list[int]:
    """Where each named column is in the header (counting from 0), or an error if not exactly once."""
    positions = []
    for name in names:
        found = [i for i, column in enumerate(header) if column == name]
        if not found:
            parts = [part.strip() for part in name.split(",")]
            hint = (f"; {name!r} looks like several names: ask for the columns {', '.join(map(repr, parts))} "
                    "one by one" if len(parts) > 1 and all(part in header for part in parts) else "")
            raise CSVError(f"{path}: no column named {name!r}; the columns are {', '.join(map(repr, header))}{hint}")
        if len(found) > 1:
            places = " and ".join(str(i + 1) for i in found)
            raise CSVError(f"{path}: the header names {len(found)} columns {name!r} (columns {places}, counting "
                           f"from 1), so {name!r} could mean any of them; rename them so that each name is used once")
        positions.append(found[0])
    return positions


def _number(cell: str, decimal_comma: bool, path: str | os.PathLike, line: int, column: str) -> float:
    """One cell as a finite float, or an error naming where it is."""
    text = cell.replace(",", ".") if decimal_comma and "," in cell and "." not in cell else cell
    try:
        value = float(text)  # 1,5 -> 1.5 is read; 1,234,5 -> 1.234.5 is refused
    except ValueError:
        if not cell.strip():
            raise CSVError(f"{path}, line {line}, column {column!r} is empty; expected a number in every row") from None
        raise CSVError(f"{path}, line {line}, column {column!r}: {cell!r} is not a number{_hint(cell, decimal_comma)}") from None
    if not math.isfinite(value):
        raise CSVError(f"{path}, line {line}, column {column!r}: {cell!r} is not a finite number")
    return value


def _hint(cell: str, decimal_comma: bool) -> str:
    """What to write instead, when a separator is the likely reason a cell is not a number."""
    if decimal_comma and ("," in cell or "." in cell):
        return "; write numbers with one decimal comma (or point) and no thousands separator, like 1234,5"
    if "," in cell:
        return "; write numbers with a decimal point and no thousands separator, like 1234.5"
    return ""


def _not_utf8(path: str | os.PathLike) -> str:
    """Where a file stops being UTF-8 text: the line and the byte, found by reading it again as bytes."""
    with open(path, "rb") as f:
        for line_number, line in enumerate(f, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                return (f"{path}, line {line_number}: not a UTF-8 text file (byte 0x{line[error.start]:02x} cannot "
                        "be decoded); save it as UTF-8 (in Excel: 'CSV UTF-8')")
    return f"{path}: not a UTF-8 text file; save it as UTF-8 (in Excel: 'CSV UTF-8')"
