from django.urls import URLPattern, URLResolver, path

from krampe.web.diet import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("diet/", views.start, name="diet_start"),
    path("diet/step/<int:n>/", views.step, name="diet_step"),
    path("diet/result/", views.result, name="diet_result"),
]
