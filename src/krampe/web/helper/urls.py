from django.urls import URLPattern, URLResolver, path

from krampe.web.helper import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("helper/", views.helper_start, name="helper_start"),
    path("helper/<str:token>/", views.helper_page, name="helper_page"),
    path("helper/<str:token>/labels.pdf", views.helper_labels_pdf, name="helper_labels_pdf"),
    path("helper/<str:token>/sheet.pdf", views.helper_sheet_pdf, name="helper_sheet_pdf"),
    path("helper/<str:token>/capsules/", views.helper_capsules, name="helper_capsules"),
]
