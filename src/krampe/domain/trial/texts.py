"""Plain-language texts for trial results, in Danish and English.

Each verdict has an explanation and a next step. Placeholders are filled by
:func:`render`; numbers arrive already formatted for the language.
"""

from __future__ import annotations

from collections.abc import Mapping

from krampe.domain import formats
from krampe.domain.vocab import LANGS

LANGUAGES: tuple[str, ...] = LANGS

# Source id for the placebo-response figure quoted in the open-label caveat.
OPEN_LABEL_SOURCE = "cochrane2020_magnesium_cramps"

SIDE_NAMES: dict[str, dict[str, str]] = {
    "magnesium": {"da": "magnesium", "en": "magnesium"},
    "placebo": {"da": "placebo", "en": "placebo"},
    "baseline": {"da": "perioden før", "en": "the period before"},
    "stretching": {"da": "udstrækning", "en": "stretching"},
}

VERDICT_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "insufficient_data": {
        "en": {
            "explanation": (
                "There are too few counted nights to say anything yet: {control_n} nights "
                "with {control} and {treated_n} with {treated}; at least {min_nights} on "
                "each side are needed. Run-in nights and nights not logged do not count."
            ),
            "next_step": (
                "Keep logging every morning until both sides have at least {min_nights} "
                "counted nights."
            ),
        },
        "da": {
            "explanation": (
                "Der er for få talte nætter til at sige noget endnu: {control_n} nætter "
                "med {control} og {treated_n} med {treated}; der skal mindst være "
                "{min_nights} på hver side. Indkøringsnætter og nætter uden registrering "
                "tæller ikke med."
            ),
            "next_step": (
                "Bliv ved med at registrere hver morgen, til begge sider har mindst "
                "{min_nights} talte nætter."
            ),
        },
    },
    "responder": {
        "en": {
            "explanation": (
                "With {treated} you had about {reduction} fewer cramps a night than with "
                "{control} (95 % credible interval {low} to {high} fewer). The chance of a "
                "real reduction is {p_any}, and the chance it is at least {threshold} is "
                "{p_responder}."
            ),
            "next_step": (
                "{treated_cap} seems to work for you. Keep the lowest dose that helps, tell "
                "your doctor, and consider a new check in a few months to see if you still "
                "need it."
            ),
        },
        "da": {
            "explanation": (
                "Med {treated} havde du omkring {reduction} færre kramper pr. nat end med "
                "{control} (95 % troværdighedsinterval {low} til {high} færre). "
                "Sandsynligheden for en reel nedgang er {p_any}, og sandsynligheden for, at "
                "den er mindst {threshold}, er {p_responder}."
            ),
            "next_step": (
                "{treated_cap} ser ud til at virke for dig. Brug den laveste dosis, der "
                "hjælper, fortæl det til din læge, og overvej et nyt tjek om nogle måneder "
                "for at se, om du stadig har brug for det."
            ),
        },
    },
    "benefit_below_threshold": {
        "en": {
            "explanation": (
                "With {treated} you most likely had fewer cramps than with {control} "
                "(about {reduction} fewer, 95 % credible interval {low} to {high}; chance of "
                "a real reduction {p_any}), but probably less than your goal of {threshold} "
                "(chance {p_responder})."
            ),
            "next_step": (
                "Decide whether a benefit of this size is worth taking {treated} every "
                "night. Talk to your doctor about other options if it is not."
            ),
        },
        "da": {
            "explanation": (
                "Med {treated} havde du sandsynligvis færre kramper end med {control} "
                "(omkring {reduction} færre, 95 % troværdighedsinterval {low} til {high}; "
                "sandsynlighed for en reel nedgang {p_any}), men formentlig mindre end dit "
                "mål på {threshold} (sandsynlighed {p_responder})."
            ),
            "next_step": (
                "Overvej, om en gevinst af den størrelse er værd at tage {treated} hver "
                "aften for. Tal med din læge om andre muligheder, hvis den ikke er."
            ),
        },
    },
    "no_meaningful_effect": {
        "en": {
            "explanation": (
                "{treated_cap} made no difference worth having: the chance of at least "
                "{meaningful} fewer cramps than with {control} is only {p_meaningful} "
                "(rate ratio {median}, 95 % credible interval {ratio_low} to {ratio_high})."
            ),
            "next_step": (
                "You can stop {treated}. Talk to your doctor about other causes and "
                "treatments of night cramps."
            ),
        },
        "da": {
            "explanation": (
                "{treated_cap} gjorde ingen forskel, der er værd at have: sandsynligheden "
                "for mindst {meaningful} færre kramper end med {control} er kun "
                "{p_meaningful} (rateforhold {median}, 95 % troværdighedsinterval "
                "{ratio_low} til {ratio_high})."
            ),
            "next_step": (
                "Du kan stoppe med {treated}. Tal med din læge om andre årsager til og "
                "behandlinger af natlige kramper."
            ),
        },
    },
    "inconclusive": {
        "en": {
            "explanation": (
                "The diary cannot yet tell whether {treated} helps: the rate ratio is "
                "{median} with a 95 % credible interval from {ratio_low} to {ratio_high}, "
                "which includes both no effect and a real benefit (chance of a reduction "
                "{p_any})."
            ),
            "next_step": (
                "Add more periods (another pair in the blinded design) and keep logging; "
                "the interval narrows with every counted week."
            ),
        },
        "da": {
            "explanation": (
                "Dagbogen kan endnu ikke vise, om {treated} hjælper: rateforholdet er "
                "{median} med et 95 % troværdighedsinterval fra {ratio_low} til "
                "{ratio_high}, som rummer både ingen effekt og en reel gevinst "
                "(sandsynlighed for en nedgang {p_any})."
            ),
            "next_step": (
                "Tilføj flere perioder (endnu et par i det blindede forsøg), og bliv ved "
                "med at registrere; intervallet bliver smallere for hver talt uge."
            ),
        },
    },
}

CAVEAT_TEXTS: dict[str, dict[str, str]] = {
    "open_label": {
        "en": (
            "This is an open-label before/after comparison. In magnesium trials the "
            "placebo groups also fell about 28 % in cramp frequency (Cochrane review "
            "CD009402, 2020), and people often start a trial in a bad spell that would "
            "have eased anyway (regression to the mean). Either can explain a drop. A "
            "blinded, randomized crossover against placebo can tell them apart: "
            "krampe trial design --design blinded."
        ),
        "da": (
            "Dette er en åben før/efter-sammenligning. I forsøg med magnesium faldt "
            "krampehyppigheden også omkring 28 % i placebogrupperne (Cochrane-oversigt "
            "CD009402, 2020), og mange starter et forsøg i en dårlig periode, som ville "
            "være gået over af sig selv (regression mod middelværdien). Begge dele kan "
            "forklare et fald. Et blindet, randomiseret overkrydsningsforsøg mod placebo "
            "kan skelne: krampe trial design --design blinded."
        ),
    },
    "missing_nights": {
        "en": "{missing} nights were not logged; they are left out, never counted as zero.",
        "da": "{missing} nætter blev ikke registreret; de er udeladt og aldrig talt som nul.",
    },
    "low_adherence": {
        "en": (
            "{what} was recorded on only {adherence} of the {treated} nights; the result "
            "describes the trial as it was carried out."
        ),
        "da": (
            "{what} blev kun registreret på {adherence} af nætterne med {treated}; "
            "resultatet beskriver forsøget, som det faktisk blev gennemført."
        ),
    },
}

ADHERENCE_WHAT: dict[str, dict[str, str]] = {
    "dose": {"da": "En taget kapsel", "en": "A dose taken"},
    "stretch": {"da": "Udstrækning", "en": "Stretching"},
}


def percent(value: float, lang: str) -> str:
    """Format a fraction as a whole percent the way each language writes it."""
    return formats.percent(value, 0, lang)


def decimal(value: float, lang: str) -> str:
    """Two-decimal number with the language's decimal mark."""
    return formats.decimal(value, 2, lang)


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill a template; every placeholder must be present."""
    return template.format(**values)
