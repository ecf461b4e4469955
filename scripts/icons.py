"""Draw Krampe's icons and write them as SVG, PNG and ICO, the same bytes every run.

The icon is a pale crescent moon (the night) over a bold K on the app's blue.
One drawing gives every file the web-app manifest and the browsers ask for:

- ``icon.svg``            the drawing itself (also the browser tab's icon)
- ``icon-192.png``, ``icon-512.png``          "any": rounded corners, transparent outside
- ``maskable-192.png``, ``maskable-512.png``  full bleed, the drawing inside the safe zone
- ``apple-touch-icon.png`` 180 px, full bleed (iOS rounds the corners itself)
- ``favicon.ico``          16, 32 and 48 px

Run with the project's venv: ``.venv/bin/python scripts/icons.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch, Rectangle
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "src" / "krampe" / "web" / "pwa" / "static" / "pwa"
BRAND = "#1f4e79"  # --brand in app.css: the header and the theme colour
MOON = "#f4e7c5"
INK = "#ffffff"


def draw(*, full_bleed: bool, scale: float) -> plt.Figure:
    """The icon on a unit square; ``scale`` shrinks the drawing towards the centre."""
    plt.rcParams["svg.hashsalt"] = "krampe"  # stable ids in the SVG
    fig = plt.figure(figsize=(1, 1), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    fig.patch.set_alpha(0)
    if full_bleed:
        ax.add_patch(Rectangle((0, 0), 1, 1, color=BRAND, lw=0))
    else:
        ax.add_patch(
            FancyBboxPatch(
                (0.02, 0.02),
                0.96,
                0.96,
                boxstyle="round,pad=0,rounding_size=0.2",
                color=BRAND,
                lw=0,
            )
        )

    def at(x: float, y: float) -> tuple[float, float]:
        return 0.5 + (x - 0.5) * scale, 0.5 + (y - 0.5) * scale

    # The crescent: a moon disc with a disc of the background laid over it.
    ax.add_patch(Circle(at(0.3, 0.71), 0.17 * scale, color=MOON, lw=0))
    ax.add_patch(Circle(at(0.38, 0.77), 0.145 * scale, color=BRAND, lw=0))
    letter = TextPath((0, 0), "K", size=1, prop=FontProperties(family="DejaVu Sans", weight="bold"))
    box = letter.get_extents()
    height = 0.44 * scale
    x0, y0 = at(0.5, 0.16)
    k = height / box.height
    transform = (
        Affine2D()
        .translate(-box.x0 - box.width / 2, -box.y0)
        .scale(k)
        .translate(x0 + 0.1 * scale, y0)
    )
    ax.add_patch(PathPatch(transform.transform_path(letter), color=INK, lw=0))
    return fig


def png(fig: plt.Figure, size: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=size, transparent=True, metadata={"Software": None})
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rounded = draw(full_bleed=False, scale=1.0)
    svg = io.BytesIO()
    rounded.savefig(svg, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    (OUT / "icon.svg").write_bytes(svg.getvalue())
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(rounded, size))
    # Maskable: launchers crop to a circle of 80 % of the width; keep the drawing inside.
    maskable = draw(full_bleed=True, scale=0.78)
    for size in (192, 512):
        (OUT / f"maskable-{size}.png").write_bytes(png(maskable, size))
    touch = draw(full_bleed=True, scale=0.86)
    (OUT / "apple-touch-icon.png").write_bytes(png(touch, 180))
    tab = Image.open(io.BytesIO(png(draw(full_bleed=True, scale=1.0), 48)))
    tab.save(OUT / "favicon.ico", format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    for fig in (rounded, maskable, touch):
        plt.close(fig)
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
