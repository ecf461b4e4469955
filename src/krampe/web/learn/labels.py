"""UI labels for the knowledge base's fixed codes (grades, tiers, food groups).

The codes are part of the data format (docs/knowledge-format.md); their names
are interface text, so they go through gettext like any other label.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CERTAINTY: dict[str, Promise] = {
    "high": _("High certainty"),
    "moderate": _("Moderate certainty"),
    "low": _("Low certainty"),
    "very_low": _("Very low certainty"),
    "insufficient": _("Insufficient evidence"),
}

# Strategies use the same scale, phrased as how well a strategy is supported.
EVIDENCE: dict[str, Promise] = {
    "high": _("Strong evidence"),
    "moderate": _("Moderate evidence"),
    "low": _("Weak evidence"),
    "very_low": _("Very weak evidence"),
    "insufficient": _("No trial evidence"),
}

TOPIC: dict[str, Promise] = {
    "magnesium": _("Magnesium"),
    "stretching": _("Stretching"),
    "intake": _("How much magnesium you need"),
    "medicines": _("Medicines"),
    "interactions": _("Magnesium and other medicines"),
}

LAXATIVE: dict[str, Promise] = {
    "low": _("Rarely loosens the stools"),
    "moderate": _("Sometimes loosens the stools"),
    "high": _("Often loosens the stools"),
}

PRICE: dict[str, Promise] = {
    "low": _("Low price"),
    "medium": _("Medium price"),
    "high": _("High price"),
}

FOOD_GROUP: dict[str, Promise] = {
    "bread": _("Bread"),
    "cereals": _("Cereals and grains"),
    "nuts_seeds": _("Nuts and seeds"),
    "legumes": _("Beans, peas and lentils"),
    "vegetables": _("Vegetables"),
    "potatoes": _("Potatoes"),
    "fruit": _("Fruit"),
    "dairy": _("Milk and dairy"),
    "cheese": _("Cheese"),
    "eggs": _("Eggs"),
    "fish": _("Fish"),
    "meat": _("Meat"),
    "sweets": _("Sweets and snacks"),
    "drinks": _("Drinks"),
    "water": _("Water"),
    "other": _("Other"),
}

SEVERITY: dict[str, Promise] = {
    "urgent": _("Seek care now"),
    "soon": _("See your doctor soon"),
}


def label(table: dict[str, Promise], code: str) -> str:
    """The label for ``code``, or the code itself when the table does not know it."""
    return str(table.get(code, code))


# What a catalogue entry means for magnesium, as the learn page's medicine table says it.
MEDICINE_FLAG: dict[str, Promise] = {
    "provokes_cramps": _("Can provoke cramps"),
    "deficiency_risk": _("Long-term use can lower magnesium"),
    "consult": _("Talk to a doctor before taking magnesium"),
    "none": _("No known interaction with magnesium"),
}

MINERAL: dict[str, Promise] = {
    "magnesium": _("Contains magnesium: counts towards what you take"),
    "aluminium": _("Contains aluminium"),
    "calcium": _("Contains calcium"),
}


def rule_note(before_h: float, after_h: float, action: str) -> str:
    """A spacing rule in plain words: "Take it at least 2 h before or 6 h after magnesium"."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    if action == "avoid":
        return gettext("Do not combine with magnesium without a doctor's advice")

    def hours(value: float) -> str:
        return str(number_format(int(value) if value == int(value) else value))

    return gettext("Take it at least %(before)s h before or %(after)s h after magnesium") % {
        "before": hours(before_h),
        "after": hours(after_h),
    }
