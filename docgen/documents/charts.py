"""Charts for reports: planned vs spent per category, cumulative.

A chart is described by a :class:`ChartSpec` (plain data, cheap to build and to hash) and drawn
to PNG only when a document is rendered. It shows each category's spending as a share of its
plan (the plan is the full light bar), with the amounts written beside it, so the axis is the
same 0-100 % on every chart.

matplotlib draws the frame of a chart (axes, ticks, category names, legend), with its default
style whatever the machine's matplotlibrc says; each chart then copies that picture and paints
its bars, amounts and title on it with Pillow, at the places matplotlib's transforms give and in
the same font. A batch draws hundreds of charts: drawing each whole with matplotlib costs about
100 ms (its text layout), this about 3.

The frame depends only on the category names, so it is drawn when the package is built
(``python tools/build_chart_frame.py``) and shipped in ``docgen/documents/chart_frames/``: importing
matplotlib and drawing it would cost every run half a second. A frame that is not shipped (other
categories, or a missing font) is drawn with matplotlib when it is first needed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import math
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.latvian.formatting import NBSP, format_amount, format_share
from docgen.money import fraction

PLANNED_COLOUR = "#c9d6e8"
SPENT_COLOUR = "#1f4e79"
DPI = 110
LABEL_POINTS, TITLE_POINTS = 8, 11
FRAMES = Path(__file__).parent / "chart_frames"
# The legend's words for the two bars: a caption under a chart says the same (the shipped frames
# are drawn with them: change them, and draw the frames again).
LEGEND = ("Plānots", "Izlietots")


@dataclass(frozen=True)
class ChartSpec:
    """Planned vs spent per category (cumulative), with a title."""

    names: tuple[str, ...]
    planned: tuple[Decimal, ...]
    spent: tuple[Decimal, ...]
    title: str
    width_mm: float = 160


def bar_label(planned: Decimal, spent: Decimal) -> str:
    """The words under a bar: "9,00 no 32,00 EUR (28,13 %)", the share as the tables write it."""
    if not planned:
        return f"{format_amount(spent)} EUR; nav plānots"
    share = format_share(fraction(spent, planned))
    return f"{format_amount(spent)} no {format_amount(planned)} EUR ({share})"


def _percent_axis(value: float, _position: int) -> str:
    return f"{value:.0f}{NBSP}%"


def frame_key(names: tuple[str, ...]) -> str:
    """The name of the shipped frame for these categories."""
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode()).hexdigest()[:16]


def draw_frame(names: tuple[str, ...]) -> tuple[Any, dict[str, Any], Path]:
    """The frame of charts with these categories, drawn with matplotlib: the picture (RGB),
    where the bars and texts go (``geometry``, as :class:`_Drawer` takes it) and the font."""
    # Imported here: matplotlib takes half a second to import, and most runs draw no frame.
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter
    from PIL import Image

    count = len(names)
    with matplotlib.style.context("default"):
        figure = Figure(figsize=(7.0, 1.0 + 0.65 * count), dpi=DPI)
        canvas = FigureCanvasAgg(figure)
        figure.subplots_adjust(left=0.3, right=0.95, top=0.84, bottom=0.2)
        axes = figure.add_subplot()
        axes.set_ylim(count - 0.5, -0.5)  # the first category on top
        axes.set_yticks(range(count), list(names))
        axes.set_xlim(0, 100)
        axes.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
        axes.set_xlabel("Izlietots no plānotā")
        axes.legend(
            handles=[Patch(color=PLANNED_COLOUR), Patch(color=SPENT_COLOUR)],
            labels=list(LEGEND),
            loc="lower right",
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(1.0, 1.0),
        )
        axes.spines[["top", "right"]].set_visible(False)
        canvas.draw()
        font = Path(findfont(FontProperties(family=["sans-serif"])))
    width, height = canvas.get_width_height()
    frame = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba()).convert("RGB")

    def pixel(x: float, y: float) -> tuple[float, float]:
        px, py = axes.transData.transform((x, y))
        return float(px), float(height - py)  # Pillow counts rows from the top

    zero = pixel(0, 0)[0]
    geometry = {
        "names": list(names),
        "font": font.name,
        "zero": zero,
        "per_percent": (pixel(100, 0)[0] - zero) / 100,
        "rows": [
            [
                pixel(0, i - 0.4)[1],
                pixel(0, i + 0.4)[1],
                pixel(0, i - 0.225)[1],
                pixel(0, i + 0.225)[1],
            ]
            for i in range(count)
        ],
        "title_at": [0.03 * width, 0.07 * height],
    }
    return frame, geometry, font


def save_frame(names: tuple[str, ...], folder: Path = FRAMES) -> Path:
    """Draw the frame of these charts with matplotlib and save it (PNG and geometry) to ship."""
    frame, geometry, _ = draw_frame(names)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{frame_key(names)}.png"
    frame.save(target, optimize=True)
    text = json.dumps(geometry, ensure_ascii=False, indent=1) + "\n"
    target.with_suffix(".json").write_text(text, encoding="utf-8")
    return target


def _font_file(name: str) -> Path | None:
    """A font file shipped with matplotlib (found without importing it)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / name
    return path if path.is_file() else None


def _shipped_frame(names: tuple[str, ...], folder: Path = FRAMES) -> tuple[Any, dict, Path] | None:
    """The shipped frame of these charts and its font, if there is one for exactly them."""
    from PIL import Image

    picture = folder / f"{frame_key(names)}.png"
    try:
        geometry = json.loads(picture.with_suffix(".json").read_text(encoding="utf-8"))
        if tuple(geometry["names"]) != names:
            return None
        font = _font_file(geometry["font"])
        if font is None:
            return None
        with Image.open(picture) as image:
            return image.convert("RGB"), geometry, font
    except (OSError, ValueError, KeyError):
        return None


class _Drawer:
    """Paints charts with the given categories on their frame."""

    def __init__(self, names: tuple[str, ...]):
        from PIL import Image, ImageFont

        shipped = _shipped_frame(names)
        if shipped is not None:
            self.frame, geometry, font = shipped
        else:
            self.frame, geometry, font = draw_frame(names)
        self.zero = geometry["zero"]
        self.per_percent = geometry["per_percent"]
        self.rows = [tuple(row) for row in geometry["rows"]]
        self.title_at = tuple(geometry["title_at"])
        self.label_font = ImageFont.truetype(str(font), round(LABEL_POINTS * DPI / 72))
        self.title_font = ImageFont.truetype(str(font), round(TITLE_POINTS * DPI / 72))
        # A palette of the chart's own colours (and their anti-aliased blends), from a sample:
        # a paletted PNG is a third of the size and encodes four times faster.
        half = tuple(Decimal(1) for _ in names), tuple(Decimal("0.5") for _ in names)
        sample_spec = ChartSpec(names, *half, "Izmaksu apguve 0123456789 %")
        sample = self.painted(sample_spec)
        self.palette = sample.quantize(colors=48, method=Image.Quantize.MEDIANCUT)
        # Median cut averages the background to an off-white: make near-whites white.
        colours = self.palette.getpalette()
        for i in range(0, len(colours), 3):
            if min(colours[i : i + 3]) >= 245:
                colours[i : i + 3] = [255, 255, 255]
        self.palette.putpalette(colours)
        self.paletted_frame = self.frame.quantize(palette=self.palette, dither=Image.Dither.NONE)
        # What a chart changes: the title's band above the plot, and the plot with its labels.
        # Only these are painted and quantised (a third of the picture); the rest is the frame.
        width, height = self.frame.size
        plot_top = max(0, math.floor(self.rows[0][0]) - 2)
        plot_bottom = min(height, math.ceil(self.rows[-1][1]) + 10)
        self.title_band = (0, 0, width, plot_top)
        self.plot_band = (max(0, math.floor(self.zero) - 2), plot_top, width, plot_bottom)
        # One chart now, so that what a first chart loads (Pillow's image plugins, the PNG
        # encoder) is loaded before the batch forks its workers, not in each of them.
        self.draw(sample_spec)

    def draw(self, spec: ChartSpec) -> bytes:
        picture = self.paletted_frame.copy()
        picture.paste(self._title_band(spec.title), self.title_band[:2])
        plot = self.frame.crop(self.plot_band)
        self._bars(plot, spec, *self.plot_band[:2])
        picture.paste(self._paletted(plot), self.plot_band[:2])
        buffer = io.BytesIO()
        # Run-length deflate: charts are long runs of one colour (a quarter faster, 3 % bigger).
        picture.save(buffer, format="PNG", compress_level=1, compress_type=zlib.Z_RLE)
        return buffer.getvalue()

    @functools.lru_cache(maxsize=64)  # noqa: B019 - a drawer lives as long as the process
    def _title_band(self, title: str) -> Any:
        """The band above the plot with this title, paletted (reports of a period share it)."""
        band = self.frame.crop(self.title_band)
        self._title(band, title, *self.title_band[:2])
        return self._paletted(band)

    def painted(self, spec: ChartSpec) -> Any:
        """The whole chart in RGB (what :meth:`draw` paints in parts)."""
        picture = self.frame.copy()
        self._bars(picture, spec, 0, 0)
        self._title(picture, spec.title, 0, 0)
        return picture

    def _paletted(self, picture: Any) -> Any:
        from PIL import Image

        return picture.quantize(palette=self.palette, dither=Image.Dither.NONE)

    def _bars(self, picture: Any, spec: ChartSpec, left: int, top: int) -> None:
        """Paint the bars and their amounts on ``picture``, whose corner is at (left, top)."""
        from PIL import ImageDraw

        pen = ImageDraw.Draw(picture)
        zero = self.zero - left
        right = zero + 100 * self.per_percent
        for (row_top, bottom, bar_top, bar_bottom), p, s in zip(
            self.rows, spec.planned, spec.spent, strict=True
        ):
            row_top, bottom, bar_top, bar_bottom = (
                row_top - top,
                bottom - top,
                bar_top - top,
                bar_bottom - top,
            )
            if p:
                share = fraction(s, p)
                pen.rectangle((zero, row_top, right, bottom), fill=PLANNED_COLOUR)
                end = zero + float(min(share, 1) * 100) * self.per_percent
                if end > zero:
                    pen.rectangle((zero, bar_top, end, bar_bottom), fill=SPENT_COLOUR)
            label = bar_label(p, s)
            label_y = bar_bottom + (bottom - bar_bottom) / 2
            pen.text((zero + 4, label_y), label, font=self.label_font, fill="black", anchor="lm")

    def _title(self, picture: Any, title: str, left: int, top: int) -> None:
        from PIL import ImageDraw

        at = (self.title_at[0] - left, self.title_at[1] - top)
        ImageDraw.Draw(picture).text(at, title, font=self.title_font, fill="black", anchor="lm")


_drawers: dict[tuple[str, ...], _Drawer] = {}


def warm(names: tuple[str, ...]) -> None:
    """Have the frame of charts with these categories ready (before forking the workers)."""
    if names not in _drawers:
        _drawers[names] = _Drawer(names)


def draw(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes."""
    drawer = _drawers.get(spec.names)
    if drawer is None:
        drawer = _drawers[spec.names] = _Drawer(spec.names)
    return drawer.draw(spec)
