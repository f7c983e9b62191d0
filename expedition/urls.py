from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Expedition"
admin.site.site_title = "Expedition admin"
admin.site.index_title = "Mission galleries"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("galleries.urls")),
]

if settings.DEBUG and settings.MEDIA_STORAGE == "local":
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
