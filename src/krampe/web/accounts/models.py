from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Krampe. Their language is remembered across devices."""

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
