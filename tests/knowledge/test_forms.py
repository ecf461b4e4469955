"""Elemental fractions are computed from formulas and match clinical-facts.md."""

import pytest

from krampe.knowledge import loaders

# (form id, % Mg, molar mass g/mol) from the table in clinical-facts.md.
EXPECTED = [
    ("oxide", 60.30, 40.30),
    ("hydroxide", 41.68, 58.32),
    ("carbonate", 28.83, 84.31),
    ("citrate_anhydrous", 16.16, 451.11),
    ("citrate_nonahydrate", 11.89, 613.25),
    ("hydrogen_citrate", 11.34, 214.41),
    ("bisglycinate", 14.10, 172.42),
    ("malate", 15.54, 156.38),
    ("threonate", 8.25, 294.50),
    ("chloride_hexahydrate", 11.96, 203.30),
    ("sulfate_heptahydrate", 9.86, 246.47),
    ("lactate_dihydrate", 10.19, 238.48),
    ("aspartate_dihydrate", 7.49, 324.53),
    ("taurate", 8.92, 272.57),
    ("orotate_dihydrate", 6.56, 370.51),
    ("gluconate_dihydrate", 5.39, 450.63),
    ("pidolate", 8.66, 280.52),
]


@pytest.mark.parametrize(("form_id", "percent", "molar_mass"), EXPECTED)
def test_fraction_matches_clinical_facts(form_id: str, percent: float, molar_mass: float) -> None:
    form = loaders.form(form_id)
    assert form.elemental_fraction * 100 == pytest.approx(percent, abs=0.05)
    assert form.molar_mass == pytest.approx(molar_mass, abs=0.02)


def test_at_least_17_forms_with_formula_and_hydrate() -> None:
    forms = loaders.forms()
    assert len(forms) >= 17
    assert {f.id for f in forms} >= {row[0] for row in EXPECTED}
    assert all(f.formula and f.hydrate for f in forms)


def test_label_naming_only_the_family_assumes_the_nonahydrate_citrate() -> None:
    citrate = loaders.default_form("citrate")
    assert citrate.hydrate == "nonahydrate"
    # 1000 mg of the nonahydrate holds about 119 mg magnesium, not 162.
    assert citrate.elemental_mg(1000) == pytest.approx(118.9, abs=0.2)


def test_fraction_changes_when_the_formula_changes() -> None:
    oxide = loaders.form("oxide")
    hydrated = type(oxide)(**{**oxide.__dict__, "formula": "MgO·H2O"})
    assert hydrated.elemental_fraction < oxide.elemental_fraction
