"""``krampe kb``: check and browse the knowledge base."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer

from krampe.cli.common import echo_json
from krampe.domain.vocab import LANGS, Lang, lang_or_default

FORMATS = ("table", "json")
# Column headers of the tables, in each language (the JSON keeps the field names).
HEADERS: dict[str, dict[str, str]] = {
    "id": {"da": "id", "en": "id"},
    "name": {"da": "navn", "en": "name"},
    "formula": {"da": "formel", "en": "formula"},
    "hydrate": {"da": "hydrat", "en": "hydrate"},
    "% Mg": {"da": "% Mg", "en": "% Mg"},
    "laxative": {"da": "afførende", "en": "laxative"},
    "price": {"da": "pris", "en": "price"},
    "group": {"da": "gruppe", "en": "group"},
    "mg/100 g": {"da": "mg/100 g", "en": "mg/100 g"},
    "usual portion": {"da": "typisk portion", "en": "usual portion"},
    "mg/portion": {"da": "mg/portion", "en": "mg/portion"},
    "ATC": {"da": "ATC", "en": "ATC"},
    "components": {"da": "indholdsstoffer", "en": "components"},
    "contains": {"da": "indeholder", "en": "contains"},
    "brands": {"da": "handelsnavne", "en": "brands"},
    "rule": {"da": "regel", "en": "rule"},
    "cramps": {"da": "kramper", "en": "cramps"},
    "low Mg": {"da": "lavt Mg", "en": "low Mg"},
}
YES = {"da": "ja", "en": "yes"}

DataDirOption = typer.Option(
    None, "--data-dir", help="Check or browse a copy of the data instead of the packaged files."
)
SearchOption = typer.Option(
    None,
    "--search",
    "-s",
    help="Only entries matching this text (tolerates typos and missing æ/ø/å).",
)
FormatOption = typer.Option("table", "--format", "-f", help="Output: table or json.")
LangOption = typer.Option("da", "--lang", help="Language of names in the table: da or en.")
LimitOption = typer.Option(20, "--limit", help="Most results shown with --search.")


def _check_choice(field: str, value: str, allowed: tuple[str, ...]) -> None:
    from krampe.cli.common import fail

    if value not in allowed:
        raise fail(f"{field} must be one of {', '.join(allowed)}, got {value!r}")


def _lang(lang: str) -> Lang:
    """A ``--lang`` already checked by :func:`_browse`, as the domain's type."""
    return lang_or_default(lang)


def _load_or_exit(load: Any) -> Any:
    from krampe.knowledge.schema import KnowledgeError

    try:
        return load()
    except KnowledgeError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        typer.echo("Run `krampe kb check` for the full list.", err=True)
        raise typer.Exit(1) from None


def check(data_dir: Path | None = DataDirOption) -> None:
    """Validate every data file; exit 1 naming file, entry and field on any problem."""
    from krampe.knowledge import loaders
    from krampe.knowledge.validate import check as run_check
    from krampe.knowledge.validate import medicine_name_count

    problems = run_check(data_dir)
    if problems:
        for problem in problems:
            typer.echo(str(problem))
        typer.echo(f"{len(problems)} problem(s) found.", err=True)
        raise typer.Exit(1)
    meds = loaders.medicines(data_dir)
    counts = {
        "sources": len(loaders.sources(data_dir)),
        "forms": len(loaders.forms(data_dir)),
        "intakes": len(loaders.intakes(data_dir)),
        "foods": len(loaders.foods(data_dir)),
        "portions": len(loaders.portions(data_dir)),
        "waters": len(loaders.waters(data_dir)),
        "medicines": len(meds),
        "medicine names": medicine_name_count(meds),
        "interaction rules": len(loaders.interaction_rules(data_dir)),
        "red flags": len(loaders.red_flags(data_dir)),
        "consult reasons": len(loaders.consult_reasons(data_dir)),
        "deficiency risks": len(loaders.deficiency_risks(data_dir)),
        "strategies": len(loaders.strategies(data_dir)),
        "evidence statements": len(loaders.evidence(data_dir)),
    }
    typer.echo("OK: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


def _browse(
    table: str, search: str | None, fmt: str, lang: str, limit: int, data_dir: Path | None
) -> list[Any]:
    """Check the options, load one table and return its entries (matching ``search``)."""
    from krampe.cli.common import fail
    from krampe.knowledge import loaders
    from krampe.knowledge import search as kb_search

    _check_choice("--format", fmt, FORMATS)
    _check_choice("--lang", lang, LANGS)
    if limit < 1:
        raise fail("--limit must be at least 1")
    tables: dict[str, tuple[Callable[..., Sequence[Any]], Callable[..., Sequence[Any]]]] = {
        "forms": (loaders.forms, kb_search.search_forms),
        "foods": (loaders.foods, kb_search.search_foods),
        "medicines": (loaders.medicines, kb_search.search_medicines),
    }
    load, find = tables[table]
    entries = _load_or_exit(lambda: load(data_dir))
    # Foods and medicines come with their portions and rules: load those now so a
    # broken file is reported here, not half-way through the output.
    _load_or_exit(lambda: loaders.portions(data_dir))
    _load_or_exit(lambda: loaders.interaction_rules(data_dir))
    if not search:
        return list(entries)
    return [hit.entry for hit in find(search, limit, data_dir=data_dir)]


def _print_table(
    title: str, headers: tuple[str, ...], rows: Sequence[Sequence[str]], lang: str
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for header in headers:
        numeric = header.startswith("mg") or header.startswith("%")
        table.add_column(HEADERS[header][lang], justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def _echo_rows(
    entries: Sequence[Any], extra: Callable[[Any], dict[str, Any]] | None = None
) -> None:
    """The entries as JSON: every field, plus what ``extra`` adds to an entry's row."""
    from krampe.knowledge.models import to_dict

    echo_json([{**to_dict(e), **(extra(e) if extra else {})} for e in entries])


def forms(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    limit: int = LimitOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Magnesium forms with formula, hydrate and the computed elemental fraction."""
    from krampe.domain.labels import label

    entries = _browse("forms", search, fmt, lang, limit, data_dir)
    if fmt == "json":
        _echo_rows(entries)
        return
    _print_table(
        "Magnesiumformer" if lang == "da" else "Magnesium forms",
        ("id", "name", "formula", "hydrate", "% Mg", "laxative", "price"),
        [
            (
                f.id,
                f.name.text(lang),
                f.formula,
                f.hydrate,
                f"{f.elemental_fraction * 100:.2f}",
                label("laxative", f.laxative, _lang(lang)),
                label("price", f.price_tier, _lang(lang)),
            )
            for f in entries
        ],
        lang,
    )


def foods(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    limit: int = LimitOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Foods with magnesium per 100 g and their usual portion."""
    from krampe.domain.labels import label
    from krampe.knowledge import loaders
    from krampe.knowledge.models import to_dict

    entries = _browse("foods", search, fmt, lang, limit, data_dir)
    if fmt == "json":
        _echo_rows(
            entries,
            lambda f: {"portions": [to_dict(p) for p in loaders.portions_for(f.id, data_dir)]},
        )
        return
    lines = []
    for f in entries:
        usual = loaders.portions_for(f.id, data_dir)
        portion = usual[0] if usual else None
        lines.append(
            (
                f.id,
                f.name.text(lang),
                label("food_group", f.group, _lang(lang)),
                f"{f.mg_per_100g:g}",
                f"{portion.label.text(lang)} ({portion.grams:g} g)" if portion else "",
                f"{f.mg_per_100g * portion.grams / 100:.0f}" if portion else "",
            )
        )
    _print_table(
        "Fødevarer" if lang == "da" else "Foods",
        ("id", "name", "group", "mg/100 g", "usual portion", "mg/portion"),
        lines,
        lang,
    )


def medicines(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    limit: int = LimitOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """The medicine catalogue: ATC code, brands, components and what each means for magnesium."""
    from krampe.knowledge import catalogue

    entries = _browse("medicines", search, fmt, lang, limit, data_dir)
    root = None if data_dir is None else data_dir.resolve()
    if fmt == "json":
        _echo_rows(
            entries,
            lambda m: {
                "rules": [r.id for r in catalogue.rules_for(m, root)],
                "contains_all": list(catalogue.contains(m, root)),
            },
        )
        return
    lines = []
    for m in entries:
        parts = catalogue.parts(m, root)
        lines.append(
            (
                m.id,
                m.name.text(lang),
                m.atc,
                " + ".join(p.name.text(lang) for p in parts[1:]),
                ", ".join(m.brands),
                ", ".join(r.id for r in catalogue.rules_for(m, root)),
                YES[lang] if any(p.provokes_cramps for p in parts) else "",
                YES[lang] if any(p.deficiency_risk for p in parts) else "",
                ", ".join(catalogue.contains(m, root)),  # magnesium, aluminium, calcium
            )
        )
    _print_table(
        "Lægemidler" if lang == "da" else "Medicines",
        ("id", "name", "ATC", "components", "brands", "rule", "cramps", "low Mg", "contains"),
        lines,
        lang,
    )


def register(app: typer.Typer) -> None:
    kb = typer.Typer(help="Check and browse the knowledge base.", no_args_is_help=True)
    kb.command("check")(check)
    kb.command("forms")(forms)
    kb.command("foods")(foods)
    kb.command("medicines")(medicines)
    app.add_typer(kb, name="kb")
