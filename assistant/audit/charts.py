"""Charts of the audit report as inline PNG data (matplotlib, Agg backend, no global state)."""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_INK = "#1f2933"
_ACCENT = "#b42318"
_MUTED = "#9aa5b1"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure  # imported here: audit workers never draw

    return Figure(figsize=(width, height))


def _png(figure: Figure) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def category_chart(counts: dict[str, int], labels: dict[str, str], axis_label: str) -> str:
    """Horizontal bars: flagged rows per category (a row may count in several); `axis_label` names the count."""
    names = [name for name, count in counts.items() if count]
    figure = _figure(7, 0.45 * max(len(names), 1) + 0.8)
    axes = figure.add_subplot()
    values = [counts[name] for name in names]
    axes.barh([labels.get(name, name) for name in names], values, color=_ACCENT)
    axes.invert_yaxis()
    for position, value in enumerate(values):
        axes.annotate(f"{value:,}".replace(",", "\u202f"), (value, position), xytext=(4, 0),
                      textcoords="offset points", va="center", fontsize=8, color=_INK)
    axes.set_xlabel(axis_label)
    _tidy(axes)
    return _png(figure)


def monthly_chart(months: dict[str, dict[str, int]], text: dict[str, str]) -> str:
    """Per month of last contact: rows checked and share flagged; `text` holds the axis and legend labels."""
    keys = list(months)
    figure = _figure(8, 3.2)
    axes = figure.add_subplot()
    rows = [months[key]["rows"] for key in keys]
    axes.bar(range(len(keys)), rows, color=_MUTED, label=text["axis_rows"])
    axes.set_ylabel(text["axis_rows_by_month"])
    share = axes.twinx()
    share.plot(range(len(keys)), [100 * months[k]["flagged"] / months[k]["rows"] if months[k]["rows"] else 0
                                  for k in keys], color=_ACCENT, marker=".", label=text["legend_flagged_share"])
    share.set_ylabel(text["axis_flagged_share"], color=_ACCENT)
    step = max(1, len(keys) // 12)
    axes.set_xticks(range(0, len(keys), step), keys[::step], rotation=45, ha="right", fontsize=8)
    _tidy(axes)
    share.spines["top"].set_visible(False)
    return _png(figure)


def _tidy(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=_INK, labelsize=8)
