"""What a code reads as, in the person's language: the one label lookup of every shell.

The web pages (the ``label`` template filter), the command line and the FHIR
export all call :func:`label`; the labels themselves are data in
``knowledge/data/labels.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from krampe.domain.vocab import Lang
from krampe.knowledge.labels import catalog

Vocabulary = Literal[
    "trial_kind",
    "phase",
    "comparison",
    "side_effect",
    "verdict",
    "guess",
    "certainty_answer",
    "self_trial",
    "finding_kind",
    "severity",
    "sex",
    "profile_field",
    "medicine_match",
    "observation",
    "certainty",
    "strategy_evidence",
    "topic",
    "laxative",
    "price",
    "food_group",
    "red_flag_severity",
    "medicine_flag",
    "mineral",
]


def label(vocabulary: Vocabulary, code: str, lang: Lang) -> str:
    """The label of ``code`` in ``lang``; KeyError naming both for a code without one."""
    try:
        return catalog()[vocabulary][code].text(lang)
    except KeyError:
        raise KeyError(f"no label for {vocabulary} code {code!r} in labels.toml") from None


def labels(vocabulary: Vocabulary, codes: Iterable[str], lang: Lang) -> list[str]:
    """The label of each code, in order."""
    return [label(vocabulary, code, lang) for code in codes]


def choices(vocabulary: Vocabulary, codes: Iterable[str], lang: Lang) -> list[tuple[str, str]]:
    """(code, label) pairs, for a form's choices or a table."""
    return [(code, label(vocabulary, code, lang)) for code in codes]
