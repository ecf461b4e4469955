"""``check(data_dir)``: every problem in the knowledge base, with file, entry and field.

Per-entry checks (required fields, types, allowed values, both languages,
snake_case ids, ATC codes, positive numbers) come from the field specs in
:mod:`krampe.knowledge.schema`. This module adds what needs more than one
entry: unique ids, source ids that resolve, references between files,
computed fractions and the minimum counts the product promises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from krampe.knowledge import catalogue, models, schema
from krampe.knowledge.ffq import check_ffq
from krampe.knowledge.loaders import DATA_DIR, read_raw
from krampe.knowledge.schema import DOI_RE, PMID_RE, Problem, Table

MIN_FORMS = 17
MIN_FOODS = 150
MIN_MEDICINE_NAMES = 120

_BUILDERS: dict[Table, Any] = {
    schema.SOURCE: models.Source,
    schema.FORM: models.Form,
    schema.INTAKE: models.Intake,
    schema.UPPER_LEVEL: models.UpperLevel,
    schema.FOOD: models.Food,
    schema.PORTION: models.Portion,
    schema.WATER: models.Water,
    schema.RULE: models.InteractionRule,
    schema.SYMPTOM: models.Symptom,
    schema.CONDITION: models.Condition,
    schema.RED_FLAG: models.RedFlag,
    schema.CONSULT_REASON: models.ConsultReason,
    schema.DEFICIENCY_RISK: models.DeficiencyRisk,
    schema.DEFICIENCY_SIGN: models.DeficiencySign,
    schema.EXCESS_SIGN: models.ExcessSign,
    schema.SERUM_STAGE: models.SerumStage,
    schema.STRATEGY: models.Strategy,
    schema.STATEMENT: models.EvidenceStatement,
}


def _file_of(table: Table, entry: Any, files: dict[int, str]) -> str:
    return files.get(id(entry), table.file)


def check(data_dir: Path | str | None = None) -> list[Problem]:
    """All problems in the data directory, sorted by file; empty when it is sound."""
    root = DATA_DIR if data_dir is None else Path(data_dir).resolve()
    problems: list[Problem] = []
    parsed: dict[Table, list[Any]] = {}
    where: dict[int, str] = {}  # id(entry) -> file it came from (sources span files)

    for table, build in _BUILDERS.items():
        raw_entries, read_problems = read_raw(root, table)
        problems.extend(read_problems)
        entries: list[Any] = []
        for file, index, raw in raw_entries:
            label = schema.entry_label(table, raw, index)
            kwargs, entry_problems = schema.coerce(table, raw, file, label)
            problems.extend(entry_problems)
            if not entry_problems:
                entry = build(**kwargs)
                entries.append(entry)
                where[id(entry)] = file
        parsed[table] = entries
        problems.extend(_duplicates(table, raw_entries))

    source_ids = {s.id for s in parsed[schema.SOURCE]}
    for table, entries in parsed.items():
        for entry in entries:
            file = where[id(entry)]
            label = _label(table, entry)
            for sid in getattr(entry, "sources", ()):
                if sid not in source_ids:
                    problems.append(Problem(file, label, "sources", f"unknown source id {sid!r}"))

    problems.extend(_check_sources(parsed[schema.SOURCE], where))
    problems.extend(_check_forms(parsed[schema.FORM]))
    problems.extend(_check_intakes(parsed[schema.INTAKE]))
    problems.extend(_check_foods(parsed[schema.FOOD], parsed[schema.PORTION], parsed[schema.WATER]))
    problems.extend(_check_medicines(root, parsed))
    problems.extend(_check_safety(root, parsed))
    problems.extend(check_ffq(root))  # the diet questionnaire (ffq.toml)
    return sorted(set(problems))


def _label(table: Table, entry: Any) -> str:
    if table is schema.PORTION:
        return f"{entry.food_id} ({entry.unit})"
    return str(getattr(entry, table.id_field or "id", "-"))


def _duplicates(
    table: Table, raw_entries: Iterable[tuple[str, int, dict[str, Any]]]
) -> list[Problem]:
    if not table.id_field:
        return []
    seen: dict[str, str] = {}
    problems = []
    for file, _index, raw in raw_entries:
        value = raw.get(table.id_field)
        if not isinstance(value, str) or not value.strip():
            continue
        key = value.strip()
        if key in seen:
            where = "earlier in this file" if seen[key] == file else f"also in {seen[key]}"
            problems.append(
                Problem(file, key, table.id_field, f"duplicate {table.id_field} ({where})")
            )
        else:
            seen[key] = file
    return problems


def _check_sources(entries: list[models.Source], where: dict[int, str]) -> list[Problem]:
    problems = []
    for s in entries:
        file = where[id(s)]
        # A convention is the product's own choice: there is nothing external to link.
        if not (s.url or s.doi or s.pmid) and s.kind != "convention":
            problems.append(
                Problem(file, s.id, "url", "a source needs at least one of url, doi, pmid")
            )
        if s.doi and not DOI_RE.match(s.doi):
            problems.append(
                Problem(file, s.id, "doi", f"{s.doi!r} does not look like a DOI (10.x/y)")
            )
        if s.pmid and not PMID_RE.match(s.pmid):
            problems.append(Problem(file, s.id, "pmid", f"{s.pmid!r} is not a PubMed id"))
        if s.url and not s.url.startswith(("https://", "http://")):
            problems.append(Problem(file, s.id, "url", f"{s.url!r} is not an http(s) URL"))
        if not 1800 <= s.year <= 2100:
            problems.append(Problem(file, s.id, "year", f"{s.year} is not a plausible year"))
    return problems


def _check_forms(entries: list[models.Form]) -> list[Problem]:
    file = schema.FORM.file
    problems = []
    defaults: dict[str, int] = defaultdict(int)
    for f in entries:
        if f.default_for_family:
            defaults[f.family] += 1
        try:
            fraction = f.elemental_fraction
        except Exception as exc:  # molmass raises its own FormulaError
            problems.append(
                Problem(file, f.id, "formula", f"cannot be parsed: {exc}".splitlines()[0])
            )
            continue
        if not 0.0 < fraction < 1.0:
            problems.append(
                Problem(
                    file, f.id, "formula", f"elemental fraction {fraction:.4f} is not in (0, 1)"
                )
            )
    for family in {f.family for f in entries}:
        if defaults[family] != 1:
            problems.append(
                Problem(
                    file,
                    family,
                    "default_for_family",
                    f"family {family!r} needs exactly one default hydrate, has {defaults[family]}",
                )
            )
    if len(entries) < MIN_FORMS:
        problems.append(Problem(file, "-", "-", f"{len(entries)} forms, need at least {MIN_FORMS}"))
    return problems


def _check_intakes(entries: list[models.Intake]) -> list[Problem]:
    file = schema.INTAKE.file
    problems = []
    for i in entries:
        if i.age_min >= i.age_max:
            problems.append(Problem(file, i.id, "age_max", "must be greater than age_min"))
    if not any(i.system == "NNR2023" for i in entries):
        problems.append(Problem(file, "-", "system", "no NNR2023 intakes"))
    return problems


def _check_foods(
    foods: list[models.Food], portions: list[models.Portion], waters: list[models.Water]
) -> list[Problem]:
    problems = []
    food_ids = {f.id for f in foods}
    for p in portions:
        if p.food_id not in food_ids:
            problems.append(
                Problem(
                    schema.PORTION.file,
                    f"{p.food_id} ({p.unit})",
                    "food_id",
                    "no such food in foods.csv",
                )
            )
    for w in waters:
        if w.food_id not in food_ids:
            problems.append(
                Problem(schema.WATER.file, w.id, "food_id", "no such food in foods.csv")
            )
        if not w.mg_per_litre_min <= w.mg_per_litre <= w.mg_per_litre_max:
            problems.append(
                Problem(schema.WATER.file, w.id, "mg_per_litre", "must lie between the min and max")
            )
    if len(foods) < MIN_FOODS:
        problems.append(
            Problem(schema.FOOD.file, "-", "-", f"{len(foods)} foods, need at least {MIN_FOODS}")
        )
    return problems


def medicine_name_count(entries: Iterable[models.Medicine]) -> int:
    """Distinct names a person can type: substance names and brands, case-insensitive."""
    from krampe.knowledge.search import normalize

    return len({normalize(n) for m in entries for n in (*m.names, *m.brands)})


def _check_medicines(root: Path, parsed: dict[Table, list[Any]]) -> list[Problem]:
    problems = catalogue.check(
        root,
        {s.id: s.kind for s in parsed[schema.SOURCE]},
        {c.code for c in parsed[schema.CONSULT_REASON]},
    )
    count = medicine_name_count(catalogue.parse(root).entries)
    if count < MIN_MEDICINE_NAMES:
        problems.append(
            Problem(
                f"{catalogue.FOLDER}/",
                "-",
                "-",
                f"{count} medicine names, need at least {MIN_MEDICINE_NAMES}",
            )
        )
    return problems


def _check_safety(root: Path, parsed: dict[Table, list[Any]]) -> list[Problem]:
    file = schema.RED_FLAG.file
    problems = []
    symptom_codes = {s.code for s in parsed[schema.SYMPTOM]}
    condition_codes = {c.code for c in parsed[schema.CONDITION]}
    medicines = catalogue.parse(root).entries
    classes = {m.drug_class for m in medicines}
    have_medicines = bool(medicines)

    def refs(entry: Any, field: str, known: set[str], what: str) -> None:
        for code in getattr(entry, field):
            if code not in known:
                problems.append(Problem(file, entry.code, field, f"{code!r} is not a {what} code"))

    for flag in parsed[schema.RED_FLAG]:
        refs(flag, "symptoms", symptom_codes, "symptom")
        refs(flag, "conditions", condition_codes, "condition")
        if not flag.symptoms and not flag.conditions:
            problems.append(
                Problem(file, flag.code, "symptoms", "a red flag needs symptoms or conditions")
            )
    for risk in parsed[schema.DEFICIENCY_RISK]:
        refs(risk, "conditions", condition_codes, "condition")
        if have_medicines:  # classes are defined by the catalogue
            refs(risk, "medicine_classes", classes, "medicine class (in the catalogue)")
        if not (risk.conditions or risk.medicine_classes or risk.age_min):
            problems.append(
                Problem(
                    file, risk.code, "conditions", "needs conditions, medicine_classes or age_min"
                )
            )
    for sign in parsed[schema.DEFICIENCY_SIGN]:
        refs(sign, "symptoms", symptom_codes, "symptom")
    for sign in parsed[schema.EXCESS_SIGN]:
        refs(sign, "symptoms", symptom_codes, "symptom")
    for stage in parsed[schema.SERUM_STAGE]:
        if stage.meq_per_l_max is not None and stage.meq_per_l_max <= stage.meq_per_l_min:
            problems.append(Problem(file, stage.id, "meq_per_l_max", "must be above meq_per_l_min"))
    return problems
