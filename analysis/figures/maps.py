"""The outlet map: groups placed by the similarity of their category profiles."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    PLOT_STYLE,
    display_order,
    empty_figure,
    figure,
    finish,
    palette,
    require,
    wrap_label,
)

__all__ = [
    "plot_outlet_map",
]


# Label offsets tried around a point, in points: right, left, above, below, then diagonals.
_LABEL_OFFSETS = [(7, 0), (-7, 0), (0, 8), (0, -8), (7, 8), (-7, 8), (7, -8), (-7, -8)]


def _place_labels(fig: Figure, ax, xs: np.ndarray, ys: np.ndarray, labels: Sequence[str]) -> None:
    """Label each point, choosing for each label the first offset whose box overlaps no label
    placed before it and no point (greedy, deterministic); the least overlapping one otherwise."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # settles the axis limits and the layout, so boxes are where they will be
    renderer = canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = [ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)]
    placed: list = []
    for x, y, label in zip(xs, ys, labels, strict=True):
        best, best_cost = None, None
        for dx, dy in _LABEL_OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            text = ax.annotate(
                label,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8.5,
            )
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            cost = (
                sum(box.overlaps(other) for other in placed)
                + sum(box.contains(px, py) for px, py in points)
                + (0 if inside else 1)
            )
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best[0].remove()
                best, best_cost = (text, box), cost
            else:
                text.remove()
            if cost == 0:
                break
        placed.append(best[1])


def plot_outlet_map(
    outlet_map: pd.DataFrame,
    *,
    method: str = "MDS",
    title: str | None = None,
) -> Figure:
    """Return a scatter of the 2-D outlet map (group, x, y), each point labelled with its group.

    The map places outlets with similar category-rate profiles close together; the axes have no
    units (only distances between points mean something, and MDS/PCA axes can flip sign).
    """
    require(outlet_map, ("group", "x", "y"), "plot_outlet_map")
    title = title or "Outlets by similarity of their loaded-term profiles"
    data = outlet_map.dropna(subset=["x", "y"])
    if data.empty:
        return empty_figure(title, "no outlet has a position (need at least two outlets)")
    data = data.set_index("group").loc[display_order(data["group"])].reset_index()
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(6.2, 5.0)
        ax = fig.add_subplot()
        colors = palette(len(data))
        ax.scatter(data["x"], data["y"], s=60, c=colors, edgecolor="black", linewidth=0.6, zorder=3)
        ax.margins(x=0.25, y=0.18)
        _place_labels(
            fig,
            ax,
            data["x"].to_numpy(float),
            data["y"].to_numpy(float),
            [wrap_label(g, 20) for g in data["group"]],
        )
        ax.axhline(0, color="#dddddd", linewidth=0.6, zorder=0)
        ax.axvline(0, color="#dddddd", linewidth=0.6, zorder=0)
        ax.set_xlabel(f"{method} dimension 1 (no unit: only distances matter)")
        ax.set_ylabel(f"{method} dimension 2 (no unit)")
        ax.set_title(title, loc="left")
    pairs = []
    coords = data[["x", "y"]].to_numpy(float)
    for i in range(len(data)):
        for j in range(i + 1, len(data)):
            pairs.append(
                (float(np.hypot(*(coords[i] - coords[j]))), data["group"][i], data["group"][j])
            )
    caption = (
        f"Outlets placed by {method} so that outlets with similar rates across lexicon categories"
        f" sit close together; read distances, not directions."
    )
    if pairs:
        _, a, b = min(pairs)
        caption += f" Closest pair on the map: {a} and {b}."
    return finish(fig, caption)
