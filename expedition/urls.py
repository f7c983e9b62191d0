from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from galleries.forms import ThrottledAuthenticationForm

admin.site.login_form = ThrottledAuthenticationForm
admin.site.site_header = "Expedition"
admin.site.site_title = "Expedition admin"
admin.site.index_title = "Mission galleries"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("galleries/favicon.svg"))),
    path("api/v1/", include("galleries.api.urls")),
    path("", include("galleries.urls")),
]

if settings.SERVE_MEDIA:
    # Local media through Django: for `make run`, tests and small sites (expedition.media).
    from django.urls import re_path

    from expedition.media import serve_media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media)]
