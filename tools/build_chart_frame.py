"""Draw the frame of the reports' charts with matplotlib and save it into the package.

    python tools/build_chart_frame.py

The frame (axes, category names, legend) depends only on the category names; docgen ships it
in docgen/documents/chart_frames/ so that a run need not import matplotlib. Run this after
changing the category names or the way charts.draw_frame draws; tests/documents/test_charts.py
fails until then.
"""

from __future__ import annotations

from docgen.documents.charts import FRAMES, save_frame
from docgen.records import DEFAULT_CATEGORIES


def main() -> None:
    names = tuple(c.name for c in DEFAULT_CATEGORIES)
    for old in FRAMES.glob("*"):
        old.unlink()
    print(save_frame(names))


if __name__ == "__main__":
    main()
