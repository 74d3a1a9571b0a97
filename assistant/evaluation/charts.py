"""Bar charts of evaluation results (PNG, matplotlib Agg: no display needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def recall_bars(series: dict[str, dict[str, float | None]], title: str, path: Path) -> Path:
    """Grouped bars, one group per label, one bar per system (e.g. ours vs vanilla Presidio)."""
    systems = list(series)
    labels = list(next(iter(series.values())))
    width = 0.8 / len(systems)
    figure, axes = plt.subplots(figsize=(max(8, len(labels) * 0.7), 4.2))
    for index, system in enumerate(systems):
        values = [series[system].get(label) or 0.0 for label in labels]
        positions = [x + index * width for x in range(len(labels))]
        axes.bar(positions, values, width=width, label=system)
    axes.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(labels))])
    axes.set_xticklabels(labels, rotation=35, ha="right", fontsize=8)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("recall")
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
