"""The benchmarks run, print every reading they promise, and time correct gradient steps.

Timings themselves are not tested (they depend on the machine); what each timed step computes
is, and each script runs end to end in its quickest mode, on tiny inputs.
"""

import importlib.util
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from microgd import Value

_BENCHMARKS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"
_spec = importlib.util.spec_from_file_location("bench_engine", _BENCHMARKS / "bench_engine.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

HAVE_MICROGRAD = importlib.util.find_spec("micrograd") is not None


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(_BENCHMARKS / script), *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _exact_dl_dm(xs, ys, m=0.5, b=0.1):
    """MSE = (1/N) sum (m*x + b - y)**2, so dMSE/dm = (2/N) sum (m*x + b - y) * x."""
    return 2.0 / len(xs) * sum((m * x + b - y) * x for x, y in zip(xs, ys))


def test_the_timed_step_gives_the_exact_gradient():
    xs, ys = bench.make_data(200)
    assert bench.step(Value, xs, ys) == pytest.approx(_exact_dl_dm(xs, ys), rel=1e-12)


def test_micrograd_runs_the_same_expression_code_to_the_same_gradient():
    micrograd = pytest.importorskip("micrograd.engine", reason="micrograd is not installed (pip install micrograd)")
    xs, ys = bench.make_data(200)
    assert bench.step(micrograd.Value, xs, ys) == pytest.approx(_exact_dl_dm(xs, ys), rel=1e-12)


def test_the_engine_benchmark_prints_all_four_readings():
    out = _run("bench_engine.py", "--quick", "--points", "50", "--big", "3000")
    for letter in "abcd":
        assert f"({letter}) " in out
    assert out.count("goal ") == 4 and "recursion" in out
    if HAVE_MICROGRAD:
        assert out.count("micrograd / microgd, per run pair") == 3
    else:
        assert "pip install micrograd" in out


def test_the_engine_benchmark_takes_some_readings_only():
    out = _run("bench_engine.py", "--quick", "--only", "c", "--points", "20")
    assert "(c) " in out and "(a) " not in out and "(d) " not in out


def test_the_two_moons_benchmark_runs_and_compares():
    out = _run("bench_two_moons.py", "--quick")
    assert "loop and fit give the same losses: True" in out
    assert " to " in out  # timings are ranges over runs
    if HAVE_MICROGRAD:
        assert "(within 1e-6)" in out and "per run pair" in out


def test_the_drawing_benchmark_prints_every_reading_as_a_range():
    out = _run("bench_drawing.py", "--quick")
    readings = ["draw", "trace", "tanh draw", "tanh trace"] + (["render", "animate"] if shutil.which("dot") else [])
    for name in readings:
        assert re.search(rf"^{name} +\d[\d,]* +\d+\.\d+ to +\d+\.\d+", out, re.M), name
    assert "failed" not in out
    # the reference beside it in the same run: micrograd's draw_dot (micrograd comes with the test extra)
    assert re.search(r"^  draw_dot +\d[\d,]* +\d+\.\d+ to +\d+\.\d+", out, re.M)
