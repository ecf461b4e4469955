"""The account page: e-mail address for password reset, and recovery codes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from krampe.web.accounts import recovery
from krampe.web.accounts.forms import ConfirmPasswordForm, EmailForm
from krampe.web.accounts.mail import mail_is_sent
from krampe.web.accounts.models import User
from krampe.web.accounts.usernames import username_key

# Codes wait here, in clear, only between making them and the page that shows them.
NEW_CODES_KEY = "accounts_new_recovery_codes"


def _person(request: HttpRequest) -> User:
    # As web.core.request.person, which sits a layer above accounts.
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def show_codes_once(request: HttpRequest, codes: list[str]) -> HttpResponse:
    request.session[NEW_CODES_KEY] = codes
    return redirect("recovery_codes")


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New codes, shown this once (a reload shows how many are left, not the codes)."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    context = {"codes": codes, "unused": recovery.unused_count(_person(request))}
    return render(request, "accounts/recovery_codes.html", context)


def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


def _account_page(
    request: HttpRequest,
    email_form: EmailForm | None = None,
    codes_form: ConfirmPasswordForm | None = None,
) -> HttpResponse:
    person = _person(request)
    context: dict[str, Any] = {
        "email_form": email_form
        or EmailForm(prefix="email", user=person, request=request, initial={"email": person.email}),
        "codes_form": codes_form
        or ConfirmPasswordForm(prefix="codes", user=person, request=request),
        "unused": recovery.unused_count(person),
        "mail_is_sent": mail_is_sent(),
        # False only for an account older than case-insensitive names with a case twin.
        "any_case": person.username_key == username_key(person.username),
    }
    status = 400 if email_form or codes_form else 200
    return render(request, "accounts/account.html", context, status=status)


def _confirmed(request: HttpRequest, form_class: type[ConfirmPasswordForm]) -> Any:
    """The account page's form of ``form_class``, bound to the POST; it checks the password."""
    prefix = "email" if form_class is EmailForm else "codes"
    return form_class(request.POST, prefix=prefix, user=_person(request), request=request)


@require_POST
def change_email(request: HttpRequest) -> HttpResponse:
    form = _confirmed(request, EmailForm)
    if not form.is_valid():
        return _account_page(request, email_form=form)
    person = _person(request)
    person.email = form.cleaned_data["email"]
    person.save(update_fields=["email"])
    if person.email:
        messages.success(
            request,
            _("Your e-mail address is saved: %(email)s.") % {"email": person.email},
        )
    else:
        messages.success(request, _("Your e-mail address is removed."))
    return redirect("account")


@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    form = _confirmed(request, ConfirmPasswordForm)
    if not form.is_valid():
        return _account_page(request, codes_form=form)
    return show_codes_once(request, recovery.replace_codes(_person(request)))
