"""How long `microgd fit`'s pictures take on a big data set: write_fit_report at a million rows.

Three fits of the same synthetic house prices (area in square feet, price in dollars): a line
in one column (fit_line, learning_curve, landscape), a quadratic in it (fit_line,
learning_curve, predicted) and two columns (learning_curve, predicted). The learned weights are
the least-squares ones nudged by 1%, so no training is timed here: only the pictures. The data
is handed over as plain lists, as the command line may.

Run it by hand (not part of the tests):
    MPLBACKEND=Agg python benchmarks/bench_report.py              # 1,000,000 rows
    MPLBACKEND=Agg python benchmarks/bench_report.py --rows 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from microgd.learning.least_squares import least_squares, mse_of
from microgd.pictures.report import FitReport, pictures_for
from microgd.pictures.plots import save_png


def make_reports(rows: int, seed: int = 3) -> dict[str, FitReport]:
    rng = np.random.default_rng(seed)
    area = rng.uniform(500.0, 4000.0, rows)
    age = rng.normal(10.0, 3.0, rows)
    price = 150.0 * area - 800.0 * age + 30_000.0 + rng.normal(0.0, 50_000.0, rows)
    columns, ys = {"area": area.tolist(), "age": age.tolist()}, price.tolist()
    losses = np.geomspace(1e11, 2.6e9, 201).tolist()
    reports = {}
    for case, names, degree in [("one column", ["area"], 1), ("degree 2", ["area"], 2), ("two columns", ["area", "age"], 1)]:
        features = np.column_stack([area**k for k in range(1, degree + 1)] if degree > 1 else
                                   [np.asarray(columns[name]) for name in names])
        weight_names = names if degree == 1 else ["area", "area^2"]
        best = least_squares(features, ys)
        weights = [w * 1.01 for w in best.weights]
        reports[case] = FitReport(names, "price", [columns[name] for name in names], ys, weight_names, weights,
                                  best.bias, mse_of(features, ys, weights, best.bias), list(best.weights),
                                  best.bias, best.mse, losses, degree=degree, scaled=False)
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    print(f"write_fit_report's pictures on {rows:,} rows (seconds: drawing, then saving the PNG)")
    with tempfile.TemporaryDirectory() as out:
        for case, report in make_reports(rows).items():
            total = 0.0
            for name, draw in pictures_for(report):
                start = time.perf_counter()
                figure = draw(report)
                drawn = time.perf_counter()
                save_png(figure, out, name, dpi=100)
                saved = time.perf_counter()
                total += saved - start
                print(f"  {case:12s} {name:15s} draw {drawn - start:5.2f}  save {saved - drawn:5.2f}")
            print(f"  {case:12s} {'all':15s} {total:5.2f}")


if __name__ == "__main__":
    main()
