"""Sources (``data/sources/*.toml``): what every clinical fact cites, and the one link rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, model_validator

from krampe.knowledge.schema import DOI_RE, PMID_RE, Code, Count, Entry, FieldError, Label
from krampe.knowledge.tables import DataDir, Table, by_id, register

SourceKind = Literal[
    "guideline", "review", "trial", "label", "database", "article", "convention", "leaflet", "smpc"
]


def _year(value: int) -> int:
    if not 1800 <= value <= 2100:
        raise ValueError(f"{value} is not a plausible year")
    return value


def _doi(value: str) -> str:
    if value and not DOI_RE.match(value):
        raise ValueError(f"{value!r} does not look like a DOI (10.x/y)")
    return value


def _pmid(value: str) -> str:
    if value and not PMID_RE.match(value):
        raise ValueError(f"{value!r} is not a PubMed id")
    return value


def _url(value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _pmid_number(value: object) -> object:
    # pmid = 12011773 written as a number is fine; bool is an int in Python, so not that.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Source(Entry):
    id: Code
    title: Label
    publisher: Label
    year: Annotated[Count, AfterValidator(_year)]
    kind: SourceKind
    url: Annotated[str, AfterValidator(_url)] = ""
    doi: Annotated[str, AfterValidator(_doi)] = ""
    pmid: Annotated[str, BeforeValidator(_pmid_number), AfterValidator(_pmid)] = ""

    @model_validator(mode="after")
    def _linkable(self) -> Source:
        # A convention is the product's own choice: there is nothing external to link.
        if not (self.url or self.doi or self.pmid) and self.kind != "convention":
            raise FieldError("url", "a source needs at least one of url, doi, pmid")
        return self

    @property
    def link(self) -> str:
        """The best link to the source: DOI, then PubMed, then the URL ("" for a convention)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url


SOURCES = register(Table("sources", Source, "sources/*.toml", key="source"))


def sources(data_dir: DataDir = None) -> dict[str, Source]:
    """All sources by id, merged from ``data/sources/*.toml``."""
    return by_id(SOURCES, data_dir)


def sources_for(ids: Iterable[str], data_dir: DataDir = None) -> tuple[Source, ...]:
    """The sources behind ``ids``, in the given order, each once.

    An id the knowledge base does not hold is left out rather than shown as a
    citation (``krampe kb check`` makes sure every cited id exists).
    """
    known = sources(data_dir)
    return tuple(known[i] for i in dict.fromkeys(ids) if i in known)
