"""microgd fit on real data sets: many columns, polynomials, --json, big files, Ctrl-C."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from microgd.cli.main import main
from microgd.learning.data import load_csv
from microgd.learning.least_squares import least_squares

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
LONGLEY_X = ["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]


def _json(capsys, *args: str) -> dict:
    assert main(["fit", *args, "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)  # stdout holds the JSON object alone
    result["stderr"] = err
    return result


def test_many_columns_fit_a_linear_named_by_column_beside_the_closed_form(capsys, tmp_path):
    result = _json(capsys, str(DATASETS / "stackloss.csv"), "--x", "AIRFLOW", "WATERTEMP", "ACIDCONC",
                   "--y", "STACKLOSS", "--steps", "3000", "--out", str(tmp_path))
    assert list(result["weights"]) == ["AIRFLOW", "WATERTEMP", "ACIDCONC"]
    for name, w in result["weights"].items():
        assert w == pytest.approx(result["closed_form"]["weights"][name], rel=1e-3, abs=1e-3)
    assert result["closed_form"]["weights"]["AIRFLOW"] == pytest.approx(0.7156, abs=1e-4)  # Brownlee's fit
    assert result["converged"] is True and (tmp_path / "predicted.png").exists()


def test_longley_closed_form_prints_nists_certified_coefficients(capsys, tmp_path):
    assert main(["fit", str(DATASETS / "longley.csv"), "--x", *LONGLEY_X, "--y", "TOTEMP", "--steps", "5",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "closed-form least squares: 15.061872" in out.out and "closed-form least squares: 1829.1515" in out.out
    assert "closed-form least squares: -3482258.6" in out.out
    assert "training stopped before converging" in out.err and "--steps 50" in out.err


def test_degree_fits_the_anscombe_quadratic_and_names_the_powers(capsys, tmp_path):
    result = _json(capsys, str(DATASETS / "anscombe.csv"), "--x", "x2", "--degree", "2", "--y", "y2",
                   "--steps", "6000", "--out", str(tmp_path))
    assert list(result["weights"]) == ["x2", "x2^2"]
    assert result["weights"]["x2"] == pytest.approx(2.7808, rel=1e-4)
    assert result["weights"]["x2^2"] == pytest.approx(-0.12671, rel=1e-4)
    assert result["bias"] == pytest.approx(-5.9957, rel=1e-4) and result["converged"] is True


def test_text_output_writes_signs_as_people_do_and_one_step_in_the_singular(capsys, tmp_path):
    csv = tmp_path / "down.csv"
    csv.write_text("x,y\n" + "".join(f"{x},{100 - 10 * x}\n" for x in range(10)))
    assert main(["fit", str(csv), "--x", "x", "--y", "y", "--steps", "1", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "1 step," in out and "1 steps" not in out
    assert main(["fit", str(csv), "--x", "x", "--y", "y", "--steps", "400", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "y = -10 x + 100" in out and "+ -" not in out


def test_degree_needs_one_column(capsys):
    assert main(["fit", str(DATASETS / "anscombe.csv"), "--x", "x1", "x2", "--degree", "2", "--y", "y1"]) == 1
    assert "--degree 2" in capsys.readouterr().err


def test_fit_and_graph_describe_themselves_in_help(capsys):
    for command in ["fit", "graph"]:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        help_text = capsys.readouterr().out
        assert help_text.split("\n\n")[1].strip(), help_text  # a description paragraph after the usage


def test_a_big_file_trains_on_mini_batches_and_says_so(capsys, tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, 120_000)
    y = 3 * x - 7 + rng.normal(0, 5, x.size)
    csv = tmp_path / "big.csv"
    np.savetxt(csv, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.6f")
    result = _json(capsys, str(csv), "--x", "x", "--y", "y", "--steps", "60", "--out", str(tmp_path / "o"))
    assert result["batch_size"] == 10_000 and "mini-batch" in result["stderr"]
    xs, ys = load_csv(csv, "x", "y")
    best = least_squares(xs, ys)
    assert result["weights"]["x"] == pytest.approx(best.weights[0], rel=1e-3)
    assert result["mse"] == pytest.approx(best.mse, rel=1e-3)


def test_ctrl_c_prints_what_was_learned_and_exits_130(tmp_path):
    csv = tmp_path / "line.csv"
    csv.write_text("x,y\n" + "".join(f"{x},{2 * x + 1}\n" for x in range(50)))
    run = subprocess.Popen([sys.executable, "-m", "microgd", "fit", str(csv), "--x", "x", "--y", "y",
                            "--steps", "10000000", "--out", str(tmp_path / "o")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted after" in err and "y = " in err and "Traceback" not in err
