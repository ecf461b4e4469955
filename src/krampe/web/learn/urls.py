from django.urls import URLPattern, URLResolver, path

from krampe.web.learn import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("learn/", views.index, name="learn"),
    path("learn/evidence/", views.evidence, name="learn_evidence"),
    path("learn/magnesium-forms/", views.forms, name="learn_forms"),
    path("learn/foods/", views.foods, name="learn_foods"),
    path("learn/medicines/", views.medicines, name="learn_medicines"),
    path("learn/strategies/", views.strategies, name="learn_strategies"),
    path("learn/see-a-doctor/", views.see_a_doctor, name="learn_doctor"),
]
