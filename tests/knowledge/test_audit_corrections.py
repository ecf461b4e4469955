"""The clinical audit's corrections to evidence and strategy texts, each with its source."""

from __future__ import annotations

from krampe.knowledge import catalogue
from krampe.knowledge.strategies import evidence, strategies


def test_the_cochrane_2020_headline_is_moderate_certainty() -> None:
    # cochrane2020_magnesium_cramps: the mean difference is moderate certainty;
    # only the responder ratio (3 trials) is high.
    (statement,) = [s for s in evidence() if s.id == "magnesium_idiopathic_cramps"]
    assert statement.certainty == "moderate"
    assert "cochrane2020_magnesium_cramps" in statement.sources
    assert "moderate-certainty evidence" in statement.evidence.en
    assert "moderat sikkerhed" in statement.evidence.da


def test_beta_blockers_were_not_linked_in_the_best_study_not_never() -> None:
    # garrison2012_cramp_prescriptions used beta blockers as a negative control.
    (strategy,) = [s for s in strategies() if s.id == "medicine_review"]
    assert "garrison2012_cramp_prescriptions" in strategy.sources
    assert "Beta blockers were not linked to cramps in the best study" in strategy.body.en
    assert "Beta blockers do not" not in strategy.body.en
    assert "Betablokkere var ikke forbundet med kramper" in strategy.body.da


def test_loop_diuretics_are_flagged_on_nice_cks_not_on_garrison_2012() -> None:
    # Garrison 2012's loop-diuretic association was not significant (p = 0.07).
    loops = [m for m in catalogue.medicines() if m.drug_class == "loop_diuretic"]
    assert loops
    for medicine in loops:
        assert medicine.provokes_cramps, medicine.id
        assert "nice_cks_leg_cramps" in medicine.sources, medicine.id
        assert "garrison2012_cramp_prescriptions" not in medicine.sources, medicine.id
