from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from krampe.web.accounts.usernames import key_belongs_to, username_key

USERNAME_TAKEN = _("That user name is taken. Choose another.")


@deconstructible
class UsernameValidator(UnicodeUsernameValidator):
    """Django's rule for user names, said plainly."""

    message = _("A user name can have letters, digits and the signs . @ + - _ but no spaces.")


class UserManager(DjangoUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """The account a typed name means, whatever its case ("mette" finds "Mette").

        An exact match wins, so an older account whose name differs from another's
        only in case (see ``usernames.twin_key``) still logs in by its own name.
        ModelBackend, and axes in front of it, look people up through here.
        """
        name = username or ""
        matches = list(self.filter(Q(username=name) | Q(username_key=username_key(name)))[:2])
        for user in matches:
            if user.username == name:
                return user
        if not matches:
            raise self.model.DoesNotExist
        return matches[0]

    def name_is_taken(self, name: str) -> bool:
        """Whether a new account may not use ``name``: it equals one, ignoring case."""
        return self.filter(Q(username=name) | Q(username_key=username_key(name))).exists()


class User(AbstractUser):
    """A person using Krampe. Their language is remembered across devices."""

    username = models.CharField(
        _("user name"),
        max_length=150,
        unique=True,
        validators=[UsernameValidator()],
        error_messages={"unique": USERNAME_TAKEN},
    )
    # The case-folded name, unique: no two accounts differ only in case, on any database.
    username_key = models.TextField(unique=True, editable=False)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )

    objects = UserManager()  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not key_belongs_to(self.username_key, self.username):
            self.username_key = username_key(self.username)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "username_key" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "username_key"]
        super().save(*args, **kwargs)


class RecoveryCode(models.Model):
    """A single-use code to set a new password without e-mail. Only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.user_id}"
