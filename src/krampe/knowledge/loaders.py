"""Typed loaders for the data files. Each file is read once per data directory.

Every loader takes an optional ``data_dir`` (default: the packaged
``krampe/knowledge/data``) so tests and ``krampe kb check`` can load a copy.
A loader raises :class:`~krampe.knowledge.schema.KnowledgeError` naming file,
entry and field when its file is broken; ``krampe kb check`` lists all
problems at once instead.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from krampe.knowledge import catalogue, schema
from krampe.knowledge.models import (
    Condition,
    ConsultReason,
    DeficiencyRisk,
    DeficiencySign,
    EvidenceStatement,
    ExcessSign,
    Food,
    Form,
    Intake,
    InteractionRule,
    Medicine,
    Portion,
    RedFlag,
    SerumStage,
    Source,
    Strategy,
    Symptom,
    UpperLevel,
    Water,
)
from krampe.knowledge.schema import KnowledgeError, Problem, Table

# Found next to this module, so it works from a checkout and when installed.
DATA_DIR = Path(__file__).resolve().parent / "data"

T = TypeVar("T")
RawEntry = tuple[str, int, dict[str, Any]]  # (file relative to data dir, index, raw fields)


def _dir(data_dir: Path | str | None) -> Path:
    return DATA_DIR if data_dir is None else Path(data_dir).resolve()


def table_files(data_dir: Path, table: Table) -> list[Path]:
    """The files a table is read from (sources: every ``sources/*.toml``)."""
    if "*" in table.file:
        return sorted(data_dir.glob(table.file))
    return [data_dir / table.file]


@cache
def _read_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def _read_csv(path: Path) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = tuple(dict(row) for row in reader)
        return tuple(reader.fieldnames or ()), rows


def read_raw(data_dir: Path, table: Table) -> tuple[list[RawEntry], list[Problem]]:
    """Raw entries of ``table`` and any problems reading them (missing file, syntax)."""
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    files = table_files(data_dir, table)
    if not files:
        problems.append(Problem(table.file, "-", "-", "no file found"))
    for path in files:
        rel = path.relative_to(data_dir).as_posix()
        if not path.is_file():
            problems.append(Problem(rel, "-", "-", "file is missing"))
            continue
        if table.csv:
            try:
                header, rows = _read_csv(path)
            except (UnicodeDecodeError, csv.Error) as exc:
                problems.append(Problem(rel, "-", "-", f"cannot read CSV: {exc}"))
                continue
            if len(set(header)) != len(header):
                problems.append(Problem(rel, "header", "-", "a column name is repeated"))
            for index, row in enumerate(rows):
                if None in row:  # DictReader puts surplus cells under None
                    label = schema.entry_label(table, row, index)
                    problems.append(Problem(rel, label, "-", "row has more cells than the header"))
                    row = {k: v for k, v in row.items() if k is not None}
                entries.append((rel, index, row))
            continue
        try:
            document = _read_toml(path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(rel, "-", "-", f"TOML syntax error: {exc}"))
            continue
        found = document.get(table.key)
        if table.single:
            if not isinstance(found, dict):
                problems.append(Problem(rel, f"[{table.key}]", "-", "table is missing"))
            else:
                entries.append((rel, 0, found))
            continue
        if found is None:
            continue  # an array may be absent from one of several files
        if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
            problems.append(Problem(rel, f"[[{table.key}]]", "-", "must be an array of tables"))
            continue
        entries.extend((rel, index, entry) for index, entry in enumerate(found))
    return entries, problems


def parse_table(
    data_dir: Path, table: Table, build: Callable[..., T]
) -> tuple[list[T], list[Problem]]:
    """Every valid entry of ``table`` as a model, and the problems found on the way."""
    raw_entries, problems = read_raw(data_dir, table)
    out: list[T] = []
    for file, index, raw in raw_entries:
        label = schema.entry_label(table, raw, index)
        kwargs, entry_problems = schema.coerce(table, raw, file, label)
        problems.extend(entry_problems)
        if not entry_problems:
            out.append(build(**kwargs))
    return out, problems


def _load(data_dir: Path, table: Table, build: Callable[..., T]) -> tuple[T, ...]:
    entries, problems = parse_table(data_dir, table, build)
    if problems:
        raise KnowledgeError(problems)
    return tuple(entries)


# --- sources -----------------------------------------------------------------


@cache
def _sources(data_dir: Path) -> dict[str, Source]:
    return {s.id: s for s in _load(data_dir, schema.SOURCE, Source)}


def sources(data_dir: Path | str | None = None) -> dict[str, Source]:
    """All sources by id, merged from ``data/sources/*.toml``."""
    return _sources(_dir(data_dir))


# --- forms -------------------------------------------------------------------


@cache
def _forms(data_dir: Path) -> tuple[Form, ...]:
    return _load(data_dir, schema.FORM, Form)


def forms(data_dir: Path | str | None = None) -> tuple[Form, ...]:
    """Magnesium salts, with formula-computed elemental fractions."""
    return _forms(_dir(data_dir))


def form(form_id: str, data_dir: Path | str | None = None) -> Form:
    """One form by id (KeyError if unknown)."""
    for entry in forms(data_dir):
        if entry.id == form_id:
            return entry
    raise KeyError(form_id)


def default_form(family: str, data_dir: Path | str | None = None) -> Form:
    """The hydrate assumed when a label names only the salt family (e.g. "citrate")."""
    candidates = [f for f in forms(data_dir) if f.family == family]
    if not candidates:
        raise KeyError(family)
    for entry in candidates:
        if entry.default_for_family:
            return entry
    return candidates[0]


# --- intakes -----------------------------------------------------------------


@cache
def _intakes(data_dir: Path) -> tuple[Intake, ...]:
    return _load(data_dir, schema.INTAKE, Intake)


def intakes(data_dir: Path | str | None = None) -> tuple[Intake, ...]:
    """Reference intakes of every system (NNR 2023, EFSA 2015, NNR 2012 as history)."""
    return _intakes(_dir(data_dir))


@cache
def _upper_level(data_dir: Path) -> UpperLevel:
    return _load(data_dir, schema.UPPER_LEVEL, UpperLevel)[0]


def upper_level(data_dir: Path | str | None = None) -> UpperLevel:
    """The tolerable upper level for magnesium from supplements."""
    return _upper_level(_dir(data_dir))


def reference_intake(
    age: float,
    sex: str,
    pregnant: bool = False,
    lactating: bool = False,
    *,
    system: str = "NNR2023",
    data_dir: Path | str | None = None,
) -> Intake | None:
    """The reference intake for a person, or None when the system sets none (young infants).

    ``age`` is in years (months as fractions); ``sex`` is "female" or "male".
    A pregnancy- or lactation-specific entry wins when one exists for the
    age; otherwise the ordinary value for the age and sex applies.
    """
    if sex not in ("female", "male"):
        raise ValueError(f"sex must be 'female' or 'male', got {sex!r}")
    if age < 0:
        raise ValueError(f"age must not be negative, got {age}")
    state = "pregnant" if pregnant else "lactating" if lactating else "any"
    matches = [
        i
        for i in intakes(data_dir)
        if i.system == system and i.age_min <= age < i.age_max and i.sex in (sex, "any")
    ]
    for wanted in (state, "any"):
        # A sex-specific value beats an "any" value for the same age band.
        exact = [i for i in matches if i.state == wanted]
        exact.sort(key=lambda i: i.sex != sex)
        if exact:
            return exact[0]
    return None


# --- foods -------------------------------------------------------------------


@cache
def _foods(data_dir: Path) -> tuple[Food, ...]:
    return _load(data_dir, schema.FOOD, Food)


def foods(data_dir: Path | str | None = None) -> tuple[Food, ...]:
    """Foods with magnesium per 100 g (per 100 ml for drinks)."""
    return _foods(_dir(data_dir))


def food(food_id: str, data_dir: Path | str | None = None) -> Food:
    """One food by id (KeyError if unknown)."""
    for entry in foods(data_dir):
        if entry.id == food_id:
            return entry
    raise KeyError(food_id)


@cache
def _portions(data_dir: Path) -> tuple[Portion, ...]:
    return _load(data_dir, schema.PORTION, Portion)


def portions(data_dir: Path | str | None = None) -> tuple[Portion, ...]:
    """Every portion of every food, in file order."""
    return _portions(_dir(data_dir))


@cache
def _portions_by_food(data_dir: Path) -> dict[str, tuple[Portion, ...]]:
    grouped: dict[str, list[Portion]] = {}
    for portion in _portions(data_dir):
        grouped.setdefault(portion.food_id, []).append(portion)
    return {k: tuple(v) for k, v in grouped.items()}


def portions_for(food_id: str, data_dir: Path | str | None = None) -> tuple[Portion, ...]:
    """A food's portions; the first one is its usual portion. Empty if none."""
    return _portions_by_food(_dir(data_dir)).get(food_id, ())


@cache
def _waters(data_dir: Path) -> tuple[Water, ...]:
    return _load(data_dir, schema.WATER, Water)


def waters(data_dir: Path | str | None = None) -> tuple[Water, ...]:
    """Tap water and mineral waters."""
    return _waters(_dir(data_dir))


# --- medicines ---------------------------------------------------------------


def medicines(data_dir: Path | str | None = None) -> tuple[Medicine, ...]:
    """The medicine catalogue (``data/catalogue/*.toml``): substances and fixed combinations."""
    return catalogue.load(_dir(data_dir))


def medicine(medicine_id: str, data_dir: Path | str | None = None) -> Medicine:
    """One medicine by id (KeyError if unknown)."""
    return catalogue.by_id(_dir(data_dir))[medicine_id]


@cache
def _rules(data_dir: Path) -> tuple[InteractionRule, ...]:
    return _load(data_dir, schema.RULE, InteractionRule)


def interaction_rules(data_dir: Path | str | None = None) -> tuple[InteractionRule, ...]:
    """Spacing and avoid rules between medicines and magnesium."""
    return _rules(_dir(data_dir))


def rule_for_atc(atc: str, data_dir: Path | str | None = None) -> tuple[InteractionRule, ...]:
    """The rules for a medicine's ATC code: those whose prefix matches longest.

    A specific rule (``J05AR21``) thus wins over a group rule (``J05AR``).
    Several rules are returned only when they tie on prefix length.
    """
    code = atc.strip().upper()
    best = 0
    found: list[InteractionRule] = []
    for rule in interaction_rules(data_dir):
        length = max((len(p) for p in rule.atc if code.startswith(p)), default=0)
        if length == 0:
            continue
        if length > best:
            best, found = length, [rule]
        elif length == best:
            found.append(rule)
    return tuple(found)


# --- safety ------------------------------------------------------------------


@cache
def _symptoms(data_dir: Path) -> tuple[Symptom, ...]:
    return _load(data_dir, schema.SYMPTOM, Symptom)


def symptoms(data_dir: Path | str | None = None) -> tuple[Symptom, ...]:
    """Symptom codes with Danish and English labels."""
    return _symptoms(_dir(data_dir))


@cache
def _conditions(data_dir: Path) -> tuple[Condition, ...]:
    return _load(data_dir, schema.CONDITION, Condition)


def conditions(data_dir: Path | str | None = None) -> tuple[Condition, ...]:
    """Condition codes with Danish and English labels."""
    return _conditions(_dir(data_dir))


@cache
def _red_flags(data_dir: Path) -> tuple[RedFlag, ...]:
    return _load(data_dir, schema.RED_FLAG, RedFlag)


def red_flags(data_dir: Path | str | None = None) -> tuple[RedFlag, ...]:
    """Warning signs that need a doctor (urgent or soon)."""
    return _red_flags(_dir(data_dir))


@cache
def _consult_reasons(data_dir: Path) -> tuple[ConsultReason, ...]:
    return _load(data_dir, schema.CONSULT_REASON, ConsultReason)


def consult_reasons(data_dir: Path | str | None = None) -> tuple[ConsultReason, ...]:
    """Reasons to talk to a doctor before taking magnesium."""
    return _consult_reasons(_dir(data_dir))


def consult_reason(code: str, data_dir: Path | str | None = None) -> ConsultReason:
    """One consult reason by code (KeyError if unknown)."""
    for entry in consult_reasons(data_dir):
        if entry.code == code:
            return entry
    raise KeyError(code)


@cache
def _deficiency_risks(data_dir: Path) -> tuple[DeficiencyRisk, ...]:
    return _load(data_dir, schema.DEFICIENCY_RISK, DeficiencyRisk)


def deficiency_risks(data_dir: Path | str | None = None) -> tuple[DeficiencyRisk, ...]:
    """Conditions, medicine classes and ages that can lower magnesium."""
    return _deficiency_risks(_dir(data_dir))


@cache
def _deficiency_signs(data_dir: Path) -> tuple[DeficiencySign, ...]:
    return _load(data_dir, schema.DEFICIENCY_SIGN, DeficiencySign)


def deficiency_signs(data_dir: Path | str | None = None) -> tuple[DeficiencySign, ...]:
    """Possible signs of low magnesium."""
    return _deficiency_signs(_dir(data_dir))


@cache
def _excess_signs(data_dir: Path) -> tuple[ExcessSign, ...]:
    return _load(data_dir, schema.EXCESS_SIGN, ExcessSign)


def excess_signs(data_dir: Path | str | None = None) -> tuple[ExcessSign, ...]:
    """Signs of too much magnesium."""
    return _excess_signs(_dir(data_dir))


@cache
def _serum_stages(data_dir: Path) -> tuple[SerumStage, ...]:
    return _load(data_dir, schema.SERUM_STAGE, SerumStage)


def serum_stages(data_dir: Path | str | None = None) -> tuple[SerumStage, ...]:
    """Hypermagnesaemia signs by serum level, lowest first."""
    return tuple(sorted(_serum_stages(_dir(data_dir)), key=lambda s: s.meq_per_l_min))


# --- strategies and evidence -------------------------------------------------


@cache
def _strategies(data_dir: Path) -> tuple[Strategy, ...]:
    return _load(data_dir, schema.STRATEGY, Strategy)


def strategies(data_dir: Path | str | None = None) -> tuple[Strategy, ...]:
    """Other strategies (stretching, fluids, strength training, medicine review, sleep)."""
    return _strategies(_dir(data_dir))


@cache
def _evidence(data_dir: Path) -> tuple[EvidenceStatement, ...]:
    return _load(data_dir, schema.STATEMENT, EvidenceStatement)


def evidence(data_dir: Path | str | None = None) -> tuple[EvidenceStatement, ...]:
    """What the article claims next to what the best evidence says."""
    return _evidence(_dir(data_dir))


def clear_caches() -> None:
    """Forget everything loaded (for tests that edit a data copy in place)."""
    for function in _CACHED:
        function.cache_clear()
    catalogue.clear_caches()


_CACHED = (
    _read_toml,
    _read_csv,
    _sources,
    _forms,
    _intakes,
    _upper_level,
    _foods,
    _portions,
    _portions_by_food,
    _waters,
    _rules,
    _symptoms,
    _conditions,
    _red_flags,
    _consult_reasons,
    _deficiency_risks,
    _deficiency_signs,
    _excess_signs,
    _serum_stages,
    _strategies,
    _evidence,
)
