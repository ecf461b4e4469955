"""Plain-language texts for trial results, in Danish and English.

Every verdict has three texts: ``summary``, one sentence a lay person
understands; ``explanation``, the numbers for the doctor; and a next step,
chosen as a code (:data:`NEXT_STEP_TEXTS`) that the shells render in the
person's language and, where an action exists, as a button or link ("Start a
blinded trial", "Add a pair of periods"). No text here names a command line:
the web pages and the doctor summary show these texts as they are.

Wording rules (docs/trial.md): a probability is never called "the chance of a
real reduction"; a before/after (open-label) text never says magnesium works.

Placeholders are filled by :func:`render`; numbers arrive already formatted
for the language.
"""

from __future__ import annotations

import datetime as dt
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

# "about 30 % fewer" / "about 15 % more": the change in cramps, filled into {change}.
CHANGE_WORDS: dict[str, dict[str, str]] = {
    "fewer": {"da": "omkring {amount} færre", "en": "about {amount} fewer"},
    "more": {"da": "omkring {amount} flere", "en": "about {amount} more"},
    "same": {"da": "lige så mange", "en": "about as many"},
}

# Each verdict: summary and explanation, for a placebo comparison ("blinded")
# and a before/after comparison ("open").
VERDICT_TEXTS: dict[str, dict[str, dict[str, dict[str, str]]]] = {
    "insufficient_data": {
        "blinded": {
            "en": {
                "summary": "Too few nights have been logged to tell anything yet.",
                "explanation": (
                    "Counted nights: {control_n} with {control} and {treated_n} with "
                    "{treated}; at least {min_nights} on each side are needed. Run-in "
                    "nights and nights not logged do not count."
                ),
            },
            "da": {
                "summary": "Der er registreret for få nætter til at sige noget endnu.",
                "explanation": (
                    "Talte nætter: {control_n} med {control} og {treated_n} med "
                    "{treated}; der skal mindst være {min_nights} på hver side. "
                    "Indkøringsnætter og nætter uden registrering tæller ikke med."
                ),
            },
        },
    },
    "responder": {
        "blinded": {
            "en": {
                "summary": (
                    "About {reduction} fewer cramps on {treated} nights than on {control} "
                    "nights, and chance alone is very unlikely to explain it."
                ),
                "explanation": (
                    "Rate ratio {median} (95% credible interval {ratio_low}–{ratio_high}), "
                    "that is {low} to {high} fewer cramps. Posterior probability of fewer "
                    "cramps with {treated} than with {control}: {p_any} (needed after "
                    "{pairs_count}: {certainty}); of at least {threshold} fewer: "
                    "{p_responder}."
                ),
            },
            "da": {
                "summary": (
                    "Omkring {reduction} færre kramper på nætter med {treated} end på "
                    "nætter med {control}, og det er meget usandsynligt, at det er "
                    "tilfældigt."
                ),
                "explanation": (
                    "Rateforhold {median} (95\u00a0% troværdighedsinterval "
                    "{ratio_low}–{ratio_high}), dvs. {low} til {high} færre kramper. "
                    "Posterior sandsynlighed for færre kramper med {treated} end med "
                    "{control}: {p_any} (krævet efter {pairs_count}: {certainty}); for "
                    "mindst {threshold} færre: {p_responder}."
                ),
            },
        },
    },
    "benefit_below_threshold": {
        "blinded": {
            "en": {
                "summary": (
                    "Fewer cramps on {treated} nights than on {control} nights (about "
                    "{reduction}), but probably less than the goal of {threshold} fewer."
                ),
                "explanation": (
                    "Rate ratio {median} (95% credible interval {ratio_low}–{ratio_high}). "
                    "Posterior probability of fewer cramps with {treated} than with "
                    "{control}: {p_any} (needed after {pairs_count}: {certainty}); of at "
                    "least {threshold} fewer: {p_responder}."
                ),
            },
            "da": {
                "summary": (
                    "Færre kramper på nætter med {treated} end på nætter med {control} "
                    "(omkring {reduction}), men formentlig mindre end målet på "
                    "{threshold} færre."
                ),
                "explanation": (
                    "Rateforhold {median} (95\u00a0% troværdighedsinterval "
                    "{ratio_low}–{ratio_high}). Posterior sandsynlighed for færre kramper "
                    "med {treated} end med {control}: {p_any} (krævet efter {pairs_count}: "
                    "{certainty}); for mindst {threshold} færre: {p_responder}."
                ),
            },
        },
    },
    "improved_cause_unknown": {
        "open": {
            "en": {
                "summary": (
                    "Cramps fell by about {reduction} after the start of {treated}, but "
                    "a fall like this often happens without any effect of {treated}."
                ),
                "explanation": (
                    "Before/after comparison, not against placebo. Rate ratio {median} "
                    "(95% credible interval {ratio_low}–{ratio_high}); posterior "
                    "probability of fewer cramps than in {control}: {p_any}. Placebo "
                    "response, regression to the mean and a natural change over time "
                    "are not separated from {treated} by this design."
                ),
            },
            "da": {
                "summary": (
                    "Kramperne faldt med omkring {reduction} efter starten med {treated}, "
                    "men sådan et fald sker ofte, uden at {treated} har nogen virkning."
                ),
                "explanation": (
                    "Før/efter-sammenligning, ikke mod placebo. Rateforhold {median} (95\u00a0% "
                    "troværdighedsinterval {ratio_low}–{ratio_high}); posterior "
                    "sandsynlighed for færre kramper end i {control}: {p_any}. "
                    "Placeboeffekt, regression mod middelværdien og en naturlig ændring "
                    "over tid kan dette forsøg ikke skille fra {treated}."
                ),
            },
        },
    },
    "no_meaningful_effect": {
        "blinded": {
            "en": {
                "summary": (
                    "{treated_cap} made no difference worth having compared with {control}."
                ),
                "explanation": (
                    "Rate ratio {median} (95% credible interval {ratio_low}–{ratio_high}). "
                    "Posterior probability of at least {meaningful} fewer cramps with "
                    "{treated} than with {control}: {p_meaningful}."
                ),
            },
            "da": {
                "summary": (
                    "{treated_cap} gjorde ingen forskel, der er værd at have, i forhold "
                    "til {control}."
                ),
                "explanation": (
                    "Rateforhold {median} (95\u00a0% troværdighedsinterval "
                    "{ratio_low}–{ratio_high}). Posterior sandsynlighed for mindst "
                    "{meaningful} færre kramper med {treated} end med {control}: "
                    "{p_meaningful}."
                ),
            },
        },
        "open": {
            "en": {
                "summary": (
                    "Cramps did not fall by a worthwhile amount after the start of {treated}."
                ),
                "explanation": (
                    "Before/after comparison, not against placebo. Rate ratio {median} "
                    "(95% credible interval {ratio_low}–{ratio_high}); posterior "
                    "probability of at least {meaningful} fewer cramps than in {control}: "
                    "{p_meaningful}."
                ),
            },
            "da": {
                "summary": (
                    "Kramperne faldt ikke så meget, at det er værd at have, efter starten "
                    "med {treated}."
                ),
                "explanation": (
                    "Før/efter-sammenligning, ikke mod placebo. Rateforhold {median} (95\u00a0% "
                    "troværdighedsinterval {ratio_low}–{ratio_high}); posterior "
                    "sandsynlighed for mindst {meaningful} færre kramper end i {control}: "
                    "{p_meaningful}."
                ),
            },
        },
    },
    "inconclusive": {
        "blinded": {
            "en": {
                "summary": (
                    "{change_cap} cramps on {treated} nights than on {control} nights, but "
                    "that could be chance."
                ),
                "explanation": (
                    "Rate ratio {median} (95% credible interval {ratio_low}–{ratio_high}), "
                    "which includes both no effect and a worthwhile benefit. Posterior "
                    "probability of fewer cramps with {treated} than with {control}: "
                    "{p_any} (needed after {pairs_count}: {certainty})."
                ),
            },
            "da": {
                "summary": (
                    "{change_cap} kramper på nætter med {treated} end på nætter med "
                    "{control}, men det kan være tilfældigt."
                ),
                "explanation": (
                    "Rateforhold {median} (95\u00a0% troværdighedsinterval "
                    "{ratio_low}–{ratio_high}), som rummer både ingen effekt og en gevinst, "
                    "der er værd at have. Posterior sandsynlighed for færre kramper med "
                    "{treated} end med {control}: {p_any} (krævet efter {pairs_count}: "
                    "{certainty})."
                ),
            },
        },
        "open": {
            "en": {
                "summary": (
                    "{change_cap} cramps after the start of {treated} than before, but that "
                    "could be chance, and a before/after comparison cannot tell {treated} "
                    "from other causes."
                ),
                "explanation": (
                    "Before/after comparison, not against placebo. Rate ratio {median} "
                    "(95% credible interval {ratio_low}–{ratio_high}); posterior "
                    "probability of fewer cramps than in {control}: {p_any}."
                ),
            },
            "da": {
                "summary": (
                    "{change_cap} kramper efter starten med {treated} end før, men det kan "
                    "være tilfældigt, og en før/efter-sammenligning kan ikke skille "
                    "{treated} fra andre årsager."
                ),
                "explanation": (
                    "Før/efter-sammenligning, ikke mod placebo. Rateforhold {median} (95\u00a0% "
                    "troværdighedsinterval {ratio_low}–{ratio_high}); posterior "
                    "sandsynlighed for færre kramper end i {control}: {p_any}."
                ),
            },
        },
    },
}

# The plain sentence where there is no verdict (no trial, no nights, nothing to compare,
# a blinded result still hidden), and the note on a verdict while the trial still runs.
# The doctor summary starts with one of these or a verdict's ``summary``.
STATUS_TEXTS: dict[str, dict[str, str]] = {
    "no_trial": {
        "en": "There is no trial yet, so nothing has been compared.",
        "da": "Der er intet forsøg endnu, så intet er sammenlignet.",
    },
    "no_nights": {
        "en": "The trial has no logged nights yet, so nothing has been compared.",
        "da": "Forsøget har ingen registrerede nætter endnu, så intet er sammenlignet.",
    },
    "not_possible": {
        "en": "Nothing can be compared yet: that needs nights before and during a "
        "treatment, or a trial.",
        "da": "Intet kan sammenlignes endnu: det kræver nætter før og under en behandling "
        "eller et forsøg.",
    },
    "blinded_running": {
        "en": "A blinded trial against placebo runs until its last night, {end}; its result "
        "stays hidden until then, so that knowing cannot colour the diary.",
        "da": "Et blindet forsøg mod placebo kører til og med den sidste nat, {end}; "
        "resultatet er skjult indtil da, så viden om det ikke kan farve dagbogen.",
    },
    "blinded_ended": {
        "en": "The blinded trial against placebo ended on {end}; its result stays hidden "
        "until it is unblinded.",
        "da": "Det blindede forsøg mod placebo sluttede den {end}; resultatet er skjult, "
        "til det afblindes.",
    },
    "unreadable": {
        "en": "The trial's stored design could not be read, so nothing is compared and the "
        "nights are not split by phase.",
        "da": "Forsøgets gemte plan kunne ikke læses, så intet sammenlignes, og nætterne "
        "deles ikke op efter fase.",
    },
    "broken_seal": {
        "en": "The seal of the blinded trial no longer matches its stored allocation, so "
        "which periods were magnesium is not known and nothing is compared.",
        "da": "Forseglingen af det blindede forsøg passer ikke længere med den gemte "
        "fordeling, så det vides ikke, hvilke perioder der var magnesium, og intet "
        "sammenlignes.",
    },
    "so_far": {
        "en": "The trial runs until its last night, {end}: this is what the nights logged so "
        "far show.",
        "da": "Forsøget kører til og med den sidste nat, {end}: dette er, hvad de "
        "registrerede nætter viser indtil nu.",
    },
}

# A blinded trial with pairs added after its planned ones (the design's extensions), for
# the doctor: what was planned, what was added and when, and the rule set in advance
# for the repeated looks (krampe.domain.trial.extension, verdict.CERTAINTY_BY_PAIRS).
EXTENSION_TEXTS: dict[str, dict[str, str]] = {
    "note": {
        "en": "Extended: {planned} planned, {added} added ({when}). Rule fixed before the "
        "start: a pair only when a look before unblinding gives no clear answer; the "
        "certainty a positive verdict needs grows with the pairs ({schedule}), keeping false "
        "positives over all looks at about {false_positive} in simulated trials.",
        "da": "Forlænget: {planned} planlagt, {added} lagt til ({when}). Regel fastlagt før "
        "start: kun et par, når en gennemgang før afblindingen ikke giver et klart svar; den "
        "sikkerhed, et positivt svar kræver, vokser med parrene ({schedule}), så falsk "
        "positive svar over alle gennemgange holdes på omkring {false_positive} i simulerede "
        "forsøg.",
    },
    "pair_added": {"en": "pair {pair} on {date}", "da": "par {pair} den {date}"},
    "certainty": {"en": "{certainty} after {pairs}", "da": "{certainty} efter {pairs}"},
}

# Where an open-label baseline stands (krampe.domain.trial.baseline.BaselineStatus), by
# its code; counts arrive with their noun ("1 night", "2 nætter").
BASELINE_TEXTS: dict[str, dict[str, str]] = {
    "on_track": {
        "en": "Baseline: {logged_nights} logged, {remaining} still ahead (until "
        "{baseline_end}); {needed} are needed. On track.",
        "da": "Perioden før: {logged_nights} registreret, {remaining} tilbage (til "
        "{baseline_end}); der skal bruges {needed}. Det holder.",
    },
    "short": {
        "en": "Baseline: {logged_nights} logged and {remaining} still ahead, but {needed} are "
        "needed. Log every night until {baseline_end} and extend the baseline by "
        "{extend_by_nights}.",
        "da": "Perioden før: {logged_nights} registreret og {remaining} tilbage, men der skal "
        "bruges {needed}. Registrér hver nat til {baseline_end}, og forlæng perioden med "
        "{extend_by_nights}.",
    },
    "complete": {
        "en": "Baseline complete: {logged_nights} logged ({needed} needed).",
        "da": "Perioden før er slut: {logged_nights} registreret ({needed} krævet).",
    },
    "too_few": {
        "en": "The baseline ended with {logged_nights} logged; {needed} were needed. The "
        "comparison will have too few nights; start a new trial.",
        "da": "Perioden før sluttede med {logged_nights} registreret; der skulle bruges "
        "{needed}. Sammenligningen får for få nætter; start et nyt forsøg.",
    },
}

# What to do now. Codes with an action (a page or a button in the web app, a
# command in the CLI) are listed in NEXT_STEP_ACTIONS.
NEXT_STEP_TEXTS: dict[str, dict[str, str]] = {
    "keep_logging": {
        "en": "Keep logging every morning until both sides have at least {min_nights_counted}.",
        "da": "Bliv ved med at registrere hver morgen, til begge sider har mindst "
        "{min_nights_counted}.",
    },
    "start_new_trial": {
        "en": "The nights before {treated} are over and cannot be added now. Start a new trial; "
        "a blinded trial against placebo gives the clearest answer.",
        "da": "Nætterne før {treated} er forbi og kan ikke tilføjes nu. Start et nyt forsøg; et "
        "blindet forsøg mod placebo giver det klareste svar.",
    },
    "start_blinded_trial": {
        "en": "To find out whether {treated} itself helps, run a blinded trial against placebo.",
        "da": "Vil du vide, om det er {treated}, der hjælper, så lav et blindet forsøg mod "
        "placebo.",
    },
    "add_pair": {
        "en": "You can add a pair of periods (up to {max_pairs_count} in all); the answer is "
        "checked again when the new pair ends, with a stricter bar for each pair added.",
        "da": "Du kan tilføje et par perioder (op til {max_pairs_count} i alt); svaret tjekkes "
        "igen, når det nye par er slut, med et strengere krav for hvert par, der lægges til.",
    },
    "ended_inconclusive": {
        "en": "The trial ended after {pairs_count} without a clear answer. Pairs can be "
        "added only before unblinding, so this trial cannot be extended now. An effect, if "
        "there is one, did not show clearly in {pairs_count}; talk to your doctor about "
        "whether to go on with {treated}.",
        "da": "Forsøget sluttede efter {pairs_count} uden et klart svar. Der kan kun lægges "
        "par til før afblindingen, så forsøget kan ikke forlænges nu. En eventuel virkning "
        "viste sig ikke tydeligt på {pairs_count}; tal med din læge om, om du skal fortsætte "
        "med {treated}.",
    },
    "no_more_pairs": {
        "en": "The trial has reached its largest size ({max_pairs_count}) without a clear "
        "answer. Any effect is probably small; talk to your doctor about whether to go on.",
        "da": "Forsøget har nået sin største længde ({max_pairs_count}) uden et klart svar. En "
        "eventuel virkning er formentlig lille; tal med din læge om, om du skal fortsætte.",
    },
    "keep_stretching": {
        "en": "Stretching cannot be compared against a placebo. It does no harm to keep it up if "
        "it is easy for you; talk to your doctor if the cramps bother you.",
        "da": "Udstrækning kan ikke sammenlignes med placebo. Det skader ikke at fortsætte, hvis "
        "det er let for dig; tal med din læge, hvis kramperne generer dig.",
    },
    "keep_lowest_dose": {
        "en": "Keep the lowest dose that helps, tell your doctor, and consider a new check in a "
        "few months to see if you still need it.",
        "da": "Brug den laveste dosis, der hjælper, fortæl det til din læge, og overvej et nyt "
        "tjek om nogle måneder for at se, om du stadig har brug for det.",
    },
    "weigh_benefit": {
        "en": "Decide whether a benefit of this size is worth taking {treated} every night. "
        "Talk to your doctor about other options if it is not.",
        "da": "Overvej, om en gevinst af den størrelse er værd at tage {treated} hver aften for. "
        "Tal med din læge om andre muligheder, hvis den ikke er.",
    },
    "stop_and_talk_to_doctor": {
        "en": "You can stop {treated}. Talk to your doctor about other causes and treatments of "
        "night cramps.",
        "da": "Du kan stoppe med {treated}. Tal med din læge om andre årsager til og "
        "behandlinger af natlige kramper.",
    },
}
# Next steps the shells offer as an action: web page or button, CLI command.
NEXT_STEP_ACTIONS: frozenset[str] = frozenset(
    {"start_blinded_trial", "start_new_trial", "add_pair"}
)

CAVEAT_TEXTS: dict[str, dict[str, str]] = {
    "open_label": {
        "en": (
            "This is an open-label before/after comparison. In magnesium trials the "
            "placebo groups also fell about 28% in cramp frequency (Cochrane review "
            "CD009402, 2020), and people often start a trial in a bad spell that would "
            "have eased anyway (regression to the mean). Either can explain a drop. A "
            "blinded, randomized crossover against placebo can tell them apart."
        ),
        "da": (
            "Dette er en åben før/efter-sammenligning. I forsøg med magnesium faldt "
            "krampehyppigheden også omkring 28\u00a0% i placebogrupperne (Cochrane-oversigt "
            "CD009402, 2020), og mange starter et forsøg i en dårlig periode, som ville "
            "være gået over af sig selv (regression mod middelværdien). Begge dele kan "
            "forklare et fald. Et blindet, randomiseret overkrydsningsforsøg mod placebo "
            "kan skelne."
        ),
    },
    "missing_nights": {
        "en": (
            "Not logged: {missing_count} ({missing_share}), left out, never counted as "
            "zero. If the nights you skipped were unlike the others (for "
            "example quiet nights), the result can lean one way."
        ),
        "da": (
            "Ikke registreret: {missing_count} ({missing_share}), udeladt og aldrig talt "
            "som nul. Hvis de nætter, du sprang over, var anderledes end de "
            "andre (for eksempel rolige nætter), kan resultatet trække i én retning."
        ),
    },
    "missing_unequal": {
        "en": (
            "More nights are missing on one side ({treated}: {missing_treated}, "
            "{control}: {missing_control}); the comparison can lean towards the side "
            "with fewer gaps."
        ),
        "da": (
            "Der mangler flere nætter på den ene side ({treated}: {missing_treated}, "
            "{control}: {missing_control}); sammenligningen kan trække mod den side, "
            "der har færrest huller."
        ),
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
    "carry_over": {
        "en": (
            "Without the first counted week after each switch from {treated} to "
            "{control}, the probability of fewer cramps with {treated} is {p_any_sens} "
            "instead of {p_any}: an effect that lasts past the run-in may be hiding "
            "part of the difference. A longer run-in (up to {longest_run_in}) in a next "
            "trial makes this less likely."
        ),
        "da": (
            "Uden den første talte uge efter hvert skift fra {treated} til {control} er "
            "sandsynligheden for færre kramper med {treated} {p_any_sens} i stedet for "
            "{p_any}: en virkning, der varer ud over indkøringen, kan skjule en del af "
            "forskellen. En længere indkøring (op til {longest_run_in}) i et næste "
            "forsøg gør det mindre sandsynligt."
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


def change_words(ratio: float, lang: str) -> str:
    """ "30 % fewer" / "15 % more" / "about as many" for a rate ratio."""
    change = 1.0 - ratio
    if round(100 * abs(change)) == 0:
        return CHANGE_WORDS["same"][lang]
    key = "fewer" if change > 0 else "more"
    return CHANGE_WORDS[key][lang].format(amount=percent(abs(change), lang))


def verdict_text(verdict: str, placebo_controlled: bool, part: str, lang: str) -> str:
    """The ``summary`` or ``explanation`` template of a verdict for the comparison."""
    entry = VERDICT_TEXTS[verdict]
    kind = "blinded" if placebo_controlled else "open"
    chosen = entry.get(kind) or entry["blinded"]
    return chosen[lang][part]


def so_far_text(end: dt.date, today: dt.date, lang: str) -> str:
    """The note after a verdict while the trial still runs (its last night, ``end``, is
    today or later): the verdict is what the nights so far show. "" once it has ended."""
    if today > end:
        return ""
    return STATUS_TEXTS["so_far"][lang].format(end=formats.format_date(end, "DATE_FORMAT", lang))


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill a template; every placeholder must be present."""
    return template.format(**values)
