"""The contributors chart: a horizontal bar chart as an SVG data URI (server-side)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from krampe.domain.diet import Contributor

BAR = "#1f4e79"  # the app's brand colour: high contrast on white
INK = "#1b1e23"


def contributors_svg(contributors: Sequence[Contributor], lang: str) -> str:
    """A data: URI of an SVG bar chart of mg a day per contributor, largest on top."""
    # matplotlib is heavy: load it only when a chart is drawn, with no display.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    names = [c.name.text(lang) for c in contributors][::-1]
    values = [c.mg_per_day for c in contributors][::-1]
    height = 0.5 + 0.45 * len(values)
    figure = Figure(figsize=(6.4, height), dpi=100)
    axes = figure.add_subplot()
    bars = axes.barh(names, values, color=BAR)
    axes.bar_label(bars, labels=[f"{v:.0f}" for v in values], padding=3, color=INK, fontsize=10)
    axes.set_xlabel(_("mg magnesium a day"), color=INK)
    axes.tick_params(colors=INK, labelsize=10)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_xlim(0, max(values) * 1.18)
    figure.tight_layout()
    buffer = io.BytesIO()
    # Text stays text (smaller file, sharp at any zoom); no timestamp, so the SVG is reproducible.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "krampe"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
