"""``krampe kb``: check and browse the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from krampe.cli.common import echo_json

FORMATS = ("table", "json")
LANGS = ("da", "en")

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


def _check_choice(field: str, value: str, allowed: tuple[str, ...]) -> None:
    from krampe.cli.common import fail

    if value not in allowed:
        raise fail(f"{field} must be one of {', '.join(allowed)}, got {value!r}")


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


def forms(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    data_dir: Path | None = DataDirOption,
) -> None:
    """Magnesium forms with formula, hydrate and the computed elemental fraction."""
    _check_choice("--format", fmt, FORMATS)
    _check_choice("--lang", lang, LANGS)
    from rapidfuzz import fuzz

    from krampe.knowledge import loaders
    from krampe.knowledge.models import to_dict
    from krampe.knowledge.search import fold

    entries = list(_load_or_exit(lambda: loaders.forms(data_dir)))
    if search:
        q = fold(search)
        entries = [
            f
            for f in entries
            if max(fuzz.WRatio(q, fold(n)) for n in (f.name.da, f.name.en, f.family, f.id)) >= 75
        ]
    if fmt == "json":
        echo_json([to_dict(f) for f in entries])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Magnesiumformer" if lang == "da" else "Magnesium forms")
    for header in ("id", "name", "formula", "hydrate", "% Mg", "laxative", "price"):
        table.add_column(header, justify="right" if header == "% Mg" else "left")
    for f in entries:
        table.add_row(
            f.id,
            f.name.text(lang),
            f.formula,
            f.hydrate,
            f"{f.elemental_fraction * 100:.2f}",
            f.laxative,
            f.price_tier,
        )
    Console().print(table)


def foods(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    limit: int = typer.Option(20, "--limit", help="Most results shown with --search."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Foods with magnesium per 100 g and their usual portion."""
    _check_choice("--format", fmt, FORMATS)
    _check_choice("--lang", lang, LANGS)
    if limit < 1:
        from krampe.cli.common import fail

        raise fail("--limit must be at least 1")
    from krampe.knowledge import loaders
    from krampe.knowledge.models import to_dict
    from krampe.knowledge.search import search_foods

    all_foods = _load_or_exit(lambda: loaders.foods(data_dir))
    _load_or_exit(lambda: loaders.portions(data_dir))
    if search:
        entries = [h.entry for h in search_foods(search, limit, data_dir=data_dir)]
    else:
        entries = list(all_foods)
    if fmt == "json":
        rows = []
        for f in entries:
            row = to_dict(f)
            row["portions"] = [to_dict(p) for p in loaders.portions_for(f.id, data_dir)]
            rows.append(row)
        echo_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Fødevarer" if lang == "da" else "Foods")
    for header in ("id", "name", "group", "mg/100 g", "usual portion", "mg/portion"):
        table.add_column(header, justify="right" if header.startswith("mg") else "left")
    for f in entries:
        usual = loaders.portions_for(f.id, data_dir)
        portion = usual[0] if usual else None
        table.add_row(
            f.id,
            f.name.text(lang),
            f.group,
            f"{f.mg_per_100g:g}",
            f"{portion.label.text(lang)} ({portion.grams:g} g)" if portion else "",
            f"{f.mg_per_100g * portion.grams / 100:.0f}" if portion else "",
        )
    Console().print(table)


def medicines(
    search: str | None = SearchOption,
    fmt: str = FormatOption,
    lang: str = LangOption,
    limit: int = typer.Option(20, "--limit", help="Most results shown with --search."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Medicines with ATC code, class, brands and how they relate to magnesium."""
    _check_choice("--format", fmt, FORMATS)
    _check_choice("--lang", lang, LANGS)
    if limit < 1:
        from krampe.cli.common import fail

        raise fail("--limit must be at least 1")
    from krampe.knowledge import loaders
    from krampe.knowledge.models import to_dict
    from krampe.knowledge.search import search_medicines

    all_meds = _load_or_exit(lambda: loaders.medicines(data_dir))
    _load_or_exit(lambda: loaders.interaction_rules(data_dir))
    if search:
        entries = [h.entry for h in search_medicines(search, limit, data_dir=data_dir)]
    else:
        entries = list(all_meds)
    if fmt == "json":
        rows = []
        for m in entries:
            row = to_dict(m)
            row["rules"] = [r.id for r in loaders.rule_for_atc(m.atc, data_dir)]
            rows.append(row)
        echo_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Lægemidler" if lang == "da" else "Medicines")
    for header in ("id", "name", "ATC", "class", "brands", "rule", "cramps", "low Mg", "consult"):
        table.add_column(header)
    for m in entries:
        rules = loaders.rule_for_atc(m.atc, data_dir)
        table.add_row(
            m.id,
            m.name.text(lang),
            m.atc,
            m.drug_class,
            ", ".join(m.brands),
            ", ".join(r.id for r in rules),
            "yes" if m.provokes_cramps else "",
            "yes" if m.deficiency_risk else "",
            m.consult,
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    kb = typer.Typer(help="Check and browse the knowledge base.", no_args_is_help=True)
    kb.command("check")(check)
    kb.command("forms")(forms)
    kb.command("foods")(foods)
    kb.command("medicines")(medicines)
    app.add_typer(kb, name="kb")
