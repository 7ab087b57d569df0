"""Charts for reports, drawn with matplotlib's object API (no pyplot state, no display needed)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .formatting import NBSP, format_percent

PLANNED_COLOUR = "#c9d6e8"
SPENT_COLOUR = "#1f4e79"


def _thousands(value: float, _position: int) -> str:
    return f"{value:,.0f}".replace(",", NBSP)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # No software/date metadata, so the same figures give the same bytes.
    figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    return buffer.getvalue()


def planned_vs_spent(
    names: Sequence[str], planned: Sequence[Decimal], spent: Sequence[Decimal], title: str
) -> bytes:
    """Horizontal bars per category: planned (light) and spent to date (dark), with % spent."""
    figure = Figure(figsize=(7.0, 0.9 + 0.8 * len(names)), layout="constrained")
    axes = figure.add_subplot()
    positions = range(len(names))
    axes.barh(positions, [float(p) for p in planned], color=PLANNED_COLOUR, label="Plānots")
    axes.barh(
        positions, [float(s) for s in spent], height=0.45, color=SPENT_COLOUR, label="Izlietots"
    )
    for position, p, s in zip(positions, planned, spent, strict=True):
        share = format_percent((s / p).quantize(Decimal("0.0001"))) if p else "–"
        axes.text(float(max(p, s)), position, f"  {share}", va="center", fontsize=9)
    axes.set_yticks(list(positions), list(names))
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(FuncFormatter(_thousands))
    axes.set_xlabel("EUR")
    axes.set_title(title, fontsize=11)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.15)
    return _png(figure)
