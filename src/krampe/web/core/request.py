"""What every view needs from the request: the person and their language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation

from krampe.domain.vocab import Lang, lang_or_default
from krampe.web.accounts.models import User


def current_lang() -> Lang:
    """The language the page is rendered in, as the domain knows it ("da" or "en")."""
    return lang_or_default(translation.get_language())


def person(request: HttpRequest) -> User:
    """The logged-in person. Every page but welcome, login and sign-up requires a login
    (LoginRequiredMiddleware); a request without one is refused, never served."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
