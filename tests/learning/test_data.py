"""Data: the built-in house prices, two moons, the closed form, and every way a CSV can be bad."""

import random
import tracemalloc

import pytest

from microgd.learning.data import (
    N_HOUSES, NOISE, TRUE_B, TRUE_M, CSVError, house_prices, least_squares_line, load_csv, two_moons,
)


def test_house_prices_are_reproducible_and_near_their_line():
    xs, ys = house_prices()
    assert (xs, ys) == house_prices()
    assert len(xs) == len(ys) == N_HOUSES
    assert all(0.5 <= x <= 2.5 for x in xs)
    residuals = [y - (TRUE_M * x + TRUE_B) for x, y in zip(xs, ys)]
    assert max(abs(r) for r in residuals) < 4 * NOISE
    m, b = least_squares_line(xs, ys)
    assert m == pytest.approx(TRUE_M, abs=0.3) and b == pytest.approx(TRUE_B, abs=0.5)


def test_least_squares_line_is_exact_on_a_perfect_line():
    assert least_squares_line([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]) == pytest.approx((2.0, 1.0))


def test_two_moons_shape_and_labels():
    points, labels = two_moons(10, seed=0)
    assert len(points) == 10 and all(len(p) == 2 for p in points)
    assert labels == [-1] * 5 + [1] * 5
    with pytest.raises(ValueError, match="n >= 4"):
        two_moons(3)


def _write(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_reads_two_columns(tmp_path):
    path = _write(tmp_path, "\ufeffid, area ,price\n1,50,150000\n\n2,80.5,2.1e5\n")
    assert load_csv(path, x="area", y="price") == ([50.0, 80.5], [150000.0, 210000.0])


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file: .*nope.csv"):
        load_csv(tmp_path / "nope.csv", x="a", y="b")


def test_missing_column_lists_the_available_ones(tmp_path):
    path = _write(tmp_path, "area,price\n1,2\n")
    with pytest.raises(CSVError, match="no column named 'prix'; the columns are 'area', 'price'"):
        load_csv(path, x="area", y="prix")


@pytest.mark.parametrize(
    "cell, message",
    [("abc", ": 'abc' is not a number"), ("", " is empty; expected a number in every row"),
     ("  ", " is empty"), ("nan", ": 'nan' is not a finite number"), ("-inf", ": '-inf' is not a finite number")],
)
def test_bad_cells_name_line_and_column(tmp_path, cell, message):
    path = _write(tmp_path, f"area,price\n1,2\n3,4\n5,{cell}\n")
    with pytest.raises(CSVError, match=f"line 4, column 'price'{message}"):
        load_csv(path, x="area", y="price")


def test_empty_file_header_only_and_ragged_rows(tmp_path):
    with pytest.raises(CSVError, match="the file is empty"):
        load_csv(_write(tmp_path, ""), x="a", y="b")
    with pytest.raises(CSVError, match="not followed by any data rows"):
        load_csv(_write(tmp_path, "a,b\n"), x="a", y="b")
    with pytest.raises(CSVError, match="line 3: 1 cells, but the header has 2"):
        load_csv(_write(tmp_path, "a,b\n1,2\n3\n"), x="a", y="b")


def test_a_binary_file_is_a_csv_error(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n\xff\xfe\x00\x01\n")
    with pytest.raises(CSVError, match="not a UTF-8 text file"):
        load_csv(path, x="a", y="b")


def test_csv_error_is_a_value_error():
    assert issubclass(CSVError, ValueError)


@pytest.mark.parametrize(
    "raw",
    [b'"area","price"\r\n"1","2"\r\n"3","4"\r\n',  # quoted cells, Windows line endings
     b"area;price\n1;2\n3;4\n",  # Excel where the decimal separator is a comma
     b"area\tprice\n1\t2\n3\t4\n",  # tab-separated
     b"area,price\r1,2\r3,4\r",  # old Mac line endings
     b"\xef\xbb\xbfarea,price\n1,2\n3,4\n\n\n"],  # a BOM and trailing blank lines
)
def test_odd_but_valid_csv_files_load(tmp_path, raw):
    path = tmp_path / "data.csv"
    path.write_bytes(raw)
    assert load_csv(path, x="area", y="price") == ([1.0, 3.0], [2.0, 4.0])


def test_folders_say_what_to_do(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder; expected a CSV file"):
        load_csv(tmp_path, x="area", y="price")


def test_several_x_columns_come_as_rows_in_the_order_asked(tmp_path):
    path = _write(tmp_path, "a,b,c,y\n1,2,3,4\n\n5,6,7,8\n")
    assert load_csv(path, ["c", "a"], "y") == ([[3.0, 1.0], [7.0, 5.0]], [4.0, 8.0])
    assert load_csv(path, ("a", "b", "c"), "y") == ([[1.0, 2.0, 3.0], [5.0, 6.0, 7.0]], [4.0, 8.0])
    assert load_csv(path, ["b"], "y") == ([[2.0], [6.0]], [4.0, 8.0])  # a list of one: still rows
    assert load_csv(path, "b", "y") == ([2.0, 6.0], [4.0, 8.0])  # one name: numbers


def test_a_missing_column_among_several_is_named(tmp_path):
    path = _write(tmp_path, "bmi,bp,target\n1,2,3\n")
    with pytest.raises(CSVError, match="no column named 's5'"):
        load_csv(path, ["bmi", "s5"], "target")
    with pytest.raises(CSVError, match="'bmi,bp' looks like several names.*'bmi', 'bp'"):
        load_csv(path, "bmi,bp", "target")


def test_a_requested_name_the_header_holds_twice_is_an_error_naming_both_places(tmp_path):
    path = _write(tmp_path, "area,price,area,rooms\n1,2,3,4\n")
    with pytest.raises(CSVError, match=r"'area'.*columns 1 and 3"):
        load_csv(path, ["rooms", "area"], "price")
    with pytest.raises(CSVError, match=r"'area'.*columns 1 and 3"):
        load_csv(path, "rooms", "area")
    assert load_csv(path, "rooms", "price") == ([4.0], [2.0])  # a repeated name nobody asks for is harmless


def test_the_same_column_twice_or_y_among_the_xs_is_refused(tmp_path):
    path = _write(tmp_path, "a,b,y\n1,2,3\n")
    with pytest.raises(ValueError, match="'a' twice"):
        load_csv(path, ["a", "b", "a"], "y")
    with pytest.raises(ValueError, match="'y' is both an input"):
        load_csv(path, ["a", "y"], "y")
    with pytest.raises(ValueError, match="'a' is both an input"):
        load_csv(path, "a", "a")


@pytest.mark.parametrize("x", [3, None, ["a", 2], {"a"}])
def test_x_must_be_a_name_or_a_list_of_names(tmp_path, x):
    with pytest.raises(TypeError, match="column name or a list of names"):
        load_csv(_write(tmp_path, "a,y\n1,2\n"), x, "y")


def test_x_must_name_at_least_one_column(tmp_path):
    with pytest.raises(ValueError, match="empty list"):
        load_csv(_write(tmp_path, "a,y\n1,2\n"), [], "y")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_decimal_commas_are_read_in_semicolon_and_tab_files(tmp_path, separator):
    text = f"area{separator}price\n1,5{separator}2\n-0,25{separator}1e3\n 7 {separator}3.5\n"
    assert load_csv(_write(tmp_path, text), "area", "price") == ([1.5, -0.25, 7.0], [2.0, 1000.0, 3.5])


@pytest.mark.parametrize("cell", ["1.234,5", "1,234,5"])
def test_thousands_separators_in_semicolon_files_are_refused_not_guessed(tmp_path, cell):
    with pytest.raises(CSVError, match=f"line 2, column 'area': '{cell}' is not a number.*thousands separator"):
        load_csv(_write(tmp_path, f"area;price\n{cell};2\n"), "area", "price")


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_with_a_hint(tmp_path):
    with pytest.raises(CSVError, match="'1,5' is not a number; write numbers with a decimal point"):
        load_csv(_write(tmp_path, 'area,price\n"1,5",2\n'), "area", "price")


def test_numbers_in_every_usual_spelling(tmp_path):
    path = _write(tmp_path, "x,y\n1e3,-0.1\n 2.5 ,+3\n.5,-1E-2\n")
    assert load_csv(path, "x", "y") == ([1000.0, 2.5, 0.5], [-0.1, 3.0, -0.01])


def test_a_file_that_stops_being_utf8_names_the_line(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n1,2\n" + b"3,4\n" * 5000 + b"\xe9,5\n")
    with pytest.raises(CSVError, match="line 5003: not a UTF-8 text file"):
        load_csv(path, "a", "b")


def test_a_bad_last_row_of_a_long_file_fails_the_whole_load(tmp_path):
    path = _write(tmp_path, "a,b\n" + "1,2\n" * 20_000 + "3,oops\n")
    with pytest.raises(CSVError, match="line 20002, column 'b': 'oops'"):
        load_csv(path, "a", "b")


def _big_file(tmp_path, rows: int):
    """A CSV of random numbers in all the spellings Python prints, with a blank line every 1000 rows."""
    rng = random.Random(7)
    lines = ["id,a,b,y"]
    for i in range(rows):
        lines.append(f"{i},{rng.uniform(-1e6, 1e6)!r},{rng.gauss(0, 1e-9)!r},{rng.randint(-5, 5)}")
        if i % 1000 == 999:
            lines.append("")
    return _write(tmp_path, "\n".join(lines) + "\n", "big.csv")


def test_a_streamed_load_gives_the_numbers_a_plain_parse_gives(tmp_path):
    path = _big_file(tmp_path, 100_000)
    table = [[float(cell) for cell in line.split(",")] for line in path.read_text().splitlines()[1:] if line]
    rows, ys = load_csv(path, ["b", "a"], "y")
    assert ys == [row[3] for row in table]
    assert rows == [[row[2], row[1]] for row in table]


def test_loading_needs_memory_for_the_numbers_not_for_the_text(tmp_path):
    path = _big_file(tmp_path, 20_000)
    tracemalloc.start()
    try:
        xs, ys = load_csv(path, ["a", "b"], "y")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The result alone is about 3 times this file (a float object and a pointer per number, a list
    # per row); keeping every row's text as well, as a whole-file read does, takes over 10 times.
    assert len(ys) == 20_000 and peak < 5 * path.stat().st_size
