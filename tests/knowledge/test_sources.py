"""Sources: one link rule (DOI, then PubMed, then URL) and one way to turn ids into sources."""

from krampe.knowledge import loaders
from krampe.knowledge.sources import Source, sources_for


def test_link_prefers_doi_then_pubmed_then_url() -> None:
    known = loaders.sources()
    both = known["roguin_maor2017_magnesium_oxide"]  # DOI and PMID
    assert both.link == "https://doi.org/10.1001/jamainternmed.2016.9261"
    roffe = known["roffe2002_magnesium_citrate"]  # PMID and a publisher URL, no DOI
    assert roffe.link == "https://pubmed.ncbi.nlm.nih.gov/12011773/"
    url_only = Source(
        id="x", title="T", publisher="P", year=2020, kind="database", url="https://e.org"
    )
    assert url_only.link == "https://e.org"


def test_a_convention_has_no_link() -> None:
    convention = loaders.sources()["krampe_convention_forms"]
    assert convention.kind == "convention"
    assert convention.link == ""


def test_every_source_but_a_convention_has_a_link() -> None:
    for source in loaders.sources().values():
        assert source.link.startswith("https://") or source.kind == "convention", source.id


def test_sources_for_keeps_order_drops_repeats_and_unknown_ids() -> None:
    found = sources_for(["nnr2023", "efsa2015_drv_magnesium", "no_such_source", "nnr2023"])
    assert [s.id for s in found] == ["nnr2023", "efsa2015_drv_magnesium"]
    assert sources_for([]) == ()
    assert loaders.sources_for is sources_for
