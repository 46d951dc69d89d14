"""The engine benchmark times the work it claims to: one correct gradient step per engine.

Timings themselves are not tested (they depend on the machine); what each timed step computes is.
"""

import importlib.util
import pathlib

import pytest

from microgd import Value

_PATH = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "bench_engine.py"
_spec = importlib.util.spec_from_file_location("bench_engine", _PATH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def _exact_dl_dm(xs, ys, m=0.5, b=0.1):
    """MSE = (1/N) sum (m*x + b - y)**2, so dMSE/dm = (2/N) sum (m*x + b - y) * x."""
    return 2.0 / len(xs) * sum((m * x + b - y) * x for x, y in zip(xs, ys))


def test_both_idioms_give_the_exact_gradient():
    xs, ys = bench.make_data(200)
    expected = _exact_dl_dm(xs, ys)
    assert bench.step_chain(Value, xs, ys) == pytest.approx(expected, rel=1e-12)
    assert bench.step_compact(xs, ys) == pytest.approx(expected, rel=1e-12)


def test_micrograd_runs_the_same_expression_code_to_the_same_gradient():
    micrograd = pytest.importorskip("micrograd.engine", reason="micrograd is not installed (pip install micrograd)")
    xs, ys = bench.make_data(200)
    assert bench.step_chain(micrograd.Value, xs, ys) == pytest.approx(_exact_dl_dm(xs, ys), rel=1e-12)


def test_measurements_are_per_point_and_positive():
    us, bytes_per_point = bench.measure(bench.step_compact, 50, repeats=2)
    # A point's graph is several nodes of about 100 bytes: 50 points together would be ~50 times more.
    assert us > 0 and 300 < bytes_per_point < 20_000
    assert bench.loop_time(bench.step_compact, 50, steps=3, repeats=1) > 0
