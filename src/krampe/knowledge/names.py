"""How typed names are normalised before they are compared.

People type "rugbrod" for rugbrød, "Selozok" for Selo-Zok and "Zarator 40 mg
filmovertrukne tabletter" for Zarator. Three levels, each used by the search:

- :func:`normalize`: lower case, æ→ae, ø→oe, å→aa, other accents stripped,
  punctuation but ``% + / . -`` dropped, spaces collapsed;
- :func:`fold`: the same with ø→o and å→a, as typed without Danish keys;
- :func:`medicine_key`: for medicine names, also strengths and dose forms
  ("40 mg", "tabletter", "depot", "filmovertrukne") and the spaces, hyphens and
  dots between words dropped, so "Selo-Zok 50 mg depottabletter" and "selozok"
  meet. "comp", "plus", "forte" and "mite" are part of a product's name
  (Cozaar Comp is not Cozaar) and are kept.
"""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w%+/.\- ]")
_STRENGTH = re.compile(
    r"^(\d+([.,]\d+)?(/\d+([.,]\d+)?)*)"
    r"(mg|g|mcg|µg|ug|mikrog|mikrogram|ml|mmol|%|ie|iu|e|mg/ml|mg/g|mikrog/dosis|mcg/dose)?$"
)
# Units, dose forms and packet words that say nothing about which medicine it is.
_FORM_WORDS = frozenset(
    (
        "mg",
        "g",
        "mcg",
        "µg",
        "ug",
        "mikrog",
        "mikrogram",
        "ml",
        "mmol",
        "ie",
        "iu",
        "dosis",
        "dose",
        "doser",
        "pust",
        "puffs",
        "stk",
        "tabl",
        "tab",
        "tabs",
        "tablet",
        "tabletter",
        "tablets",
        "tablette",
        "filmovertrukne",
        "filmovertrukken",
        "overtrukne",
        "overtrukken",
        "filmdragerade",
        "film",
        "coated",
        "enterotabletter",
        "enterotablet",
        "enteroovertrukne",
        "enterokapsler",
        "enterokapsel",
        "depot",
        "depottablet",
        "depottabletter",
        "depotkapsler",
        "depotkapsel",
        "retard",
        "retardtabletter",
        "prolonged",
        "modified",
        "release",
        "kapsel",
        "kapsler",
        "kaps",
        "kapsl",
        "capsule",
        "capsules",
        "hård",
        "hårde",
        "haarde",
        "haard",
        "blød",
        "bløde",
        "tyggetablet",
        "tyggetabletter",
        "tygge",
        "brusetablet",
        "brusetabletter",
        "brus",
        "smeltetablet",
        "smeltetabletter",
        "oral",
        "orale",
        "oralt",
        "mikstur",
        "suspension",
        "opløsning",
        "oploesning",
        "solution",
        "pulver",
        "granulat",
        "breve",
        "brev",
        "dråber",
        "draaber",
        "drops",
        "sirup",
        "syrup",
        "injektionsvæske",
        "inhalationspulver",
        "inhalationsspray",
        "inhalator",
        "inhaler",
        "spray",
        "næsespray",
        "naesespray",
        "creme",
        "salve",
        "gel",
        "plaster",
        "stikpiller",
        "suppositorier",
        "pen",
        "penne",
        "flexpen",
        "flextouch",
        "solostar",
        "penfill",
        "kwikpen",
        "innolet",
    )
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower case, æ→ae, ø→oe, å→aa, other accents stripped, spaces collapsed."""
    lowered = text.casefold().translate(_DANISH)
    return _SPACE.sub(" ", _PUNCT.sub(" ", _strip_accents(lowered))).strip()


def fold(text: str) -> str:
    """Like :func:`normalize` but ø→o and å→a: what people type without Danish keys."""
    lowered = text.casefold().translate(_FOLD)
    return _SPACE.sub(" ", _PUNCT.sub(" ", _strip_accents(lowered))).strip()


def keys(name: str) -> set[str]:
    """The normalised and the folded form of ``name`` (one when they agree)."""
    return {k for k in (normalize(name), fold(name)) if k}


# A token made only of numbers, units and separators: "40", "12,5", "mg/ml", "mg/573", "1,25+573".
_AMOUNT = re.compile(
    r"(?:\d+(?:[.,]\d+)?|mg|g|mcg|µg|ug|mikrog|mikrogram|ml|mmol|ie|iu|e|%|dosis|dose|[/+x])+"
)


def _dose_word(word: str) -> bool:
    if word in _FORM_KEYS or _STRENGTH.match(word):
        return True
    # "40", "12,5", "mg/573" are amounts; a bare unit pair such as "mg/ml" is too.
    amount = bool(_AMOUNT.fullmatch(word))
    return amount and (any(c.isdigit() for c in word) or "/" in word)


# The form words as normalize() writes them (hård → haard).
_FORM_KEYS = frozenset(normalize(w) for w in _FORM_WORDS)


def clean_medicine_words(text: str) -> str:
    """``text`` normalised, with strengths and dose forms dropped, words kept apart.

    "Eltroxin 100 mikrog tabletter" → "eltroxin"; "Pinex Forte" keeps "forte".
    A name made only of such words is returned normalised, not emptied.
    """
    words = normalize(text).replace(",", " ").split(" ")
    kept = [w for w in words if w and not _dose_word(w.strip(".-"))]
    return " ".join(kept) if kept else normalize(text)


def medicine_key(text: str, *, folded: bool = False) -> str:
    """The compact key two spellings of one medicine name share.

    Strengths and dose forms dropped (see :func:`clean_medicine_words`), then
    spaces, hyphens, dots and slashes removed: "Selo-Zok" and "selozok" give
    "selozok", "Cozaar Comp 50/12,5 mg" gives "cozaarcomp".
    """
    cleaned = clean_medicine_words(text)
    if folded:
        cleaned = cleaned.replace("oe", "o").replace("aa", "a")
    return re.sub(r"[\s\-./+]", "", cleaned)


_PHONETIC = (
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("qu", "kv"),
    ("x", "ks"),
    ("z", "s"),
    ("y", "i"),
    ("w", "v"),
)


def phonetic(key: str) -> str:
    """A compact key spelled by sound, for the fuzzy stage only: "glucophage" and
    "glukofage", "chlortalidon" and "klortalidon" meet. Doubled letters collapse."""
    for old, new in _PHONETIC:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)
