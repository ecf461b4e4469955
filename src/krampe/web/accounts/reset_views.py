"""Forgot your password? A new one by e-mail link (Django's reset) or by recovery code.

Neither path tells whether an account or an address exists: the e-mail path always
answers "if an account has this address, a link is on its way"; the code path gives
one answer for a wrong name and a wrong code, after the same hashing work.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from krampe.web.accounts import recovery
from krampe.web.accounts.forms import NewPasswordForm, RecoveryCodeForm, ResetByEmailForm
from krampe.web.accounts.mail import mail_is_sent
from krampe.web.accounts.models import RecoveryCode, User
from krampe.web.core import ratelimit

FORGOT_TEMPLATE = "accounts/forgot_password.html"
NEW_PASSWORD_TEMPLATE = "accounts/set_new_password.html"
# Between a right code and the new password: whose, which code, until when.
PENDING_KEY = "accounts_recovery_pending"
PENDING_SECONDS = 15 * 60


def link_hours() -> int:
    """How long a reset link works (Django's PASSWORD_RESET_TIMEOUT), in whole hours."""
    return int(settings.PASSWORD_RESET_TIMEOUT) // 3600


def _forgot_context(**forms: Any) -> dict[str, Any]:
    return {
        "form": forms.get("form") or ResetByEmailForm(),
        "code_form": forms.get("code_form") or RecoveryCodeForm(),
        "mail_is_sent": mail_is_sent(),
    }


class ForgotPasswordView(auth_views.PasswordResetView):
    template_name = FORGOT_TEMPLATE
    form_class = ResetByEmailForm
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    email_template_name = "accounts/mail/password_reset.txt"

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {"hours": link_hours()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return {**context, **_forgot_context(form=context["form"])}


class ResetLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        extra = {"mail_is_sent": mail_is_sent(), "hours": link_hours()}
        return {**super().get_context_data(**kwargs), **extra}


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = NEW_PASSWORD_TEMPLATE
    form_class = NewPasswordForm


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_not_required
@require_POST
@ratelimit.limited(ratelimit.RESET)
def recover_with_code(request: HttpRequest) -> HttpResponse:
    form = RecoveryCodeForm(request.POST)
    if not form.is_valid() or form.user is None or form.recovery_code is None:
        return render(request, FORGOT_TEMPLATE, _forgot_context(code_form=form), status=400)
    request.session[PENDING_KEY] = {
        "user": form.user.pk,
        "code": form.recovery_code.pk,
        "until": time.time() + PENDING_SECONDS,
    }
    return redirect("recovery_new_password")


def _pending(request: HttpRequest) -> tuple[User, RecoveryCode] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        request.session.pop(PENDING_KEY, None)
        return None
    code = (
        RecoveryCode.objects.select_related("user")
        .filter(pk=int(pending["code"]), user_id=int(pending["user"]), used_at=None)
        .filter(user__is_active=True)
        .first()
    )
    return None if code is None else (code.user, code)


@login_not_required
@never_cache
def recovery_new_password(request: HttpRequest) -> HttpResponse:
    """Set a new password after a right recovery code; the code is used up only now."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Start again: type your user name and a recovery code."))
        return redirect("password_reset")
    user, code = pending
    form = NewPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            if not recovery.use(code):  # another request used it a moment ago
                request.session.pop(PENDING_KEY, None)
                messages.info(request, _("That code was used already. Try another one."))
                return redirect("password_reset")
            # A new password hash: every other session of this person ends with it.
            form.save()
        request.session.pop(PENDING_KEY, None)
        left = recovery.unused_count(user)
        messages.success(
            request,
            _("That recovery code is used up. You have %(n)d left.") % {"n": left},
        )
        return redirect("password_reset_complete")
    status = 400 if form.is_bound else 200
    context = {"form": form, "validlink": True}
    return render(request, NEW_PASSWORD_TEMPLATE, context, status=status)
