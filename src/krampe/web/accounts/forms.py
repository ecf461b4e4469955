"""Sign-up, log-in and recovery forms, in plain Danish and English."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
    SetPasswordForm,
    UsernameField,
)
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.models import BaseUserManager
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from krampe.web.accounts import recovery
from krampe.web.accounts.models import USERNAME_TAKEN, RecoveryCode, User
from krampe.web.accounts.security import password_is_right
from krampe.web.core.validators import NoControlCharacters

PASSWORD_HELP = _(
    "At least 8 characters. Not only digits, not a common password and not like your user name."
)
PASSWORD_MISMATCH = _("The two passwords are not the same.")
NO_SPELLING = {"autocapitalize": "none", "spellcheck": "false", "autocorrect": "off"}


class NameField(UsernameField):
    """A user name: no capital first letter, spelling fixes or spell check on a phone."""

    default_validators = [NoControlCharacters()]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), **NO_SPELLING}


def password_field(label: Any, autocomplete: str, required: Any, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": required},
    )


class EmailAddressField(forms.EmailField):
    """An e-mail address with its domain in small letters, as Django stores them."""

    def to_python(self, value: Any) -> str:
        return BaseUserManager.normalize_email(super().to_python(value))


def email_field(label: Any, help_text: Any = "", required: bool = False) -> forms.EmailField:
    return EmailAddressField(
        label=label,
        required=required,
        max_length=254,
        validators=[NoControlCharacters()],
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email", **NO_SPELLING}),
        error_messages={
            "invalid": _("Write an e-mail address like name@example.dk."),
            "required": _("Write your e-mail address."),
        },
    )


class SignupForm(BaseUserCreationForm):  # type: ignore[type-arg]
    """A new account. Whether a name is taken is said on the name field, as it must be
    with public sign-up; nothing else about other accounts (e-mail addresses need not be
    unique, so the form never tells which addresses are in use)."""

    password1 = password_field(
        _("Password"), "new-password", _("Choose a password."), PASSWORD_HELP
    )
    password2 = password_field(
        _("Password again"), "new-password", _("Type the password once more.")
    )
    email = email_field(
        _("E-mail address (optional)"),
        _("Only used to send you a link if you forget your password."),
    )
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": NameField}
        labels = {"username": _("User name")}
        help_texts = {
            "username": _(
                "Choose a user name (letters and digits). Capital and small letters count "
                "as the same."
            )
        }
        error_messages = {
            "username": {
                "required": _("Choose a user name."),
                "max_length": _("A user name can be at most 150 characters."),
            }
        }

    field_order = ["username", "password1", "password2", "email"]

    def clean_username(self) -> str:
        name = str(self.cleaned_data.get("username") or "")
        if name and User.objects.name_is_taken(name):
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return name


class LoginForm(AuthenticationForm):
    username = NameField(
        label=_("User name"),
        widget=forms.TextInput(attrs={"autofocus": True}),
        error_messages={"required": _("Type your user name.")},
    )
    password = password_field(_("Password"), "current-password", _("Type your password."))
    error_messages = {
        "invalid_login": _("Wrong user name or password."),
        "inactive": _("Wrong user name or password."),
    }


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    new_password1 = password_field(
        _("New password"), "new-password", _("Choose a password."), PASSWORD_HELP
    )
    new_password2 = password_field(
        _("New password again"), "new-password", _("Type the password once more.")
    )
    error_messages = {"password_mismatch": PASSWORD_MISMATCH}


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form in the same plain words; the old password counts towards the lockout."""

    old_password = password_field(
        _("Your current password"), "current-password", _("Type your password to confirm.")
    )
    new_password1 = NewPasswordForm.base_fields["new_password1"]
    new_password2 = NewPasswordForm.base_fields["new_password2"]
    error_messages = {
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": _("The password is not right."),
    }
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = str(self.cleaned_data["old_password"])
        if not password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ResetByEmailForm(PasswordResetForm):
    """Django's reset by e-mail; each person's mail is written in their own language."""

    email = email_field(_("Your e-mail address"), required=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(context["user"].language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


class RecoveryCodeForm(forms.Form):
    """User name and one recovery code. A wrong name and a wrong code get one answer."""

    username = NameField(
        label=_("User name"),
        max_length=150,
        error_messages={"required": _("Type your user name.")},
    )
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        validators=[NoControlCharacters()],
        help_text=_(
            "One of the codes you were shown when you made your account, e.g. k7pq-2mzx-ha9d."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", **NO_SPELLING}),
        error_messages={"required": _("Type one of your recovery codes.")},
    )
    NO_MATCH = _(
        "That user name and recovery code do not belong together. Check both; each code "
        "works only once."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        self.recovery_code: RecoveryCode | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, typed = data.get("username"), data.get("code")
        if name and typed:
            try:
                user: User | None = User.objects.get_by_natural_key(name)
            except User.DoesNotExist:
                user = None
            if user is not None and not user.is_active:
                user = None
            code = recovery.find_unused(user, typed)
            if code is None:
                raise forms.ValidationError(self.NO_MATCH, code="no_match")
            self.user, self.recovery_code = user, code
        return data


class ConfirmPasswordForm(forms.Form):
    """The person's own password, before a change that could lock them out. It is checked
    as the log-in form checks it, so wrong guesses count towards the lockout."""

    password = password_field(
        _("Your password"), "current-password", _("Type your password to confirm.")
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError(_("The password is not right."), code="wrong_password")
        return password


class EmailForm(ConfirmPasswordForm):
    email = email_field(
        _("E-mail address"),
        _("For a link if you forget your password. Leave it empty to remove it."),
    )
    field_order = ["email", "password"]
