"""Shared test set-up: no display, fixed seeds."""

import os
import random

import matplotlib

matplotlib.use("Agg")  # draw off-screen: tests never need a display
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fixed_seed():
    random.seed(0)
