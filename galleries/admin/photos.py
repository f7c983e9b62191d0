"""The photo admin: one photo with its file, metadata, people and renditions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme

from galleries import ingest
from galleries.admin.common import (
    ContentAdmin,
    FoldedSearchMixin,
    StorageFailureMixin,
    readiness_text,
    thumbnail,
    warn_about_duplicates,
)
from galleries.admin.focal import RECT_INPUTS, focal_editor, small_file_note
from galleries.admin.history import HistoryAdmin
from galleries.cache import content_changed
from galleries.forms import PhotoForm
from galleries.models import Crewmember, Photo


class PeopleAgencyFilter(admin.RelatedFieldListFilter):
    """The agencies crewmembers fly for. Django's RelatedOnlyFieldListFilter would list only those
    of people shown in some photo, but finding them reads the whole people-shown table (a DISTINCT
    over every photo's tags: 350 ms at 100,000 photos) on every page of the list."""

    def field_choices(self, field, request, model_admin):
        flying = Crewmember.objects.values("agency_id")
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": flying}, ordering=ordering)


class MissingAltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt_text"

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("present", "Written")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text="")
        if self.value() == "present":
            return queryset.exclude(alt_text="")
        return queryset


class ReadinessFilter(admin.SimpleListFilter):
    title = "readers"
    parameter_name = "readiness"

    def lookups(self, request, model_admin):
        return [
            ("ready", "Ready"),
            ("held", "Held back: not ready"),
            ("failed", "Renditions failed"),
            ("hidden", "Hidden by an editor"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "ready":
                return queryset.shown()
            case "held":
                return queryset.released().not_ready()
            case "failed":
                return queryset.exclude(rendition_error="")
            case "hidden":
                return queryset.filter(is_hidden=True)
        return queryset


@admin.register(Photo)
class PhotoAdmin(StorageFailureMixin, FoldedSearchMixin, HistoryAdmin, ContentAdmin):
    form = PhotoForm
    list_display = ["preview", "title", "mission", "position", "credit", "readiness"]
    list_display_links = ["preview", "title"]
    list_filter = [
        "mission",
        "credit",
        ("people__agency", PeopleAgencyFilter),
        ReadinessFilter,
        MissingAltTextFilter,
    ]
    actions = ["release", "add_people_named_in_captions"]
    list_select_related = ["mission", "credit"]
    # One count a page, not two: the unfiltered total is a second COUNT(*) of every photo.
    show_full_result_count = False
    search_fields = [
        *("title", "caption", "location", "credit__photographer", "credit__organization", "people__name"),
        "=external_id",  # an agency's asset ID (a NASA ID), exactly
    ]
    folded_search_fields = ("people__name_folded",)
    autocomplete_fields = ["mission", "credit", "license", "people"]
    readonly_fields = [
        "readiness",
        "preview_large",
        "original_filename",
        "original_format",
        "dimensions",
        "camera",
        "gps",
        "sha256",
        "source",
        "external_id",
        "rendition_table",
        "focal_point_editor",
    ]
    fieldsets = [
        (None, {"fields": ["mission", "position", "image", "preview_large"]}),
        ("Description", {"fields": ["title", "caption", "alt_text", "long_description", "keywords"]}),
        (
            "Focal point and crops",
            {
                "fields": [
                    "focal_point_editor",
                    ("focal_x", "focal_y"),
                    ("crop_left", "crop_top", "crop_right", "crop_bottom"),
                ],
                "description": "Where the 3:2 cards, square thumbnails and 1200 × 630 social cards are centred, "
                "as fractions of the picture (0 to 1 from the left and from the top). Leave empty for a centre "
                "drawn to the picture's detail. A crop rectangle, if given, is all the crops may show.",
            },
        ),
        ("Credit", {"fields": ["credit", "license"]}),
        ("Where and when", {"fields": ["taken_at", "location", "people", "add_suggested_people"]}),
        ("Visibility", {"fields": ["is_hidden", "readiness"]}),
        (
            "File",
            {
                "fields": [
                    *("original_filename", "original_format", "dimensions", "camera", "gps", "sha256"),
                    *("source", "external_id"),
                ],
                "description": "Read from the file when it was uploaded. The location is for editors only: "
                "it is never shown to readers or kept in the published images.",
            },
        ),
        ("Renditions", {"fields": ["rendition_table"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["galleries/focal.css"]}
        js = ["galleries/focal.js"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        problems = obj.readiness_problems() if obj is not None and not obj.is_hidden else []
        if problems and request.method == "GET":
            messages.warning(request, f"Readers do not see this photo yet: {', '.join(problems)}.")
        if obj is not None and request.method == "GET" and (note := small_file_note(obj)):
            messages.warning(request, note)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj: Photo) -> str:
        """ "View on site" opens the public page once readers can see the photo, the preview before."""
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("admin:galleries_mission_preview_photo", args=[obj.mission_id, obj.pk])

    def response_post_save_change(self, request, obj):
        """ "Save" lands back where the editor came from (the desk links here with ?next=)."""
        back = request.GET.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(f"{back}#card-{obj.pk}")
        return super().response_post_save_change(request, obj)

    def save_model(self, request, obj, form, change):
        form.save_photo()
        warn_about_duplicates(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("add_suggested_people") and form.suggested_people:
            form.instance.people.add(*form.suggested_people)

    @admin.action(description="Release the selected photos to readers", permissions=["change"])
    def release(self, request, queryset):
        held = queryset.filter(is_hidden=True)
        released = 0
        for photo in held.select_related("mission"):
            photo.is_hidden = False
            ingest.photo_save(photo=photo)
            released += 1
        self.message_user(request, f"{released} photo(s) released.", messages.SUCCESS)
        for photo in queryset.not_ready():
            self.message_user(
                request,
                format_html(
                    "<a href='{}'>“{}”</a> stays held back: {}.",
                    reverse("admin:galleries_photo_change", args=[photo.pk]),
                    photo,
                    ", ".join(photo.readiness_problems()),
                ),
                messages.WARNING,
            )

    @admin.action(description="Add the crewmembers named in their captions", permissions=["change"])
    def add_people_named_in_captions(self, request, queryset):
        added = 0
        for photo in queryset.prefetch_related("people"):
            tagged = photo.people.all()
            new = [person for person in Crewmember.objects.mentioned_in(photo.caption) if person not in tagged]
            photo.people.add(*new)
            added += len(new)
        if added:
            content_changed()  # the photos' pages and search now show them
        self.message_user(request, f"{added} crewmember tag(s) added.", messages.SUCCESS)

    @admin.display(description="Size")
    def dimensions(self, obj: Photo) -> str:
        return f"{obj.width} × {obj.height} pixels" if obj.width else "—"

    @admin.display(description="Location from the camera (private)")
    def gps(self, obj: Photo) -> str:
        if obj.gps_latitude is None:
            return "—"
        return f"{obj.gps_latitude:.5f}, {obj.gps_longitude:.5f}"

    @admin.display(description="Renditions")
    def rendition_table(self, obj: Photo) -> str:
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} × {}</td><td>{} KB</td><td><a href='{}'>{}</a></td></tr>",
            (
                (r.crop or "whole", r.format, r.width, r.height, round(r.bytes / 1024), r.url, r.name)
                for r in sorted([*obj.rendition_list(), *obj.crop_list()], key=lambda r: (r.crop, r.format, r.width))
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if obj.renditions else "Not made yet."

    @admin.display(description="Picture")
    def focal_point_editor(self, obj: Photo) -> str:
        return focal_editor(
            obj, input_ids=[f"id_{name}" for name in ("focal_x", "focal_y", *RECT_INPUTS)], with_rect=True, width=640
        )

    @admin.display(description="Readers")
    def readiness(self, obj: Photo) -> str:
        return readiness_text(obj)

    @admin.display(description="Preview")
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj, width=80)

    @admin.display(description="Preview")
    def preview_large(self, obj: Photo) -> str:
        return thumbnail(obj, width=480)
