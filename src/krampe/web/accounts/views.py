from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from krampe.web.accounts import recovery
from krampe.web.accounts.account_views import show_codes_once
from krampe.web.accounts.forms import LoginForm, PasswordChangeForm, SignupForm
from krampe.web.accounts.models import USERNAME_TAKEN
from krampe.web.core import ratelimit


def remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


@login_not_required
@ratelimit.limited(ratelimit.SIGNUP)
def signup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            user = form.save(commit=False)
            user.language = translation.get_language() or settings.LANGUAGE_CODE
            try:
                with transaction.atomic():
                    user.save()
                    codes = recovery.replace_codes(user)
            except IntegrityError:  # the same name, in some case, was taken a moment ago
                form.add_error("username", USERNAME_TAKEN)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return show_codes_once(request, codes)
    else:
        form = SignupForm()
    return render(request, "accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        language = getattr(self.request.user, "language", "")
        if language:
            remember_language(response, language)
        return response


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; remember it in a cookie, and on the account when logged in."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    remember_language(response, language)
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        return {**super().get_form_kwargs(), "request": self.request}
