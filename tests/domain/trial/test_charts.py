import datetime as dt

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.charts import diary_chart, posterior_chart, result_chart
from krampe.domain.trial.design import open_label_design
from krampe.domain.trial.simulate import simulate_diary


def _diary():
    design = open_label_design(dt.date(2025, 1, 6))
    nights = simulate_diary(design, 0.6, seed=1)
    return nights, analyze_nights(nights, design)


def test_svg_and_png_are_valid_files():
    nights, result = _diary()
    svg = result_chart(nights, result, "svg", "da")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert "Indkøring".encode() in svg  # run-in marked in the legend
    png = diary_chart(nights, "png", "en")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert posterior_chart(result, "png")[:4] == b"\x89PNG"
