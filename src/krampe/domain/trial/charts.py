"""Trial charts for the command line (matplotlib, SVG or PNG bytes); the web's charts
are :mod:`krampe.domain.trial.svg_chart`'s.

matplotlib is imported inside the functions, with the Agg backend, so importing
the trial package stays cheap and never needs a display.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from krampe.domain.labels import label as code_label
from krampe.domain.trial.analysis import TrialResult
from krampe.domain.trial.diary import Night
from krampe.domain.trial.svg_chart import shown_nights
from krampe.domain.trial.weeks import weekly
from krampe.domain.vocab import lang_or_default

FORMATS: tuple[str, ...] = ("svg", "png")

_PHASE_COLOURS = {
    "baseline": "#d9d9d9",
    "magnesium": "#9ecae1",
    "placebo": "#fdd0a2",
    "stretching": "#c7e9c0",
    "run_in": "#f0f0f0",
}
# The chart's own words; the phases are named by the label catalog.
_LABELS = {
    "en": {
        "nightly": "cramps per night",
        "weekly": "weekly mean",
        "date": "night of",
        "ratio": "rate ratio (intervention / control)",
        "density": "posterior density",
        "threshold": "responder threshold",
        "none": "no effect",
        "missing": "not logged",
    },
    "da": {
        "nightly": "kramper pr. nat",
        "weekly": "ugegennemsnit",
        "date": "natten efter (dato)",
        "ratio": "rateforhold (behandling / kontrol)",
        "density": "posterior tæthed",
        "threshold": "grænse for effekt",
        "none": "ingen effekt",
        "missing": "ikke registreret",
    },
}


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format '{fmt}' is not one of {', '.join(FORMATS)}")
    if lang not in _LABELS:
        raise ValueError(f"lang '{lang}' is not one of {', '.join(_LABELS)}")


def _draw_diary(ax: Any, nights: Sequence[Night], lang: str) -> None:
    labels = _LABELS[lang]
    lang_code = lang_or_default(lang)
    # The same nights as the web's charts (the last two years up to the last logged
    # night): more bars are unreadable at page width and slow to draw.
    ordered = shown_nights(nights)
    if not ordered:
        return
    # shade consecutive runs of the same phase, labelling each phase once
    seen: set[str] = set()
    run_start = ordered[0]
    for i, night in enumerate(ordered):
        last = i == len(ordered) - 1
        if last or ordered[i + 1].phase != night.phase:
            end = night.date + dt.timedelta(days=1)
            label = None if night.phase in seen else code_label("phase", night.phase, lang_code)
            seen.add(night.phase)
            ax.axvspan(
                run_start.date,
                end,
                color=_PHASE_COLOURS[night.phase],
                alpha=0.7,
                label=label,
                hatch="//" if night.phase == "run_in" else None,
                linewidth=0,
            )
            if not last:
                run_start = ordered[i + 1]
    logged = [n for n in ordered if n.cramps is not None]
    ax.bar(
        [n.date for n in logged],
        [n.cramps for n in logged],
        width=0.8,
        color="#3182bd",
        label=labels["nightly"],
        align="edge",
    )
    # The weekly means of the week table (a missing night is not a zero), mid-week.
    weeks = weekly(ordered)
    if weeks:
        xs = [w.start + dt.timedelta(days=3.5) for w in weeks]
        ys = [w.mean for w in weeks]
        ax.plot(xs, ys, color="#de2d26", marker="o", label=labels["weekly"])
    first = ordered[0].date
    logged_dates = {n.date for n in logged}
    span = (ordered[-1].date - first).days + 1
    gaps = [
        first + dt.timedelta(days=d)
        for d in range(span)
        if first + dt.timedelta(days=d) not in logged_dates
    ]
    if gaps:
        ax.plot(gaps, [0] * len(gaps), "x", color="black", label=labels["missing"])
    ax.set_ylabel(labels["nightly"])
    ax.set_xlabel(labels["date"])
    # Few, short date labels: full ISO dates collide on a one-page summary.
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.legend(loc="upper right", fontsize=7)


def _draw_posterior(ax: Any, result: TrialResult, lang: str) -> None:
    labels = _LABELS[lang]
    if result.posterior is None:
        return
    post = result.posterior
    ratio = np.exp(post.log_ratio)
    step = float(post.log_ratio[1] - post.log_ratio[0]) if post.log_ratio.size > 1 else 1.0
    density = post.mass / (step * ratio)  # mass on the log grid to a density of the ratio
    keep = (ratio > 0.02) & (ratio < 5)
    ax.plot(ratio[keep], density[keep], color="#3182bd")
    if result.rate_ratio is not None:
        _, low, high = result.rate_ratio
        band = keep & (ratio >= low) & (ratio <= high)
        ax.fill_between(ratio[band], density[band], color="#9ecae1", alpha=0.7)
    limit = 1.0 - result.thresholds.threshold
    ax.axvline(limit, color="#de2d26", linestyle="--", label=labels["threshold"])
    ax.axvline(1.0, color="black", linestyle=":", label=labels["none"])
    ax.set_xlabel(labels["ratio"])
    ax.set_ylabel(labels["density"])
    ax.legend(loc="upper right", fontsize=7)


def _render(fig: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buffer.getvalue()


def _figure(rows: int) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(rows, 1, figsize=(9, 3.2 * rows), squeeze=False)


def diary_chart(nights: Sequence[Night], fmt: str = "svg", lang: str = "en") -> bytes:
    """Nightly and weekly cramps with phases shaded and run-ins hatched (the last 366 nights)."""
    _check(fmt, lang)
    fig, axes = _figure(1)
    _draw_diary(axes[0][0], nights, lang)
    return _render(fig, fmt)


def posterior_chart(result: TrialResult, fmt: str = "svg", lang: str = "en") -> bytes:
    """Posterior density of the rate ratio, 95 % interval shaded, threshold marked."""
    _check(fmt, lang)
    fig, axes = _figure(1)
    _draw_posterior(axes[0][0], result, lang)
    return _render(fig, fmt)


def result_chart(
    nights: Sequence[Night], result: TrialResult, fmt: str = "svg", lang: str = "en"
) -> bytes:
    """Both panels in one figure: the diary above, the posterior below."""
    _check(fmt, lang)
    fig, axes = _figure(2)
    _draw_diary(axes[0][0], nights, lang)
    _draw_posterior(axes[1][0], result, lang)
    return _render(fig, fmt)
