"""Every code has a label in both languages, and the catalog holds no stray codes."""

from __future__ import annotations

from typing import get_args

import pytest

from krampe.domain.labels import Vocabulary, label
from krampe.domain.vocab import VOCABULARIES
from krampe.knowledge import catalogue, loaders
from krampe.knowledge import labels as label_file


def test_every_domain_vocabulary_has_exactly_its_codes_labelled():
    catalog = label_file.catalog()
    for vocabulary, codes in VOCABULARIES.items():
        assert set(catalog[vocabulary]) == set(codes), vocabulary


def test_the_lookup_names_every_table_of_the_catalog():
    assert set(get_args(Vocabulary)) == set(label_file.catalog())


def test_every_code_the_knowledge_base_uses_has_a_label():
    used = {
        "food_group": {f.group for f in loaders.foods()},
        "laxative": {f.laxative for f in loaders.forms()},
        "price": {f.price_tier for f in loaders.forms()},
        "certainty": {s.certainty for s in loaders.evidence()},
        "topic": {s.topic for s in loaders.evidence()},
        "strategy_evidence": {s.evidence for s in loaders.strategies()},
        "red_flag_severity": {f.severity for f in loaders.red_flags()},
        "mineral": set(catalogue.MINERALS),
    }
    catalog = label_file.catalog()
    for vocabulary, codes in used.items():
        assert codes <= set(catalog[vocabulary]), vocabulary


def test_a_label_in_each_language():
    assert label("phase", "run_in", "da") == "Indkøring (tæller ikke)"
    assert label("phase", "run_in", "en") == "Run-in (not counted)"
    assert label("verdict", "inconclusive", "da") == "Endnu uklart"


def test_an_unknown_code_names_the_table_and_the_code():
    with pytest.raises(KeyError, match="phase code 'washout'"):
        label("phase", "washout", "en")


def test_a_label_without_english_is_reported_with_table_and_code(tmp_path):
    (tmp_path / "labels.toml").write_text('[phase]\nbaseline = { da = "Før" }\n', encoding="utf-8")
    with pytest.raises(label_file.LabelCatalogError, match=r"\[phase\] baseline"):
        label_file.catalog(tmp_path)
