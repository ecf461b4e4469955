"""A form validator for every free-text field: no NUL, no other control characters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from krampe.domain.text import control_character


@deconstructible
class NoControlCharacters:
    """Refuse text with a control character; a multi-line text may keep tab and line breaks."""

    message = _(
        "The text holds an invisible control character (%(character)s). Remove it and try again."
    )
    code = "control_character"

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        found = control_character(str(value), multiline=self.multiline)
        if found is not None:
            raise ValidationError(self.message, code=self.code, params={"character": found})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline
