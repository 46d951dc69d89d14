"""`microgd fit`: results beside the closed form, plots, and clean failures."""

import re
import subprocess
import sys

import pytest

from microgd.cli.main import main
from microgd.learning.data import house_prices, least_squares_line


@pytest.fixture
def houses_csv(tmp_path):
    """The built-in data in raw units (m^2 and euros): far from the scale lr = 0.1 suits."""
    xs, ys = house_prices()
    path = tmp_path / "houses.csv"
    path.write_text("area_m2,price_eur\n" + "".join(f"{x * 100:g},{y * 1e5:g}\n" for x, y in zip(xs, ys)))
    return path, [x * 100 for x in xs], [y * 1e5 for y in ys]


def _learned(output: str, name: str) -> float:
    return float(re.search(rf"^{name} = (\S+)", output, re.M).group(1))


def test_fit_prints_m_and_b_matching_least_squares_and_writes_plots(houses_csv, tmp_path, capsys):
    path, xs, ys = houses_csv
    out = tmp_path / "plots"
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    best_m, best_b = least_squares_line(xs, ys)
    assert _learned(printed, "m") == pytest.approx(best_m, rel=1e-6)
    assert _learned(printed, "b") == pytest.approx(best_b, rel=1e-6)
    assert "MSE = " in printed and "closed-form least squares" in printed
    assert (out / "fit_line.png").stat().st_size > 1000 and (out / "learning_curve.png").stat().st_size > 1000


def test_fit_with_options_and_without_scaling(houses_csv, tmp_path, capsys):
    path, xs, ys = houses_csv
    args = ["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--out", str(tmp_path)]
    assert main(args + ["--momentum", "0.5", "--batch-size", "10", "--seed", "3", "--steps", "300"]) == 0
    assert _learned(capsys.readouterr().out, "m") == pytest.approx(least_squares_line(xs, ys)[0], rel=0.05)
    assert main(args + ["--no-scale", "--steps", "5"]) == 0  # the automatic lr does not diverge
    assert "training stopped before converging" in capsys.readouterr().err


def test_without_scaling_an_unfinished_fit_says_why_and_suggests_scaling(houses_csv, tmp_path, capsys):
    path, _, _ = houses_csv  # areas ~100 m^2 against b's 1: a long, narrow valley; 200 steps crawl along b
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--no-scale", "--out", str(tmp_path)]) == 0
    warning = capsys.readouterr().err
    assert warning.startswith("microgd fit: warning: training stopped before converging")
    assert "drop --no-scale" in warning and "narrow valley" in warning and "lowest possible" in warning


def test_an_unfinished_fit_on_standardised_data_suggests_more_steps(houses_csv, tmp_path, capsys):
    path, _, _ = houses_csv
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--steps", "3", "--out", str(tmp_path)]) == 0
    warning = capsys.readouterr().err
    assert "training stopped before converging: after 3 steps" in warning and "--steps 30" in warning
    assert "--no-scale" not in warning


def test_bad_data_is_one_clear_line_and_exit_code_1(houses_csv, capsys):
    path, _, _ = houses_csv
    assert main(["fit", str(path), "--x", "area_m2", "--y", "prix"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("microgd fit: error: ") and "the columns are 'area_m2', 'price_eur'" in err
    assert "Traceback" not in err
    assert main(["fit", str(path.with_name("missing.csv")), "--x", "a", "--y", "b"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_constant_x_column_cannot_fit_a_line(tmp_path, capsys):
    path = tmp_path / "flat.csv"
    path.write_text("x,y\n1,2\n1,3\n")
    assert main(["fit", str(path), "--x", "x", "--y", "y"]) == 1
    assert "'x' does not vary" in capsys.readouterr().err


def test_divergence_names_the_stable_learning_rate(houses_csv, capsys):
    path, _, _ = houses_csv
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "3", "--steps", "2000"]) == 1
    err = capsys.readouterr().err
    assert "training diverged at step" in err and "lr < 1 " in err


def test_divergence_on_standardised_data_says_its_losses_are_standardised(houses_csv, capsys):
    path, _, _ = houses_csv
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "5"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"the loss grew from 2.39867e\+11 to \S+, more than 1e\+06 times", err), err  # your units
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "5", "--no-scale"]) == 1
    err = capsys.readouterr().err  # raw data: the losses are in the data's own units, nothing to add
    assert "the loss grew from 2.39867e+11 to " in err and "standardised" not in err


def test_a_slowly_growing_loss_with_momentum_gets_no_full_batch_limit(houses_csv, capsys):
    path, _, _ = houses_csv  # momentum 0.5 moves the limit from 1 to 1.5: lr = 1.503 grows slowly past it
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "1.503", "--momentum", "0.5",
                 "--out", str(path.parent)]) == 1
    err = capsys.readouterr().err
    assert "instead of falling: lr = 1.503 is too big; try --lr 0.15, and smaller again if the loss still grows" in err
    assert "with --momentum no largest stable lr can be given" in err and "lr < 1 " not in err


def test_a_slowly_growing_loss_is_an_error_naming_a_too_big_lr(houses_csv, capsys):
    path, _, _ = houses_csv  # lr = 1.01 overshoots, but 200 steps grow the loss only ~3000-fold
    args = ["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "1.01", "--out", str(path.parent)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("microgd fit: error: the loss grew from ")
    assert "instead of falling: lr = 1.01 is too big" in captured.err and "lr < 1 here); try --lr 0.5" in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert "m = " not in captured.out  # no fitted line presented as if all were well


def test_a_loss_grown_a_million_fold_is_divergence(houses_csv, capsys):
    path, _, _ = houses_csv  # lr = 1.5: the loss quadruples each step, a million-fold by step ~10
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--lr", "1.5"]) == 1
    err = capsys.readouterr().err
    assert "training diverged at step" in err and "the loss grew from" in err and "lr < 1 " in err


def test_an_out_that_is_a_file_is_one_clear_line_before_training(houses_csv, tmp_path, capsys):
    path, _, _ = houses_csv
    existing = tmp_path / "notes.txt"
    existing.write_text("mine")
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--out", str(existing)]) == 1
    captured = capsys.readouterr()
    assert captured.err == (f"microgd fit: error: --out {str(existing)!r} is an existing file; expected a folder for "
                            "the plots (it is created if missing), such as --out microgd-out\n")
    assert captured.out == "" and existing.read_text() == "mine"


def test_a_plot_folder_that_cannot_be_written_is_one_clear_line(houses_csv, tmp_path, capsys, monkeypatch):
    path, _, _ = houses_csv
    monkeypatch.setattr("os.makedirs", lambda *a, **k: (_ for _ in ()).throw(PermissionError("permission denied")))
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err == f"microgd fit: error: cannot write the plots to --out {str(tmp_path / 'o')!r}: permission denied\n"


def test_numbers_too_large_to_square_are_one_clear_line(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text("x,price\n1e200,2e200\n2e200,4.1e200\n3e200,5.9e200\n")
    assert main(["fit", str(path), "--x", "x", "--y", "price", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("microgd fit: error: column 'x' holds numbers too large to square (up to ")
    assert "divide it by 1e200" in err and err.count("\n") == 1


def test_an_empty_cell_is_called_empty(tmp_path, capsys):
    path = tmp_path / "gaps.csv"
    path.write_text("x,price\n1,2\n2,3\n3,\n")
    assert main(["fit", str(path), "--x", "x", "--y", "price"]) == 1
    expected = f"microgd fit: error: {path}, line 4, column 'price' is empty; expected a number in every row\n"
    assert capsys.readouterr().err == expected


def test_zero_steps_asks_for_a_whole_number_of_at_least_one(houses_csv, capsys):
    path, _, _ = houses_csv
    for steps in ["0", "2.5"]:
        with pytest.raises(SystemExit):
            main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--steps", steps])
        assert "argument --steps: " in (err := capsys.readouterr().err) and f"a whole number >= 1, got '{steps}'" in err


@pytest.mark.parametrize(
    "extra",
    [["--lr", "-1"], ["--lr", "abc"], ["--steps", "0"], ["--steps", "2.5"],
     ["--momentum", "1.5"], ["--batch-size", "0"]],
)
def test_bad_arguments_are_argparse_errors(houses_csv, capsys, extra):
    path, _, _ = houses_csv
    with pytest.raises(SystemExit) as exit_:
        main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", *extra])
    assert exit_.value.code == 2
    assert "microgd fit: error: argument" in capsys.readouterr().err


def test_missing_required_columns_is_an_argparse_error(houses_csv):
    path, _, _ = houses_csv
    with pytest.raises(SystemExit) as exit_:
        main(["fit", str(path), "--x", "area_m2"])
    assert exit_.value.code == 2


def test_without_matplotlib_it_says_how_to_install_it(houses_csv, tmp_path, capsys, monkeypatch):
    path, _, _ = houses_csv
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    assert main(["fit", str(path), "--x", "area_m2", "--y", "price_eur", "--out", str(tmp_path / "o")]) == 0
    assert "pip install 'microgd[plots]'" in capsys.readouterr().out
    assert not (tmp_path / "o").exists()


def test_python_dash_m_microgd_fit(houses_csv, tmp_path):
    path, _, _ = houses_csv
    run = subprocess.run(
        [sys.executable, "-m", "microgd", "fit", str(path), "--x", "area_m2", "--y", "price_eur",
         "--steps", "50", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert re.search(r"^m = ", run.stdout, re.M) and re.search(r"^b = ", run.stdout, re.M)
