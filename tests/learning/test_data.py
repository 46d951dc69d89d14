"""Data: the built-in house prices, two moons, the closed form, and every way a CSV can be bad."""

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


def test_decimal_commas_and_folders_say_what_to_do(tmp_path):
    with pytest.raises(CSVError, match="'1,5' is not a number; write numbers with a decimal point"):
        load_csv(_write(tmp_path, "area;price\n1,5;2\n"), x="area", y="price")
    with pytest.raises(IsADirectoryError, match="is a folder; expected a CSV file"):
        load_csv(tmp_path, x="area", y="price")
