"""Shared test set-up: no display, fixed seeds, and what to do when `dot` is missing."""

import os
import random
import shutil

import matplotlib

matplotlib.use("Agg")  # draw off-screen: tests never need a display
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

# Graphviz's `dot` is the one thing microgd needs beyond Python, and only to render pictures.
# Without it, the tests marked @pytest.mark.needs_dot are skipped with this advice; the rest run.
NO_DOT = ("Graphviz's dot program is not installed; these tests render pictures: "
          "sudo apt-get install graphviz, brew install graphviz, or conda install graphviz")


def pytest_collection_modifyitems(config, items):
    if shutil.which("dot"):
        return  # a complete machine: every test runs
    for item in items:
        if item.get_closest_marker("needs_dot"):
            item.add_marker(pytest.mark.skip(reason=NO_DOT))


def pytest_sessionfinish(session, exitstatus):
    """With MICROGD_REQUIRE_ALL=1 (as in CI) a skipped test fails the run: CI proves everything ran.

    Skips come from a missing `dot` (above) or a missing PyTorch or micrograd (importorskip).
    The terminal reporter's stats hold them all, including whole modules skipped at import.
    """
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("MICROGD_REQUIRE_ALL") != "1" or reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    if not skipped:
        return
    reporter.write_line("")  # end the line of progress dots
    reporter.write_sep("=", f"MICROGD_REQUIRE_ALL=1: {len(skipped)} skipped, so the run fails", red=True, bold=True)
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reporter.write_line(f"SKIPPED {report.nodeid}: {reason.removeprefix('Skipped: ')}")
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fixed_seed():
    random.seed(0)
