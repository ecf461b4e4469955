"""What the helper's page and sheet show: the jars with their contents, how to fill
them, and the placebo guide, from the trial's revealed design and the person's plan."""

from __future__ import annotations

from dataclasses import dataclass

from krampe.domain.plan import texts
from krampe.domain.plan.build import Plan
from krampe.domain.plan.texts import Note
from krampe.domain.trial.design import Design
from krampe.domain.trial.jars import SPARE_NIGHTS, FillPlan, JarLabel, fill_plan, jar_labels
from krampe.domain.vocab import Lang

GUIDE = (
    "helper_capsules",
    "helper_where",
    "helper_placebo",
    "helper_jars",
    "helper_blind_breaks",
    "helper_blind_breaks_practice",
    "helper_if_broken",
)


@dataclass(frozen=True)
class HelperGuide:
    """Everything the helper reads, in their language."""

    name: str
    design: Design
    fill: FillPlan | None  # None: the person's plan has no dose yet
    labels: tuple[JarLabel, ...]
    intro: Note
    count: Note | None
    magnesium: tuple[Note, ...]  # one per evening dose
    guide: tuple[Note, ...]
    keep: Note

    @property
    def sources(self) -> tuple[str, ...]:
        notes = (*self.magnesium, *self.guide)
        return tuple(sorted({s for note in notes for s in note.sources}))


def helper_guide(name: str, design: Design, plan: Plan, lang: Lang) -> HelperGuide:
    """The guide for ``design`` (revealed) and the person's ``plan``."""
    dose = plan.dose
    fill = None
    magnesium: list[Note] = []
    count = None
    if dose is not None and dose.doses:
        fill = fill_plan(design, [d.mg for d in dose.doses], [d.tablets for d in dose.doses])
        capsules = texts.plural("capsule_word", lang, fill.capsules_per_dose)
        for amount in dose.doses:
            mg = texts.format_mg(amount.mg, lang)
            if amount.tablets is not None:
                tablets = texts.plural("tablet_word", lang, amount.tablets)
                magnesium.append(
                    texts.note(
                        "helper_magnesium_tablets", lang, tablets=tablets, mg=mg, capsules=capsules
                    )
                )
            else:
                magnesium.append(texts.note("helper_magnesium_mg", lang, mg=mg, capsules=capsules))
        magnesium = list(dict.fromkeys(magnesium))  # two equal doses need one text
        per_night = texts.plural("capsule_word", lang, fill.capsules_per_night)
        count = texts.note("helper_count", lang, per_night=per_night, spare=SPARE_NIGHTS)
    return HelperGuide(
        name=name,
        design=design,
        fill=fill,
        labels=tuple(jar_labels(design)),
        intro=texts.note("helper_intro", lang, name=name),
        count=count,
        magnesium=tuple(magnesium),
        guide=tuple(texts.note(key, lang, name=name) for key in GUIDE),
        keep=texts.note("helper_keep", lang, name=name),
    )
