"""From a product to elemental magnesium per tablet, and from a dose to tablets.

The label's elemental amount wins: real products differ from the textbook salt
(citrate is often the nonahydrate, "glycinate" is often buffered with oxide).
Only when the label gives the amount of the compound (the salt) is the
elemental amount computed, through the formula-based fraction of the form,
and then the hydrate that was assumed is named.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from krampe.knowledge import loaders
from krampe.knowledge.models import Form


class ProductError(ValueError):
    """A product description that cannot be turned into elemental magnesium."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Product:
    """A magnesium product as the plan uses it."""

    form: Form | None
    elemental_mg_per_tablet: float
    basis: str  # "label" (elemental amount from the label) or "computed"
    compound_mg_per_tablet: float | None = None
    scored: bool = False
    assumed_form: bool = (
        False  # True when only the family was named and its default hydrate assumed
    )

    @property
    def smallest_unit(self) -> float:
        """The smallest amount one can take: half a scored tablet, else a whole one."""
        return 0.5 if self.scored else 1.0


def find_form(name: str) -> tuple[Form, bool]:
    """A form by id ("citrate_nonahydrate") or family ("citrate").

    Returns the form and whether a hydrate was assumed (a family name was given).
    Raises :class:`ProductError` naming ``--product`` when nothing matches.
    """
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = key.removeprefix("magnesium_")
    for form in loaders.forms():
        if form.id == key:
            return form, False
    # "glycinate" is what many labels say for the bisglycinate chelate.
    aliases = {"glycinate": "bisglycinate", "citrat": "citrate", "oxid": "oxide"}
    family = aliases.get(key, key)
    try:
        return loaders.default_form(family), True
    except KeyError:
        known = sorted({f.family for f in loaders.forms()})
        raise ProductError(
            "product", f"unknown magnesium form {name!r}; use one of: {', '.join(known)}"
        ) from None


def make_product(
    product: str | None,
    *,
    elemental_mg: float | None = None,
    compound_mg: float | None = None,
    scored: bool = False,
) -> Product:
    """Build a :class:`Product` from what the label says.

    ``elemental_mg`` is elemental magnesium per tablet (the label's amount,
    which wins); ``compound_mg`` is the salt per tablet, converted with the
    form's computed fraction. Giving both is an error, as the two could
    disagree and the plan would have to guess which one is right.
    """
    if elemental_mg is not None and compound_mg is not None:
        raise ProductError("elemental-mg", "give either --elemental-mg or --compound-mg, not both")
    for field, value in (("elemental-mg", elemental_mg), ("compound-mg", compound_mg)):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ProductError(field, f"must be a positive number of mg, got {value}")
    form: Form | None = None
    assumed = False
    if product:
        form, assumed = find_form(product)
    if elemental_mg is not None:
        return Product(form, float(elemental_mg), "label", None, scored, assumed)
    if compound_mg is not None:
        if form is None:
            raise ProductError(
                "product", "--compound-mg needs --product (the salt) to compute elemental magnesium"
            )
        return Product(
            form, form.elemental_mg(compound_mg), "computed", compound_mg, scored, assumed
        )
    raise ProductError(
        "elemental-mg", "give the label's --elemental-mg or --compound-mg per tablet"
    )


@dataclass(frozen=True)
class TabletCount:
    """How many tablets a day give how much elemental magnesium."""

    tablets: float  # whole, or in halves for scored tablets
    mg: float


def tablets_for(target_mg: float, product: Product, cap_mg: float) -> TabletCount | None:
    """The tablet count closest to ``target_mg`` that never goes above ``cap_mg``.

    Counts are whole tablets, or halves for scored tablets. A tie prefers the
    smaller count. Returns None when even the smallest unit is above the cap.
    """
    unit = product.smallest_unit
    per_unit = product.elemental_mg_per_tablet * unit
    # Tiny tolerance: 2 x 125.0 must count as 250, not as 250.00000001.
    most = math.floor(cap_mg / per_unit + 1e-9)
    if most < 1:
        return None
    ideal = target_mg / per_unit
    best = min(
        {max(1, min(most, math.floor(ideal))), max(1, min(most, math.ceil(ideal)))},
        key=lambda n: (abs(n * per_unit - target_mg), n),
    )
    return TabletCount(best * unit, best * per_unit)
