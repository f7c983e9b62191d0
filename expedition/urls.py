from __future__ import annotations

import posixpath

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpResponsePermanentRedirect
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
    path("", include("galleries.urls")),
]

if settings.SERVE_MEDIA:
    # Local media through Django: for `make run`, tests and small sites. Larger sites serve
    # media from the web server or S3 + CDN (see README, "Configuration").
    from django.urls import re_path
    from django.views.static import serve

    PUBLIC_MEDIA = ("renditions/", "patches/", "portraits/")

    def serve_media(request, path):
        # Normalised as serve() does (and case-folded, for case-insensitive disks), so that
        # "renditions/../originals/…" is not public. Only what pages show is: renditions, patches
        # and portraits. Originals keep what the camera wrote (GPS, serial numbers), and uploaded
        # zips hold originals: editors only, never readers.
        public = posixpath.normpath(path).lstrip("/").casefold().startswith(PUBLIC_MEDIA)
        if not public and not (request.user.is_active and request.user.is_staff):
            raise Http404("No such file.")
        response = serve(request, path, document_root=str(settings.MEDIA_ROOT))  # read per request: tests change it
        if not public:
            response["Cache-Control"] = "private, no-store"
        # Uploaded files are only ever images: even a file that also parses as HTML runs nothing here.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        return response

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media)]
