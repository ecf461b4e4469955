from django.urls import URLPattern, URLResolver, path

from krampe.web.pwa import queued, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("manifest.webmanifest", views.manifest, name="pwa_manifest"),
    path("sw.js", views.service_worker, name="pwa_service_worker"),
    path("favicon.ico", views.favicon, name="pwa_favicon"),
    path("offline/", views.offline, name="pwa_offline"),
    path("offline/log/", views.offline_log, name="pwa_offline_log"),
    path("log/queued/", queued.queued_night, name="pwa_queued_night"),
]
