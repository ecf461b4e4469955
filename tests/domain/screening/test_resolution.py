"""Typed medicine names to the knowledge base: exact, fuzzy, ATC, or a finding."""

from __future__ import annotations

import pytest

from krampe.domain.screening import resolve_medicine
from krampe.domain.screening.medicines import FUZZY_CUTOFF, FUZZY_MARGIN


@pytest.mark.parametrize(
    ("typed", "atc", "match"),
    [
        ("Eltroxin", "H03AA01", "exact"),
        ("ELTROXIN", "H03AA01", "exact"),
        ("Eltroxin 50 mikrog tabletter", "H03AA01", "exact"),
        ("eltroxn", "H03AA01", "fuzzy"),
        ("Levothyroxin", "H03AA01", "exact"),
        ("levotyroxin", "H03AA01", "fuzzy"),
        ("H03AA01", "H03AA01", "atc"),
        ("h03aa01", "H03AA01", "atc"),
        ("Ciproxin", "J01MA02", "exact"),
        ("omeprazol", "A02BC01", "exact"),
        ("Losec", "A02BC01", "exact"),
        ("furosemid", "C03CA01", "exact"),
        ("Furix", "C03CA01", "exact"),
        ("Hjertemagnyl", "B01AC06", "exact"),
        ("hjertemagnil", "B01AC06", "fuzzy"),
        ("Magnyl", "N02BA01", "exact"),
        ("Selo-Zok", "C07AB02", "exact"),
        ("selozok", "C07AB02", "exact"),  # spaces and hyphens do not count
        ("jernsakarose", "B03AC", "fuzzy"),  # spelt by sound: jernsaccharose, iron sucrose
        ("raltegravr", "J05AJ01", "fuzzy"),
        # æ/ø/å typed as they are, as ae/oe/aa, or as plain letters
        ("konjugerede østrogener", "G03CA57", "exact"),
        ("konjugerede oestrogener", "G03CA57", "exact"),
        ("KONJUGEREDE OSTROGENER", "G03CA57", "exact"),
        ("jernsaccharose (intravenøst jern)", "B03AC", "exact"),
        ("jernsaccharose (intravenoest jern)", "B03AC", "exact"),
        # a substance code under a group entry of the list
        ("B03AC02", "B03AC", "atc_group"),
    ],
)
def test_names_resolve(typed: str, atc: str, match: str) -> None:
    resolution = resolve_medicine(typed)
    assert resolution.resolved is not None, resolution.to_dict()
    assert (resolution.resolved.atc, resolution.resolved.match) == (atc, match)
    assert resolution.query == typed


def test_resolved_names_follow_the_language() -> None:
    assert resolve_medicine("Eltroxin").resolved.name == "levothyroxin"  # type: ignore[union-attr]
    assert resolve_medicine("Eltroxin", "en").resolved.name == "levothyroxine"  # type: ignore[union-attr]


def test_unknown_name_has_no_candidates() -> None:
    # ("xyzzy" sounds like "oksis" to the phonetic key and is offered Oxis at the cut-off.)
    resolution = resolve_medicine("xyzzyq")
    assert resolution.resolved is None and resolution.candidates == ()
    assert resolution.to_dict() == {"query": "xyzzyq", "resolved": None, "candidates": []}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # A fragment is only ever a suggestion, and only from one anatomical group.
        # levodopa (N), levofloxacin (J) or levothyroxine (H): the first group only
        ("levo", {"N04BA01"}),
        ("ome", {"A02BC01"}),  # omeprazole
        ("C03", {"C03AA01", "C03AA03"}),  # an ATC group, not one medicine
    ],
)
def test_ambiguous_input_stays_unresolved_with_candidates(typed: str, expected: set[str]) -> None:
    resolution = resolve_medicine(typed)
    assert resolution.resolved is None
    assert expected <= {c.atc for c in resolution.candidates}
    candidate = resolution.candidates[0]
    assert candidate["atc"] == candidate.atc  # readable like the JSON dict too
    assert set(candidate.to_dict()) >= {"atc", "name", "score"}


def test_fuzzy_resolution_needs_a_clear_winner() -> None:
    resolution = resolve_medicine("eltroxn")
    assert resolution.resolved is not None
    assert resolution.resolved.score >= FUZZY_CUTOFF
    others = [c.score for c in resolution.candidates if c.atc != resolution.resolved.atc]
    assert all(resolution.resolved.score - s >= FUZZY_MARGIN for s in others)


def test_blank_input_resolves_to_nothing() -> None:
    assert resolve_medicine("   ").resolved is None


@pytest.mark.parametrize(
    ("typed", "checked"),
    [("ciprofloxacin", True), ("Pinex", True), ("liothyronin", False), ("zzyzx-tablet", False)],
)
def test_times_are_checked_only_for_a_known_medicine_whose_spacing_a_source_gives(typed, checked):
    from krampe.domain.plan.medicines import PlanMedicine
    from krampe.domain.screening import screen
    from krampe.domain.screening.medicines import spacing_checked
    from krampe.domain.screening.profile import parse_profile

    resolution = resolve_medicine(typed)
    assert spacing_checked(resolution) is checked
    # The plan and the screening say the same.
    assert PlanMedicine(typed, (), resolution).checked is checked
    result = screen(parse_profile({"age": 50, "sex": "female", "medicines": [typed]}), "en")
    assert (typed in result.unchecked_medicines) is not checked
