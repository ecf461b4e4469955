from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from krampe.domain.trial.diary import DiaryError, decode_diary
from krampe.web.accounts.security import password_is_right
from krampe.web.core.request import person
from krampe.web.core.validators import NoControlCharacters

MAX_UPLOAD_BYTES = 1_000_000  # about 15 000 nights: far more than any real diary


class DiaryImportForm(forms.Form):
    diary = forms.FileField(
        label=_("Diary file (CSV)"),
        help_text=_(
            "The diary format Krampe exports: one line per night, first line "
            "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note."
        ),
    )

    # How the file was read (krampe.domain.trial.diary.decode_diary): "utf-8", or the
    # encoding a file from Excel was read in, which the page then names.
    encoding = "utf-8"

    def clean_diary(self) -> str:
        upload = self.cleaned_data["diary"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            decoded = decode_diary(upload.read())
        except DiaryError:
            raise forms.ValidationError(
                _("The file is not a text (CSV) file. Save it as CSV (UTF-8) and try again.")
            ) from None
        self.encoding = decoded.encoding
        return decoded.text


class SummaryNameForm(forms.Form):
    """The name or initials on the doctor summary: optional, never the user name."""

    name = forms.CharField(
        label=_("Your name or initials on the summary (optional)"),
        help_text=_(
            "So your doctor knows whose summary it is. Leave it empty for no name; "
            "your user name is never shown."
        ),
        max_length=80,
        required=False,
        validators=[NoControlCharacters()],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and all my data for good"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = person(request)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not password_is_right(self.request, self.user, password):
            raise forms.ValidationError(_("The password is not right."))
        return password
