"""The screening itself: a profile in, findings and a ``self_trial`` summary out.

Everything clinical comes from the knowledge base (``safety.toml``, the
medicine catalogue, ``interactions.toml``) and the screening texts; this
module only decides which entries apply to a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from krampe.domain import formats
from krampe.domain.screening.findings import Finding, ordered, summarise
from krampe.domain.screening.magnesium_sources import magnesium_source
from krampe.domain.screening.medicines import (
    MedicineResolution,
    resolve_medicine,
    spacing_checked,
)
from krampe.domain.screening.profile import Profile
from krampe.domain.screening.texts import duration, screening_texts
from krampe.domain.vocab import LANGS, SEVERITIES, FindingKind, Lang, SelfTrial, Severity, one_of
from krampe.knowledge import catalogue, loaders
from krampe.knowledge.models import InteractionRule, Medicine, Text

# Below this eGFR (mL/min/1.73 m²) magnesium can build up: consult first.
EGFR_CONSULT_BELOW = 60.0
# Below this eGFR: not without the kidney doctor (magnesium salts are contraindicated
# in severe renal impairment; magnesia_medic_dk, milk_of_magnesia_smpc; reading that as
# eGFR < 30 is the stated convention krampe_convention_severe_kidney).
EGFR_SEVERE_BELOW = 30.0
# From this age with no eGFR: ask for a recent one first (krampe_convention_age_bands).
EGFR_ASK_FROM_AGE = 85
# Under 18 the evidence and advice are for adults (krampe_convention_age_bands); under the
# upper level's own age_min (4 years, intakes.toml) there is no supplement plan at all.
ADULT_FROM_AGE = 18

# Symptoms that, in someone taking a statin, can mean muscle breakdown (mayo_statin_rhabdomyolysis).
STATIN_CLASS = "statin"
STATIN_MUSCLE_SYMPTOMS = ("muscle_weakness", "dark_urine")
# Quinine, by any name or by its ATC code (fda_dsc_2010_qualaquin, mhra_dsu_2010_quinine).
QUININE_ATC = "P01BC01"

# Deficiency risks that ask for a blood test before a trial are a caution;
# the others (diabetes, alcohol, diet, sweating, older age) are information.
CAUTION_DEFICIENCY_RISKS = frozenset({"gut_malabsorption", "long_term_ppi", "diuretics"})

# Symptoms that, in someone taking magnesium, can mean too much of it.
EXCESS_STOP_CODES = ("nausea", "drowsiness", "palpitations", "muscle_weakness")
# Of those, the ones that are urgent on their own; nausea is urgent with reduced kidney function.
EXCESS_URGENT_CODES = ("drowsiness", "palpitations", "muscle_weakness")

# Sources that only classify a medicine (ATC index), not a clinical claim.
_CLASSIFICATION_SOURCES = frozenset({"who_atc_ddd_index"})


@dataclass(frozen=True)
class ScreeningResult:
    """The outcome of :func:`screen`."""

    self_trial: SelfTrial
    findings: tuple[Finding, ...]
    resolved_medicines: tuple[MedicineResolution, ...]
    lang: Lang = "da"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``krampe screen``: self_trial, findings, and the medicines."""
        return {
            "self_trial": self.self_trial,
            "findings": [f.to_dict() for f in self.findings],
            "medicines": [m.to_dict() for m in self.resolved_medicines],
            "lang": self.lang,
        }

    @property
    def codes(self) -> tuple[str, ...]:
        """Every finding's code, in order."""
        return tuple(f.code for f in self.findings)

    @property
    def unchecked_medicines(self) -> tuple[str, ...]:
        """The medicines as typed that Krampe could not check: not resolved, or known
        but with a spacing no source read gives (``spacing_not_checked``)."""
        return tuple(
            dict.fromkeys(m.query for m in self.resolved_medicines if not spacing_checked(m))
        )


def _unique(items: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Builder:
    """Collects findings for one profile in one language."""

    def __init__(self, profile: Profile, lang: Lang) -> None:
        self.profile = profile
        self.lang = lang
        self.texts = screening_texts()
        self.findings: list[Finding] = []

    def t(self, text: Text | None, **values: Any) -> str:
        if text is None:
            return ""
        raw = text.text(self.lang)
        return raw.format(**values) if values else raw

    def add(
        self,
        kind: FindingKind,
        code: str,
        severity: Severity,
        triggers: tuple[str, ...] | list[str],
        title: str,
        advice: str,
        sources: tuple[str, ...] | list[str],
        atc: str | None = None,
        **extra: Any,
    ) -> None:
        finding = Finding(
            kind=kind,
            code=code,
            severity=severity,
            triggers=_unique(tuple(triggers)),
            atc=atc,
            title=title,
            advice=advice,
            sources=_unique(tuple(sources)),
            **extra,
        )
        # The same reason from two routes (a medicine's consult code and its
        # avoid rule) is one finding; its triggers are merged. Two unknown
        # medicines stay two findings, each naming its own candidates.
        for index, existing in enumerate(self.findings):
            same = (existing.kind, existing.code, existing.atc) == (kind, code, atc)
            if same and kind == "unknown_medicine" and existing.triggers != finding.triggers:
                continue
            if same:
                merged = _unique(existing.triggers + finding.triggers)
                sources = _unique(existing.sources + finding.sources)
                self.findings[index] = Finding(
                    **{**existing.__dict__, "triggers": merged, "sources": sources}
                )
                return
        self.findings.append(finding)

    def from_texts(
        self,
        kind: FindingKind,
        code: str,
        severity: Severity,
        triggers: list[str],
        entry_name: str,
        atc: str | None = None,
        suffix: str = "",
        **values: Any,
    ) -> None:
        """A finding whose title, advice and sources are a ``[finding.*]`` entry of the texts."""
        entry = self.texts.findings[entry_name]
        advice = self.t(entry.advice, **values) + suffix
        self.add(
            kind,
            code,
            severity,
            triggers,
            self.t(entry.title, **values),
            advice,
            entry.sources,
            atc=atc,
        )

    def consult(
        self,
        code: str,
        triggers: list[str],
        severity: Severity = "consult",
        atc: str | None = None,
        advice: str | None = None,
        sources: tuple[str, ...] = (),
    ) -> None:
        reason = loaders.consult_reason(code)
        self.add(
            "consult_before_supplement",
            code,
            severity,
            triggers,
            self.t(reason.title),
            advice if advice is not None else self.t(reason.advice),
            reason.sources + sources,
            atc=atc,
        )


def _red_flags(b: _Builder) -> None:
    symptoms, conditions = b.profile.symptoms, b.profile.conditions
    for flag in loaders.red_flags():
        triggers = [s for s in symptoms if s in flag.symptoms]
        triggers += [c for c in conditions if c in flag.conditions]
        if triggers:
            b.add(
                "red_flag",
                flag.code,
                one_of(SEVERITIES, flag.severity, "severity"),
                triggers,
                b.t(flag.title),
                b.t(flag.advice),
                flag.sources,
            )


def _age(b: _Builder) -> None:
    """Children get no plan (under 4) or a doctor first (4-17); 85+ without an eGFR: ask for one."""
    p = b.profile
    no_plan_below = loaders.upper_level().age_min
    if p.age < no_plan_below:
        b.consult("young_child", ["age"])
    elif p.age < ADULT_FROM_AGE:
        b.consult("child", ["age"])
    kidneys_known = p.kidney_disease or "dialysis" in p.conditions
    if p.age >= EGFR_ASK_FROM_AGE and p.egfr is None and not kidneys_known:
        b.consult("egfr_unknown_older", ["age", "egfr"])


def reduced_kidney_function(profile: Profile) -> bool:
    """eGFR below 60, known kidney disease or dialysis."""
    low = profile.egfr is not None and profile.egfr < EGFR_CONSULT_BELOW
    return low or profile.kidney_disease or "dialysis" in profile.conditions


def _body(b: _Builder) -> None:
    p = b.profile
    if p.egfr is not None and p.egfr < EGFR_SEVERE_BELOW:
        b.consult("severe_kidney", ["egfr"])
    elif p.egfr is not None and p.egfr < EGFR_CONSULT_BELOW:
        b.consult("low_egfr", ["egfr"])
    if p.kidney_disease:
        b.consult("kidney", ["kidney_disease"])
    if "dialysis" in p.conditions:
        b.consult("dialysis", ["dialysis"])
    if "cirrhosis" in p.conditions:
        b.consult("cirrhosis", ["cirrhosis"])
    if p.heart_disease:
        b.consult("heart_disease", ["heart_disease"])
    if p.preeclampsia:
        b.consult("preeclampsia", ["preeclampsia"])
    if p.pregnant:
        # Pregnancy alone is not a reason to stay away from magnesium (the
        # upper level includes pregnancy), but the midwife should know and the
        # effect on pregnancy cramps is very uncertain: a caution, not a consult.
        reason = loaders.consult_reason("pregnancy")
        b.add(
            "info",
            "pregnancy",
            "caution",
            ["pregnant_weeks"],
            b.t(reason.title),
            b.t(reason.advice),
            reason.sources,
        )
    if p.breastfeeding:
        entry = b.texts.findings["breastfeeding"]
        ul = loaders.upper_level().mg_per_day
        ul_mg = int(ul) if float(ul).is_integer() else ul
        b.add(
            "info",
            "breastfeeding",
            "info",
            ["breastfeeding"],
            b.t(entry.title),
            b.t(entry.advice, ul_mg=ul_mg),
            entry.sources + loaders.upper_level().sources,
        )


def _excess(b: _Builder) -> None:
    p = b.profile
    if not p.takes_magnesium:
        return
    stop = [s for s in p.symptoms if s in EXCESS_STOP_CODES]
    signs = {sign.code: sign for sign in loaders.excess_signs()}
    urgent = any(s in EXCESS_URGENT_CODES for s in stop) or (
        bool(stop) and reduced_kidney_function(p)
    )
    if urgent:
        # Stop and contact a doctor today: urgent, with the Danish way to get help.
        low = p.egfr is not None and p.egfr < EGFR_CONSULT_BELOW
        triggers = stop + (["egfr"] if low else [])
        b.from_texts(
            "consult_before_supplement", "excess_signs", "urgent", triggers, "excess_urgent"
        )
    elif stop:
        reason = loaders.consult_reason("excess_signs")
        # The general advice already says "pause and talk to your doctor"; add
        # the firmer per-sign advice (stop, contact a doctor, today) where the
        # data has one. Nausea's own advice is milder than the general one.
        specific = [
            b.t(signs[s].advice) for s in stop if s != "nausea" and s in signs and signs[s].advice
        ]
        advice = " ".join(_unique([b.t(reason.advice), *specific]))
        sources = reason.sources + tuple(
            src for s in stop if s in signs for src in signs[s].sources
        )
        b.consult("excess_signs", stop, severity="soon", advice=advice, sources=sources)
    if "diarrhea" in p.symptoms and "diarrhea" in signs:
        sign = signs["diarrhea"]
        b.add(
            "info",
            "diarrhea",
            "caution",
            ["diarrhea"],
            b.t(sign.title),
            b.t(sign.advice),
            sign.sources,
        )


def _deficiency(b: _Builder) -> None:
    p = b.profile
    for risk in loaders.deficiency_risks():
        triggers = [c for c in p.conditions if c in risk.conditions]
        if risk.age_min is not None and p.age >= risk.age_min:
            triggers.append("age")
        if triggers:
            severity: Severity = "caution" if risk.code in CAUTION_DEFICIENCY_RISKS else "info"
            b.add(
                "deficiency_risk",
                risk.code,
                severity,
                triggers,
                b.t(risk.title),
                b.t(risk.advice),
                risk.sources,
            )
    excess_now = set(EXCESS_STOP_CODES) if p.takes_magnesium else set()
    template = b.texts.templates["deficiency_sign"]
    for sign in loaders.deficiency_signs():
        # In someone taking magnesium the same symptom is read as too much, not too little.
        triggers = [s for s in p.symptoms if s in sign.symptoms and s not in excess_now]
        if triggers:
            b.add(
                "deficiency_sign",
                sign.code,
                "caution",
                triggers,
                b.t(sign.title),
                b.t(template.advice),
                sign.sources + template.sources,
            )


def _rule_title(b: _Builder, rule: InteractionRule, name: str) -> str:
    templates = b.texts.templates
    before = duration(rule.med_before_mg_h, b.lang)
    after = duration(rule.med_after_mg_h, b.lang)
    if rule.med_before_mg_h > 0 and rule.med_after_mg_h > 0:
        template = templates["interaction_both"]
    elif rule.med_before_mg_h > 0:
        template = templates["interaction_before"]
    else:
        template = templates["interaction_after"]
    return b.t(template.title, medicine=_first_upper(name), before=before, after=after)


def _medicine_findings(
    b: _Builder, typed: str, resolution: MedicineResolution, medicine: Medicine | None
) -> None:
    lang = b.lang
    atc = medicine.atc if medicine is not None else resolution.atc_query
    name = medicine.name.text(lang) if medicine is not None else typed
    fuzzy_note = ""
    if resolution.resolved is not None and resolution.resolved.match == "fuzzy":
        note = b.texts.templates["fuzzy_medicine"].note
        fuzzy_note = " " + b.t(note, query=typed, medicine=name)

    if medicine is not None:
        rules = catalogue.rules_for(medicine)  # a combination's components' rules included
    else:
        rules = loaders.rule_for_atc(atc) if atc else ()
    for rule in rules:
        if rule.action == "avoid":
            b.consult(
                "avoid_combination",
                [typed],
                atc=atc,
                advice=b.t(rule.note) + fuzzy_note,
                sources=rule.sources,
            )
        else:
            b.add(
                "interaction",
                rule.id,
                "caution",
                [typed],
                _rule_title(b, rule, name),
                b.t(rule.note) + fuzzy_note,
                rule.sources,
                atc=atc,
                med_before_mg_h=rule.med_before_mg_h,
                med_after_mg_h=rule.med_after_mg_h,
            )
    if medicine is None:
        return
    # Even beside a rule of another part: the whole cannot be checked (spacing_checked).
    if catalogue.spacing_not_checked(medicine):
        b.from_texts(
            "info", "spacing_not_checked", "caution", [typed], "spacing_not_checked", atc,
            fuzzy_note, medicine=_first_upper(name),
        )  # fmt: skip
    _magnesium_source(b, resolution, fuzzy_note)
    if atc and atc.startswith(QUININE_ATC):
        b.from_texts("info", "quinine", "caution", [typed], "quinine", atc, fuzzy_note)
    muscle = [s for s in b.profile.symptoms if s in STATIN_MUSCLE_SYMPTOMS]
    if muscle and any(p.drug_class == STATIN_CLASS for p in catalogue.parts(medicine)):
        b.from_texts(
            "red_flag",
            "statin_muscle",
            "urgent",
            [typed, *muscle],
            "statin_muscle",
            atc,
            medicine=name,
        )
    # A combination's components each bring their own flags (Cozaar Comp: the thiazide's).
    for part in catalogue.parts(medicine):
        part_name = name if part is medicine else part.name.text(lang)
        _flag_findings(b, typed, part, part_name, atc, fuzzy_note)


def _magnesium_source(b: _Builder, resolution: MedicineResolution, fuzzy_note: str) -> None:
    """A medicine or supplement that contains magnesium counts towards the upper level;
    as a laxative or antacid with reduced kidney function it needs a doctor first."""
    source = magnesium_source(resolution)
    if source is None:
        return
    typed = resolution.query
    values = {"medicine": typed, "ul_mg": formats.amount(loaders.upper_level().mg_per_day, b.lang)}
    entry_name = "magnesium_source"
    if source.mg_per_unit is not None:
        entry_name = "magnesium_source_amount"
        values["unit"] = b.texts.report[f"unit_{source.unit or 'tablet'}"].text(b.lang)
        values["mg"] = formats.amount(source.mg_per_unit, b.lang)
    b.from_texts(
        "info", "magnesium_source", "caution", [typed], entry_name, source.atc, fuzzy_note, **values
    )
    if source.antacid_or_laxative and reduced_kidney_function(b.profile):
        triggers = [typed, *(["egfr"] if b.profile.egfr is not None else [])]
        b.consult("magnesium_medicine_kidney", triggers, atc=source.atc)


def _flag_findings(
    b: _Builder, typed: str, part: Medicine, name: str, atc: str | None, fuzzy_note: str
) -> None:
    """The consult, cramp and deficiency findings of one catalogue entry (or component)."""
    clinical_sources = tuple(s for s in part.sources if s not in _CLASSIFICATION_SOURCES)
    if part.consult and part.consult != "deficiency_risk_medicine":
        reason = loaders.consult_reason(part.consult)
        b.consult(
            part.consult,
            [typed],
            atc=atc,
            advice=b.t(reason.advice) + fuzzy_note,
            sources=clinical_sources,
        )
    if part.provokes_cramps:
        template = b.texts.templates["provoking_medicine"]
        b.add(
            "provoking_medicine",
            part.drug_class,
            "caution",
            [typed],
            b.t(template.title, medicine=_first_upper(name)),
            b.t(template.advice, medicine=name) + fuzzy_note,
            clinical_sources or template.sources,
            atc=atc,
        )
    if part.deficiency_risk:
        risks = [r for r in loaders.deficiency_risks() if part.drug_class in r.medicine_classes]
        if risks:
            for risk in risks:
                b.add(
                    "deficiency_risk",
                    risk.code,
                    "caution",
                    [typed],
                    b.t(risk.title),
                    b.t(risk.advice) + fuzzy_note,
                    risk.sources,
                    atc=atc,
                )
        else:  # flagged in the catalogue but its class has no entry of its own
            reason = loaders.consult_reason("deficiency_risk_medicine")
            b.add(
                "deficiency_risk",
                "deficiency_risk_medicine",
                "caution",
                [typed],
                b.t(reason.title),
                b.t(reason.advice) + fuzzy_note,
                reason.sources,
                atc=atc,
            )


def _unknown(b: _Builder, typed: str, resolution: MedicineResolution) -> None:
    templates = b.texts.templates
    names = list(_unique([c.name for c in resolution.candidates]))
    if names:
        template = templates["ambiguous_medicine"]
        code = "ambiguous_medicine"
    else:
        template = templates["unknown_medicine"]
        code = "unknown_medicine"
    b.add(
        "unknown_medicine",
        code,
        "consult",
        [typed],
        b.t(template.title, query=typed),
        b.t(template.advice, query=typed, candidates=", ".join(names)),
        template.sources,
        atc=resolution.atc_query,
        candidates=tuple(names),
    )


def screen(profile: Profile, lang: Lang = "da") -> ScreeningResult:
    """Screen ``profile`` before a magnesium self-trial.

    Returns every finding (red flags first) with texts in ``lang`` ("da" or
    "en") and ``self_trial``: ``urgent`` for an urgent red flag,
    ``see_doctor_first`` for any other red flag or a reason to talk to a
    doctor before supplements (kidneys, heart, pre-eclampsia, a medicine that
    must not be combined, signs of too much magnesium while taking it),
    ``ok_with_precautions`` for spacing rules, cramp-provoking medicines,
    cautions and unrecognised medicines, else ``ok``.
    """
    lang = one_of(LANGS, lang, "lang")
    b = _Builder(profile, lang)
    _red_flags(b)
    _age(b)
    _body(b)
    _excess(b)
    resolutions = []
    for typed in profile.medicines:
        resolution = resolve_medicine(typed, lang)
        resolutions.append(resolution)
        medicine = resolution.medicine
        if medicine is None:
            _unknown(b, typed, resolution)
        _medicine_findings(b, typed, resolution, medicine)
    _deficiency(b)
    findings = ordered(_with_help(b))
    return ScreeningResult(summarise(findings), findings, tuple(resolutions), lang)


def _with_help(b: _Builder) -> list[Finding]:
    """Every urgent finding ends with the Danish way to get help (112, own doctor, 1813)."""
    entry = b.texts.findings["urgent_help"]
    help_text = b.t(entry.advice)
    out = []
    for f in b.findings:
        if f.severity == "urgent" and help_text not in f.advice:
            sources = _unique(f.sources + entry.sources)
            f = Finding(**{**f.__dict__, "advice": f"{f.advice} {help_text}", "sources": sources})
        out.append(f)
    return out
