from django.urls import URLPattern, URLResolver, path

from krampe.web.profiles import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("profile/", views.profile, name="profile"),
    path("profile/medicine-row/", views.medicine_row, name="profile_medicine_row"),
    path("profile/medicine-lookup/", views.medicine_lookup, name="profile_medicine_lookup"),
    path("profile/screening/", views.screening, name="screening"),
]
