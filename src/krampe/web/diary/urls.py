from django.urls import URLPattern, URLResolver, path

from krampe.web.diary import quick, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("log/", views.log_night, name="log_night"),
    path("log/<int:pk>/", views.edit_night, name="edit_night"),
    path("log/quiet/", quick.quiet_night, name="log_quiet_night"),
    path("results/", views.results, name="results"),
    path("trial/start/", views.trial_start, name="trial_start"),
    path("trial/<int:pk>/helper/", views.helper_link, name="helper_link"),
    path("trial/<int:pk>/unblind/", views.unblind, name="unblind"),
    path("trial/<int:pk>/extend/", views.extend_trial, name="extend_trial"),
    path("trial/<int:pk>/baseline/", views.extend_baseline, name="extend_baseline"),
    path("trial/<int:pk>/reminders/resume/", views.resume_reminders, name="resume_reminders"),
]
