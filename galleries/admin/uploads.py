"""Bulk upload into a mission's gallery: many files or a zip at once, each reported by name."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from galleries import batches
from galleries.admin.common import NewCreditField, credit_typed
from galleries.admin.imports import UploadRow, import_job_begin, job_rows, job_state, upload_row
from galleries.models import Credit, Mission, Photo, PhotoQuerySet
from galleries.views import MissionDetailView, PhotoDetailView


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.heic,.heif,.zip", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        limit = settings.GALLERIES_MAX_FILES_PER_UPLOAD
        if len(files) > limit:
            raise forms.ValidationError(
                f"{len(files)} files were sent; at most {limit} go in one upload. "
                "Choose fewer, upload them in several goes, or put them in a zip.",
                code="too_many_files",
            )
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class BulkUploadForm(forms.Form):
    # The metaclass moves declared fields to base_fields, so this never hides Form.files at run time.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Photos",
        help_text="Choose or drop many images at once, or a .zip of them. Each is checked and reported by name.",
    )
    credit = forms.ModelChoiceField(
        Credit.objects.select_related("default_license"),
        required=False,
        help_text="For every photo whose file does not name its photographer.",
    )
    new_credit = NewCreditField(
        label="Or a new credit",
        help_text="“Photographer/Organization”, made now, for the same photos: used instead of the credit above.",
    )
    location = forms.CharField(required=False, max_length=200, help_text="Where these photos were taken.")


def bulk_upload_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    mission = get_object_or_404(Mission, pk=object_id)
    if not (model_admin.has_change_permission(request, mission) and request.user.has_perm("galleries.add_photo")):
        raise PermissionDenied
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    rows: list[UploadRow] = []
    jobs = []
    if request.method == "POST" and form.is_valid():
        credit = form.cleaned_data["credit"]
        if form.cleaned_data["new_credit"]:
            credit = credit_typed(request, form.cleaned_data["new_credit"])
        options = {"default_credit": credit, "location": form.cleaned_data["location"]}
        for upload in form.cleaned_data["files"]:
            if (upload.name or "").lower().endswith(".zip"):  # unpacked a file at a time, off this request
                job = batches.import_job_start(mission=mission, upload=upload, user=request.user, **options)
                jobs.append(import_job_begin(job))
                rows += job_rows(jobs[-1])
            else:
                rows += [
                    upload_row(result) for result in batches.upload_ingest(mission=mission, upload=upload, **options)
                ]
    if "application/json" in request.headers.get("Accept", ""):
        errors = [f"{field}: {message}" for field, messages in form.errors.items() for message in messages]
        body = {"results": rows, "jobs": [job_state(job) for job in jobs], "errors": errors}
        return JsonResponse(body, status=200 if not errors else 400)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Upload photos to {mission}",
        "opts": model_admin.model._meta,
        "original": mission,
        "form": form,
        "results": rows,
        "added": sum(row["ok"] for row in rows),
        "jobs": [job_state(job) for job in jobs if not job.is_finished],
        # Zips unpacked earlier, from this page or import_gallery: their reports stay a click away.
        "earlier_jobs": [] if jobs else mission.import_jobs.select_related("created_by")[:10],
    }
    return TemplateResponse(request, "admin/galleries/mission/bulk_upload.html", context)


class MissionPreviewView(MissionDetailView):
    """The public gallery template with what readers would see once the mission is published.

    Only for staff, under /admin/ (never cached, never indexed), with a banner saying so.
    """

    template_name = "galleries/mission_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Mission.objects.with_cover_ids(), pk=self.kwargs["object_id"])

    def get_context_data(self, **kwargs):
        return self.gallery_context(self.object.photos.shown(), preview=True, **kwargs)


class PhotoPreviewView(PhotoDetailView):
    """One photo of a previewed gallery, with previous and next among the photos readers would see."""

    template_name = "galleries/photo_detail.html"

    def visible_photos(self) -> PhotoQuerySet:
        return Photo.objects.shown().filter(mission_id=self.kwargs["object_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


def preview_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int, photo_id: int | None = None
) -> HttpResponseBase:
    mission = get_object_or_404(Mission, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, mission):
        raise PermissionDenied
    if photo_id is None:
        response = never_cache(MissionPreviewView.as_view())(request, object_id=object_id)
    else:
        response = never_cache(PhotoPreviewView.as_view())(request, object_id=object_id, pk=photo_id)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
