from django.contrib.auth import views as auth_views
from django.urls import include, path

from krampe.web.accounts import views as account_views
from krampe.web.core import views as core_views

urlpatterns = [
    path("", include("krampe.web.profiles.urls")),
    path("", include("krampe.web.diet.urls")),
    path("", include("krampe.web.plans.urls")),
    path("", include("krampe.web.diary.urls")),
    path("", include("krampe.web.reports.urls")),
    path("", include("krampe.web.learn.urls")),
    path("", include("krampe.web.helper.urls")),
    path("", include("krampe.web.pwa.urls")),
    path("", include("krampe.web.reminders.urls")),
    path("", core_views.welcome, name="welcome"),
    path("home/", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The API is its own shell: mounted here by name, never imported by the web app.
    path("api/", include("krampe.api.urls", namespace="api")),
    path("language/", account_views.set_language, name="set_language"),
    path("signup/", account_views.signup, name="signup"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("krampe.web.accounts.urls")),
    path(
        "account/password/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
