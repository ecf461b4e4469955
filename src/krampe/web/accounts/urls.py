from django.urls import path

from krampe.web.accounts import account_views, reset_views
from krampe.web.core import ratelimit

# Mounted at /account/ by the project's URLconf.
urlpatterns = [
    path("", account_views.account, name="account"),
    path("email/", account_views.change_email, name="account_email"),
    path("recovery-codes/", account_views.recovery_codes, name="recovery_codes"),
    path("recovery-codes/new/", account_views.new_recovery_codes, name="new_recovery_codes"),
    path(
        "forgot/",
        ratelimit.limited(ratelimit.RESET)(reset_views.ForgotPasswordView.as_view()),
        name="password_reset",
    ),
    path("forgot/sent/", reset_views.ResetLinkSentView.as_view(), name="password_reset_done"),
    path("forgot/code/", reset_views.recover_with_code, name="recover_with_code"),
    path(
        "forgot/new-password/",
        reset_views.recovery_new_password,
        name="recovery_new_password",
    ),
    path(
        "reset/<uidb64>/<token>/",
        reset_views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", reset_views.ResetCompleteView.as_view(), name="password_reset_complete"),
]
