"""Charts for reports, drawn with matplotlib's object API (no pyplot state, no display needed).

A chart is described by a :class:`ChartSpec` (plain data, cheap to build and to hash) and drawn
to PNG only when a document is rendered. The chart shows each category's spending as a share of
its plan (the plan is the full light bar), with the amounts written beside it, so that the axis
is the same 0-100 % on every chart: one figure per process is drawn again with new values instead
of building a new one for each of a batch's hundreds of reports (matplotlib's text layout is
most of a chart's cost, and unchanged labels are laid out once).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from .formatting import NBSP, format_amount, format_percent

PLANNED_COLOUR = "#c9d6e8"
SPENT_COLOUR = "#1f4e79"
PERCENT_STEP = Decimal("0.0001")


@dataclass(frozen=True)
class ChartSpec:
    """Planned vs spent per category (cumulative), with a title."""

    names: tuple[str, ...]
    planned: tuple[Decimal, ...]
    spent: tuple[Decimal, ...]
    title: str
    width_mm: float = 160


def _percent_axis(value: float, _position: int) -> str:
    return f"{value:.0f}{NBSP}%"


class _Drawer:
    """One figure for charts of given categories: the axes, labels and legend are drawn once,
    then each chart restores that background and draws only its bars, amounts and title
    (matplotlib's blitting), which is most of the cost saved."""

    def __init__(self, names: tuple[str, ...]):
        # Imported here: matplotlib takes a second to import, and most commands draw nothing.
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter

        count = len(names)
        self.figure = Figure(figsize=(7.0, 1.0 + 0.65 * count), dpi=110)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.3, right=0.95, top=0.84, bottom=0.2)
        axes = self.figure.add_subplot()
        positions = list(range(count))
        axes.barh(positions, [100] * count, color=PLANNED_COLOUR, label="Plānots")
        self.spent = axes.barh(
            positions, [0] * count, height=0.45, color=SPENT_COLOUR, label="Izlietots"
        )
        self.planned_masks = axes.barh(positions, [0] * count, color="white")
        self.labels = [axes.text(1, p + 0.36, "", va="center", fontsize=8) for p in positions]
        axes.set_yticks(positions, list(names))
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
        axes.set_xlabel("Izlietots no plānotā")
        axes.legend(
            handles=[axes.patches[0], self.spent[0]],
            labels=["Plānots", "Izlietots"],
            loc="lower right",
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(1.0, 1.0),
        )
        axes.spines[["top", "right"]].set_visible(False)
        self.title = self.figure.text(0.03, 0.93, "", fontsize=11, va="center")
        self.dynamic = [*self.planned_masks, *self.spent, *self.labels, self.title]
        for artist in self.dynamic:
            artist.set_animated(True)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def draw(self, spec: ChartSpec) -> bytes:
        for bar, mask, label, p, s in zip(
            self.spent, self.planned_masks, self.labels, spec.planned, spec.spent, strict=True
        ):
            share = (s / p).quantize(PERCENT_STEP) if p else None
            bar.set_width(float(min(share, 1) * 100) if share is not None else 0.0)
            mask.set_width(0 if p else 100)  # nothing planned: no light bar either
            label.set_text(
                f"{format_amount(s)} no {format_amount(p)} EUR ({format_percent(share)})"
                if share is not None
                else f"{format_amount(s)} EUR; nav plānots"
            )
        self.title.set_text(spec.title)
        self.canvas.restore_region(self.background)
        for artist in self.dynamic:
            self.figure.draw_artist(artist)
        from PIL import Image

        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()


_drawers: dict[tuple[str, ...], _Drawer] = {}


def draw(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes."""
    drawer = _drawers.get(spec.names)
    if drawer is None:
        drawer = _drawers[spec.names] = _Drawer(spec.names)
    return drawer.draw(spec)
