"""What every admin of Expedition shares: thumbnails, cache retirement, storage failures, accent-free search."""

from __future__ import annotations

from typing import TypedDict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from galleries import batches, cache
from galleries.ingest import IngestError, originals_undone_on_error
from galleries.models import Credit, Photo
from galleries.text import folded_words


class NewCreditField(forms.CharField):
    """A credit typed in place as "Photographer/Organization": checked with the form, made only
    once the whole form is valid (credit_typed), so a refused form makes none."""

    def __init__(self, **kwargs):
        super().__init__(**{"required": False, "max_length": 401, **kwargs})

    def clean(self, value):
        text = super().clean(value).strip()
        if text:
            try:
                batches.credit_names(text)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return text


def credit_typed(request: HttpRequest, text: str) -> Credit:
    """The credit a NewCreditField named, made now if it is new and the editor may add credits."""
    if not request.user.has_perm("galleries.add_credit"):
        raise PermissionDenied
    return batches.credit_named(text)


def thumbnail(photo: Photo, width: int = 120) -> str:
    rendition = photo.rendition_for(width=width, format="JPEG") if photo.pk else None
    if rendition is None:
        return "—"
    height = round(rendition.height * width / rendition.width)
    return format_html('<img src="{}" width="{}" height="{}" alt="" loading="lazy">', rendition.url, width, height)


def readiness_text(photo: Photo) -> str:
    """What readers get of `photo` once its gallery is public, and what keeps it from them."""
    problems = photo.readiness_problems()
    if photo.is_hidden:  # what releasing it would not yet be enough for
        return f"Hidden, and not ready: {', '.join(problems)}" if problems else "Hidden"
    return f"Held back: {', '.join(problems)}" if problems else "Shown"


def warn_about_duplicates(request: HttpRequest, photo: Photo) -> None:
    """Tell the editor when the same file (same sha256) is already in the library."""
    if not photo.sha256:
        return
    for other in Photo.objects.filter(sha256=photo.sha256).exclude(pk=photo.pk).select_related("mission")[:3]:
        messages.warning(
            request,
            format_html(
                "“{}” is the same file as <a href='{}'>“{}”</a> in {}.",
                photo,
                reverse("admin:galleries_photo_change", args=[other.pk]),
                other,
                other.mission,
            ),
        )


class ContentAdmin(admin.ModelAdmin):
    """Every admin of public content: a save or delete retires the readers' cached pages.

    A photo's own saves go through the ingest services, which retire only the pages showing it.
    """

    def log_addition(self, request, obj, message):
        if not isinstance(obj, Photo):
            cache.content_changed()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not isinstance(obj, Photo):
            cache.content_changed()
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        cache.content_changed()
        return super().log_deletions(request, queryset)


class PhotoCount(TypedDict):
    """The `photo_count` annotation of the mission and credit lists (for WithAnnotations)."""

    photo_count: int


class StorageFailureMixin(admin.ModelAdmin):
    """A photo the ingest path refuses at save time (an unreachable media store) becomes a message
    on the form page, not a server error.

    The admin saves inside a transaction, so the exception rolls the row back: nothing is kept. Any
    failure of that transaction also removes the originals it stored (a photo list saving several).
    """

    def changeform_view(self, request, *args, **kwargs):
        try:
            with originals_undone_on_error():
                return super().changeform_view(request, *args, **kwargs)
        except IngestError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())


class FoldedSearchMixin(admin.ModelAdmin):
    """Also match `folded_search_fields` against the accent-free, lower-case search term."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and self.folded_search_fields:
            folded = folded_words(search_term)
            for field in self.folded_search_fields:
                results |= queryset.filter(**{f"{field}__contains": folded})
            may_have_duplicates = True
        return results, may_have_duplicates
