from django.urls import URLPattern, URLResolver, path

from krampe.web.reports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("summary/", views.doctor_summary, name="doctor_summary"),
    path("summary.pdf", views.doctor_summary_pdf, name="doctor_summary_pdf"),
    path("data/", views.your_data, name="your_data"),
    path("data/diary.csv", views.export_diary_csv, name="export_diary_csv"),
    path("data/krampe.json", views.export_json, name="export_json"),
    path("data/fhir.json", views.export_fhir, name="export_fhir"),
    path("data/import/", views.import_diary_view, name="import_diary"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
