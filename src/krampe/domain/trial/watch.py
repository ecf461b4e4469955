"""Checks during a trial: the diary nights that should prompt the person, whatever the jar.

Three checks, with thresholds as named constants (docs/trial.md explains them):

* ``cramps_rising``: a sharp, sustained rise. The last :data:`RISE_NIGHTS`
  logged nights follow each other without a gap, each has at least
  :data:`RISE_MIN_CRAMPS` cramps, and their mean is at least :data:`RISE_FACTOR`
  times the mean of up to :data:`REFERENCE_NIGHTS` logged nights before them
  (within :data:`REFERENCE_DAYS` days; at least :data:`REFERENCE_MIN` are needed).
* ``diarrhea_streak``: diarrhoea logged on the last :data:`DIARRHEA_NIGHTS`
  nights in a row.
* ``red_flag_note``: a night's note names a warning sign of the knowledge base's
  red flags (swelling, a cold pale foot, numbness, ...). This one pauses the
  reminders (:func:`reminders_paused`) until the person has read it and resumes
  them.

The checks read the diary only: they never see the allocation, so a prompt is
the same whatever the jar held and cannot give the blinding away. The first
two concern the latest nights (a prompt goes away once the nights settle); a
red-flag note stays until the person resumes the reminders after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from krampe.domain.formats import format_date
from krampe.domain.plan import texts
from krampe.domain.trial.diary import Night
from krampe.domain.vocab import Lang, SafetyPromptCode
from krampe.knowledge import loaders

# The thresholds of the checks are a stated product convention (source
# krampe_convention_trial_watch, cited by the prompts' texts), not values from a study.
RISE_NIGHTS = 3
RISE_MIN_CRAMPS = 3
RISE_FACTOR = 2.0
REFERENCE_NIGHTS = 14
REFERENCE_MIN = 7
REFERENCE_DAYS = 28
DIARRHEA_NIGHTS = 3
# A prompt about the latest nights is shown while the latest logged night is at
# most this many days before today (so an old streak does not come back).
RECENT_DAYS = 2
# How many words before a warning word a negation ("ingen hævelse") cancels it.
NEGATION_WINDOW = 2

# Words in a note that point to a red flag of knowledge/data/safety.toml, by its
# code. A phrase matches whole words, case and accents aside; a phrase ending in
# "*" also matches longer words ("hævelse*" matches "hævelser"). These are
# matching words, not clinical statements: the prompt shows the red flag's own
# advice and sources.
RED_FLAG_WORDS: Mapping[str, Mapping[Lang, tuple[str, ...]]] = {
    "possible_dvt": {
        "da": ("hævet", "hævede", "hævelse*", "opsvulmet", "rødme", "rødt ben", "varmt ben"),
        "en": ("swollen", "swelling*", "redness", "red leg", "warm leg", "hot leg"),
    },
    "acute_arterial": {
        "da": ("kold fod", "kolde fødder", "bleg fod", "hvid fod"),
        "en": ("cold foot", "cold feet", "pale foot", "white foot"),
    },
    "neurological_signs": {
        "da": ("følelsesløs*", "prikken", "snurren", "muskelsvag*", "svag i benet",
               "balanceproblem*"),
        "en": ("numb", "numbness", "tingling", "pins and needles", "muscle weakness", "weak leg",
               "balance problem*"),
    },
    "muscle_wasting_fasciculations": {
        "da": ("muskelsvind", "trækninger", "sitren"),
        "en": ("muscle wasting", "twitching", "twitches"),
    },
    "systemic_signs": {
        "da": ("feber", "vægttab", "tabt mig"),
        "en": ("fever", "weight loss", "lost weight"),
    },
}  # fmt: skip
NEGATIONS: Mapping[Lang, tuple[str, ...]] = {
    "da": ("ikke", "ingen", "intet", "uden", "aldrig"),
    "en": ("no", "not", "without", "never", "none"),
}


@dataclass(frozen=True)
class SafetyPrompt:
    """One thing the diary shows that the person should hear about now.

    ``night`` is the night that triggered it (the last of a run); ``values``
    carry what the texts fill in (means, nights, the red flag's code and the
    word found).
    """

    code: SafetyPromptCode
    night: dt.date
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def pauses_reminders(self) -> bool:
        """A red-flag note pauses the reminders until the person resumes them."""
        return self.code == "red_flag_note"


def _fold(text: str) -> str:
    """Lower case with accents folded, keeping æ, ø and å apart."""
    text = text.lower().replace("æ", "\0ae").replace("ø", "\0oe").replace("å", "\0aa")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.replace("\0ae", "æ").replace("\0oe", "ø").replace("\0aa", "å")


def _words(text: str) -> list[str]:
    return re.findall(r"[\wæøå]+", _fold(text))


@functools.cache
def _phrases() -> tuple[tuple[str, str, tuple[str, ...], bool], ...]:
    """Every warning phrase once: (red flag code, word as read, folded words, prefix match)."""
    return tuple(
        (code, phrase.rstrip("*"), tuple(_words(phrase.rstrip("*"))), phrase.endswith("*"))
        for code, by_lang in RED_FLAG_WORDS.items()
        for lang_words in by_lang.values()
        for phrase in lang_words
    )


_NEGATION_WORDS = frozenset(w for lang_words in NEGATIONS.values() for w in lang_words)


def red_flag_in(note: str) -> tuple[str, str] | None:
    """The first red flag a note names, as (red flag code, word found); None if none.

    A warning word just after a negation ("no swelling", "ingen hævelse") does
    not count.
    """
    words = _words(note)
    if not words:
        return None  # most nights have no note: the overview reads every night's
    for code, shown, target, prefix in _phrases():
        for i in range(len(words) - len(target) + 1):
            window = words[i : i + len(target)]
            last = window[-1].startswith(target[-1]) if prefix else window[-1] == target[-1]
            if list(window[:-1]) != list(target[:-1]) or not last:
                continue
            before = words[max(0, i - NEGATION_WINDOW) : i]
            if not _NEGATION_WORDS.intersection(before):
                return code, shown  # the word as a person reads it
    return None


def _logged(nights: Sequence[Night]) -> list[Night]:
    return sorted((n for n in nights if n.cramps is not None), key=lambda n: n.date)


def _consecutive(nights: Sequence[Night]) -> bool:
    return all((b.date - a.date).days == 1 for a, b in itertools.pairwise(nights))


def _cramps_rising(logged: list[Night], start: dt.date) -> SafetyPrompt | None:
    recent = logged[-RISE_NIGHTS:]
    if len(recent) < RISE_NIGHTS or not _consecutive(recent) or recent[-1].date < start:
        return None
    first = recent[0].date
    since = first - dt.timedelta(days=REFERENCE_DAYS)
    reference = [n for n in logged if since <= n.date < first][-REFERENCE_NIGHTS:]
    if len(reference) < REFERENCE_MIN:
        return None
    counts = [n.cramps or 0 for n in recent]
    if min(counts) < RISE_MIN_CRAMPS:
        return None
    recent_mean = sum(counts) / len(counts)
    reference_mean = sum(n.cramps or 0 for n in reference) / len(reference)
    if recent_mean < RISE_FACTOR * reference_mean:
        return None
    return SafetyPrompt(
        "cramps_rising",
        recent[-1].date,
        {
            "nights": len(recent),
            "recent_mean": recent_mean,
            "reference_mean": reference_mean,
            "reference_nights": len(reference),
        },
    )


def _diarrhea_streak(logged: list[Night], start: dt.date) -> SafetyPrompt | None:
    recent = logged[-DIARRHEA_NIGHTS:]
    if len(recent) < DIARRHEA_NIGHTS or not _consecutive(recent) or recent[-1].date < start:
        return None
    if any(n.side_effect != "diarrhea" for n in recent):
        return None
    return SafetyPrompt("diarrhea_streak", recent[-1].date, {"nights": len(recent)})


def _red_flag_notes(
    logged: list[Night], start: dt.date, end: dt.date, after: dt.date | None
) -> list[SafetyPrompt]:
    found: dict[str, SafetyPrompt] = {}
    for night in logged:
        if not start <= night.date <= end or (after is not None and night.date <= after):
            continue
        hit = red_flag_in(night.note or "")
        if hit is not None:
            code, word = hit
            found[code] = SafetyPrompt(
                "red_flag_note", night.date, {"red_flag": code, "word": word}
            )
    return list(found.values())


def safety_prompts(
    nights: Sequence[Night],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    resumed_through: dt.date | None = None,
) -> list[SafetyPrompt]:
    """The prompts a trial from ``start`` to ``end`` gives on ``today``, red flags first.

    ``nights`` is the person's diary (nights before the trial serve as the
    reference for a rise). ``resumed_through`` is the last night whose notes
    the person has read the prompt for and resumed the reminders after.
    """
    logged = _logged([n for n in nights if n.date <= end])
    out = _red_flag_notes(logged, start, end, resumed_through)
    if logged and (today - logged[-1].date).days <= RECENT_DAYS:
        for check in (_cramps_rising, _diarrhea_streak):
            prompt = check(logged, start)
            if prompt is not None:
                out.append(prompt)
    return out


def earliest_night_read(start: dt.date) -> dt.date:
    """The earliest night :func:`safety_prompts` can read for a trial from ``start``.

    A rise is checked only when its last night is inside the trial, so its
    :data:`RISE_NIGHTS` nights in a row begin at most ``RISE_NIGHTS - 1`` days
    before the start and its reference at most :data:`REFERENCE_DAYS` days
    before them; a red-flag note counts only inside the trial. Nights before
    this date never change the prompts, so a caller need not read them.
    """
    return start - dt.timedelta(days=REFERENCE_DAYS + RISE_NIGHTS)


def reminders_paused(prompts: Sequence[SafetyPrompt]) -> bool:
    """Whether the trial's reminders are paused: the one rule every reminder reads
    (calendar file, calendar feed, push). A red-flag note pauses them."""
    return any(p.pauses_reminders for p in prompts)


@dataclass(frozen=True)
class WatchNote:
    """A prompt as the person reads it: a title, the text, and the sources behind it."""

    code: SafetyPromptCode
    night: dt.date
    title: str
    text: str
    sources: tuple[str, ...]
    pauses_reminders: bool


def watch_notes(
    prompts: Sequence[SafetyPrompt], lang: Lang, *, blinded: bool, date_text: str = ""
) -> list[WatchNote]:
    """The prompts in ``lang``. ``blinded`` speaks of the period's capsules instead of
    magnesium; ``date_text`` is how the shell writes a red-flag night's date."""
    flags = {flag.code: flag for flag in loaders.red_flags()}
    out = []
    for prompt in prompts:
        v = prompt.values
        if prompt.code == "cramps_rising":
            note = texts.note(
                "watch_cramps_rising",
                lang,
                nights=v["nights"],
                recent=texts.format_mg(float(str(v["recent_mean"])), lang),
                reference=texts.format_mg(float(str(v["reference_mean"])), lang),
            )
            title, body, sources = _title("cramps_rising", lang), note.text, note.sources
        elif prompt.code == "diarrhea_streak":
            which = "watch_diarrhea_capsules" if blinded else "watch_diarrhea_magnesium"
            note = texts.note(which, lang, nights=v["nights"])
            title, body, sources = _title("diarrhea_streak", lang), note.text, note.sources
        else:
            flag = flags[str(v["red_flag"])]
            intro = texts.note(
                "watch_red_flag",
                lang,
                date=date_text or format_date(prompt.night, "DATE_FORMAT", lang),
                word=v["word"],
            )
            title = flag.title.text(lang)
            body = f"{flag.advice.text(lang)} {intro.text}"
            sources = tuple(flag.sources)
        paused = prompt.pauses_reminders
        out.append(WatchNote(prompt.code, prompt.night, title, body, sources, paused))
    return out


def _title(code: str, lang: Lang) -> str:
    return texts.note(f"watch_title_{code}", lang).text
