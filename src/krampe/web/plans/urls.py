from django.urls import URLPattern, URLResolver, path

from krampe.web.plans import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/", views.plan, name="plan"),
    path("plan/calendar.ics", views.plan_calendar_ics, name="plan_calendar_ics"),
    path("plan/calendar/revoke/", views.revoke_feed, name="plan_feed_revoke"),
    path("calendar/<str:token>.ics", views.plan_feed, name="plan_feed"),
]
