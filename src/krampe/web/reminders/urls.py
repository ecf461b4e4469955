from django.urls import URLPattern, URLResolver, path

from krampe.web.reminders import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reminders/subscribe/", views.subscribe, name="reminders_subscribe"),
    path("reminders/unsubscribe/", views.unsubscribe, name="reminders_unsubscribe"),
    path("reminders/taken/", views.taken, name="reminders_taken"),
]
