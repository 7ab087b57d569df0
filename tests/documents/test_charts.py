"""The reports' charts: the shipped frame is matplotlib's, and a chart shows its figures."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from docgen.documents import charts
from docgen.documents.charts import ChartSpec, bar_label, draw_frame, frame_key
from docgen.records import DEFAULT_CATEGORIES

NAMES = tuple(c.name for c in DEFAULT_CATEGORIES)
SPEC = ChartSpec(
    NAMES,
    (Decimal("1000.00"), Decimal("2000.00"), Decimal("0")),
    (Decimal("500.00"), Decimal("2500.00"), Decimal("3.00")),
    "Izmaksu apguve līdz 31.12.2022.",
)


def difference(a: Image.Image, b: Image.Image) -> float:
    """The mean difference of two pictures' pixels, 0..255."""
    assert a.size == b.size
    return max(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean)


@pytest.fixture
def fresh_drawers(monkeypatch):
    monkeypatch.setattr(charts, "_drawers", {})


def test_the_shipped_frame_is_what_matplotlib_draws_now():
    """Fails when the categories or the drawing changed: run tools/build_chart_frame.py."""
    shipped = charts.FRAMES / f"{frame_key(NAMES)}.png"
    assert shipped.is_file(), "no shipped frame for the categories: run tools/build_chart_frame.py"
    geometry = json.loads(shipped.with_suffix(".json").read_text(encoding="utf-8"))
    frame, drawn, font = draw_frame(NAMES)
    assert geometry["names"] == list(NAMES)
    assert geometry["font"] == font.name
    for key in ("zero", "per_percent"):
        assert geometry[key] == pytest.approx(drawn[key], abs=0.5)
    for shipped_row, drawn_row in zip(geometry["rows"], drawn["rows"], strict=True):
        assert shipped_row == pytest.approx(drawn_row, abs=0.5)
    with Image.open(shipped) as picture:
        assert difference(picture, frame) < 1.0


def test_a_run_does_not_import_matplotlib(fresh_python):
    code = (
        "import sys; from decimal import Decimal; from docgen.documents import charts;"
        "from docgen.records import DEFAULT_CATEGORIES as C; n = tuple(c.name for c in C);"
        "png = charts.draw(charts.ChartSpec(n, (Decimal(1),) * 3, (Decimal(1),) * 3, 'x'));"
        "assert png.startswith(b'\\x89PNG'); print('matplotlib' in sys.modules)"
    )
    assert fresh_python(code) == ["False"]


def test_the_shipped_frame_and_matplotlib_make_the_same_chart(fresh_drawers, monkeypatch):
    from_shipped = Image.open(io.BytesIO(charts.draw(SPEC)))
    monkeypatch.setattr(charts, "_drawers", {})
    monkeypatch.setattr(charts, "_shipped_frame", lambda names: None)
    from_matplotlib = Image.open(io.BytesIO(charts.draw(SPEC)))
    assert difference(from_shipped, from_matplotlib) < 1.0


def test_categories_without_a_shipped_frame_are_drawn_with_matplotlib(fresh_drawers):
    names = ("Pirmā kategorija", "Otrā")
    assert charts._shipped_frame(names) is None
    spec = ChartSpec(names, (Decimal(10), Decimal(10)), (Decimal(5), Decimal(10)), "Cits")
    picture = Image.open(io.BytesIO(charts.draw(spec)))
    assert picture.format == "PNG"
    assert picture.height < Image.open(io.BytesIO(charts.draw(SPEC))).height  # two rows, not 3


def test_a_damaged_or_foreign_shipped_frame_is_not_used(tmp_path: Path):
    key = frame_key(NAMES)
    (tmp_path / f"{key}.png").write_bytes(b"not a picture")
    (tmp_path / f"{key}.json").write_text("{not json", encoding="utf-8")
    assert charts._shipped_frame(NAMES, tmp_path) is None
    charts.save_frame(("Cits",), tmp_path)
    foreign = tmp_path / f"{frame_key(('Cits',))}.json"
    foreign.rename(tmp_path / f"{key}.json")
    (tmp_path / f"{frame_key(('Cits',))}.png").replace(tmp_path / f"{key}.png")
    assert charts._shipped_frame(NAMES, tmp_path) is None  # made for other categories


def test_a_chart_shows_each_share_as_a_bar(fresh_drawers):
    """The spent bar ends at the share of the plan (capped at the plan), read off the pixels."""
    picture = Image.open(io.BytesIO(charts.draw(SPEC))).convert("RGB")
    drawer = charts._drawers[NAMES]
    spent = Image.new("RGB", (1, 1), charts.SPENT_COLOUR).getpixel((0, 0))

    def bar_end(row: int) -> float | None:
        _, _, bar_top, bar_bottom = drawer.rows[row]
        y = round((bar_top + bar_bottom) / 2)
        xs = [x for x in range(picture.width) if picture.getpixel((x, y)) == spent]
        return max(xs) if xs else None

    assert bar_end(0) == pytest.approx(drawer.zero + 50 * drawer.per_percent, abs=1.5)
    assert bar_end(1) == pytest.approx(drawer.zero + 100 * drawer.per_percent, abs=1.5)
    assert bar_end(2) is None  # nothing planned: no bar, the amount is written instead


def test_a_chart_painted_in_parts_is_the_whole_picture(fresh_drawers):
    """draw() paints only the title's band and the plot: the same pixels as painting it all."""
    charts.draw(SPEC)
    drawer = charts._drawers[NAMES]
    long_title = ChartSpec(NAMES, SPEC.planned, SPEC.spent, "Izmaksu apguve " * 6)
    big = ChartSpec(NAMES, (Decimal("99999999.99"),) * 3, (Decimal("123456789.01"),) * 3, "x")
    for spec in (SPEC, long_title, big):
        in_parts = Image.open(io.BytesIO(drawer.draw(spec)))
        whole = drawer.painted(spec).quantize(palette=drawer.palette, dither=Image.Dither.NONE)
        assert in_parts.tobytes() == whole.tobytes()


def test_the_chart_labels_write_shares_as_the_tables_do():
    assert bar_label(Decimal("32.00"), Decimal("9.00")) == ("9,00 no 32,00 EUR (28,13\u00a0%)")
    assert bar_label(Decimal("0.00"), Decimal("0.00")) == "0,00 EUR; nav plānots"
