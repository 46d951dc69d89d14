"""The loss landscape: L(m, b), the MSE of the line y = m*x + b, over the (m, b) plane.

A line has only two parameters, so its loss can be drawn: every point (m, b) of the plane is a
line, and its height is that line's MSE on the data,

    L(m, b) = (1/n) * sum over points of (y_i - (m * x_i + b))**2.

For the MSE of a line this surface is a bowl with exactly one lowest point: the best line.
Gradient descent walks down it. We draw the bowl two ways: as a 3D surface, and as contours
(lines of equal loss, like a hiking map), with the path the parameters took on top.

Drawing needs the height at thousands of grid points but no gradients, so numpy evaluates the
formula above directly; every *gradient* in the demos still comes from microgd's backward().
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from microgd.pictures.plots import PATH_COLOR, plt  # noqa: F401  (plt: importing plots checks matplotlib)

Point = tuple[float, float]


def mse_grid(xs: Sequence[float], ys: Sequence[float], ms: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """L(m, b) at every pair of ``ms`` x ``bs``: an array of shape (len(bs), len(ms)).

    Rows follow b and columns follow m, the layout matplotlib's contour(ms, bs, L) expects.
    """
    x = np.asarray(xs, dtype=float)[None, None, :]
    y = np.asarray(ys, dtype=float)[None, None, :]
    m, b = np.meshgrid(ms, bs)
    errors = y - (m[..., None] * x + b[..., None])  # one error per (b, m, data point)
    return (errors**2).mean(axis=-1)


def window(points: Sequence[Point], centre: Point | None = None, margin: float = 0.25,
           min_size: float = 1.0) -> tuple[Point, Point]:
    """A square (m_range, b_range) holding every point given (a path, a start), with room to spare.

    Square, the same length along m and b, so the bowl's true shape shows: a long narrow valley
    looks long and narrow instead of stretched to fill the picture. Pass ``centre`` (the minimum)
    to put the bottom of the bowl in the middle.
    """
    ms = [p[0] for p in points]
    bs = [p[1] for p in points]
    if centre is None:
        centre = ((min(ms) + max(ms)) / 2, (min(bs) + max(bs)) / 2)
    reach = max([abs(m - centre[0]) for m in ms] + [abs(b - centre[1]) for b in bs] + [min_size / 2])
    half = reach * (1 + margin)
    return (centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half)


def draw_contours(
    ax,
    xs: Sequence[float],
    ys: Sequence[float],
    m_range: Point,
    b_range: Point,
    minimum: Point | None = None,
    resolution: int = 120,
) -> None:
    """Contours of L(m, b), spaced evenly in log(loss) so the rings near the bottom show too."""
    ms = np.linspace(*m_range, resolution)
    bs = np.linspace(*b_range, resolution)
    losses = mse_grid(xs, ys, ms, bs)
    levels = np.geomspace(max(losses.min(), 1e-3 * losses.max()), losses.max(), 18)
    ax.contourf(ms, bs, losses, levels=levels, cmap="viridis", norm=_log_norm(levels),
                extend="both")  # extend: colour the very bottom too, not leave it blank
    ax.contour(ms, bs, losses, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    if minimum is not None:
        ax.plot(*minimum, marker="*", color="red", markersize=15, markeredgecolor="white",
                linestyle="none", zorder=5, label=f"minimum: m = {minimum[0]:.3f}, b = {minimum[1]:.3f}")
    ax.set_xlabel("m (slope)")
    ax.set_ylabel("b (intercept)")
    ax.set_xlim(*m_range)
    ax.set_ylim(*b_range)


def draw_surface(
    ax3d,
    xs: Sequence[float],
    ys: Sequence[float],
    m_range: Point,
    b_range: Point,
    minimum: Point | None = None,
    resolution: int = 50,
) -> None:
    """L(m, b) as a 3D surface: the bowl whose lowest point is the best line.

    ``ax3d`` is an axes made with ``projection="3d"``.
    """
    ms = np.linspace(*m_range, resolution)
    bs = np.linspace(*b_range, resolution)
    m, b = np.meshgrid(ms, bs)
    losses = mse_grid(xs, ys, ms, bs)
    ax3d.plot_surface(m, b, losses, cmap="viridis", alpha=0.75, linewidth=0, antialiased=True)
    if minimum is not None:
        low = mse_grid(xs, ys, np.array([minimum[0]]), np.array([minimum[1]]))[0, 0]
        ax3d.plot([minimum[0]], [minimum[1]], [low], marker="*", color="red", markersize=14,
                  markeredgecolor="white", linestyle="none")
    ax3d.set_xlabel("m (slope)")
    ax3d.set_ylabel("b (intercept)")
    ax3d.set_zlabel("loss L(m, b)")


def draw_path(ax, ms: Sequence[float], bs: Sequence[float], losses: Sequence[float] | None = None,
              label: str = "gradient descent", **style):
    """The parameters' path: (m, b) after each step, from the start (a circle) onwards.

    On a 3D axes pass ``losses`` so the path rides on the surface. Returns the line artist.
    """
    style = {"color": PATH_COLOR, "marker": "o", "markersize": 3, "linewidth": 1.5, **style}
    if losses is None:
        (artist,) = ax.plot(ms, bs, label=label, **style)
        ax.plot(ms[:1], bs[:1], marker="o", color=style["color"], markersize=8, markeredgecolor="black")
    else:
        (artist,) = ax.plot(ms, bs, losses, label=label, **style)
    return artist


def _log_norm(levels: np.ndarray):
    from matplotlib.colors import LogNorm

    return LogNorm(vmin=levels[0], vmax=levels[-1])


def draw_slice(ax, xs: Sequence[float], ys: Sequence[float], m_range: Point, b_range: Point, b: float,
               minimum: Point | None = None) -> None:
    """A small map of the landscape with the slice L(m) = L(m, b fixed) drawn across it.

    Beside a one-knob curve made by ``curves.mse_slice``, it shows where the curve comes from:
    the dashed line is the path through the bowl the curve follows, from m_range[0] to m_range[1].
    """
    draw_contours(ax, xs, ys, m_range, b_range, minimum=minimum, resolution=60)
    ax.axhline(b, color="white", linestyle="--", linewidth=1.5)
    ax.annotate(f"the slice b = {b:.3f}", (m_range[0], b), textcoords="offset points", xytext=(3, 4),
                color="white", fontsize=7)
    ax.set_title("where the curve comes from:\nthe loss L(m, b), cut at fixed b", fontsize=7)
    ax.tick_params(labelsize=6)
    ax.xaxis.label.set_fontsize(7)
    ax.yaxis.label.set_fontsize(7)
