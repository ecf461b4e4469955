"""The summary's source list split into columns for the PDF.

WeasyPrint balances CSS columns by laying the list out again and again, which took more
than half of the PDF's render; three lists side by side (numbered on from each other)
look the same and are laid out once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from textwrap import wrap

from krampe.knowledge.sources import Source

SOURCE_COLUMNS = 3
LINE_CHARS = 46  # about what one line of a column holds at the PDF's 6.6 pt


@dataclass(frozen=True)
class SourceColumn:
    start: int  # the number of its first source in the whole list
    sources: tuple[Source, ...]


def _lines(source: Source, lang: str) -> int:
    # As the PDF shows it, "Title. Year.", wrapped at word breaks as a column wraps it.
    return len(wrap(f"{source.title_in(lang)}. {source.year}.", LINE_CHARS)) or 1


def balanced_split(heights: Sequence[int], columns: int) -> list[tuple[int, int]]:
    """Cut ``heights`` in order into at most ``columns`` runs, as CSS columns balance:
    the lowest column height the items fit in, each column filled up to it in turn.

    The runs are (start, end) slices.
    """
    if not heights:
        return []

    def fill(limit: int) -> list[tuple[int, int]]:
        runs, start, total = [], 0, 0
        for index, height in enumerate(heights):
            if total + height > limit and index > start:
                runs.append((start, index))
                start, total = index, 0
            total += height
        return [*runs, (start, len(heights))]

    limit = max(max(heights), ceil(sum(heights) / columns))
    while len(fill(limit)) > columns:
        limit += 1
    return fill(limit)


def source_columns(sources: Sequence[Source], lang: str) -> list[SourceColumn]:
    """The sources in :data:`SOURCE_COLUMNS` columns of about the same height."""
    heights = [_lines(s, lang) for s in sources]
    return [
        SourceColumn(start=a + 1, sources=tuple(sources[a:b]))
        for a, b in balanced_split(heights, SOURCE_COLUMNS)
    ]
