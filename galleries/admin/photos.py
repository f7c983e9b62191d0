"""The photo admin: one photo with its file, metadata, people and renditions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from galleries.admin.common import (
    ContentAdmin,
    FoldedSearchMixin,
    StorageFailureMixin,
    thumbnail,
    warn_about_duplicates,
)
from galleries.forms import PhotoForm
from galleries.models import Crewmember, Photo


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


@admin.register(Photo)
class PhotoAdmin(StorageFailureMixin, FoldedSearchMixin, ContentAdmin):
    form = PhotoForm
    list_display = ["preview", "title", "mission", "position", "credit", "is_hidden"]
    list_display_links = ["preview", "title"]
    list_filter = [
        "mission",
        "credit",
        ("people__agency", admin.RelatedOnlyFieldListFilter),
        MissingAltTextFilter,
        "is_hidden",
    ]
    actions = ["add_people_named_in_captions"]
    list_select_related = ["mission", "credit"]
    search_fields = ["title", "caption", "location", "credit__photographer", "credit__organization", "people__name"]
    folded_search_fields = ("people__name_folded",)
    autocomplete_fields = ["mission", "credit", "license", "people"]
    readonly_fields = [
        "preview_large",
        "original_filename",
        "original_format",
        "dimensions",
        "camera",
        "gps",
        "sha256",
        "rendition_table",
    ]
    fieldsets = [
        (None, {"fields": ["mission", "position", "image", "preview_large"]}),
        ("Description", {"fields": ["title", "caption", "alt_text", "long_description", "keywords"]}),
        ("Credit", {"fields": ["credit", "license"]}),
        ("Where and when", {"fields": ["taken_at", "location", "people", "add_suggested_people"]}),
        ("Visibility", {"fields": ["is_hidden"]}),
        (
            "File",
            {
                "fields": ["original_filename", "original_format", "dimensions", "camera", "gps", "sha256"],
                "description": "Read from the file when it was uploaded. The location is for editors only: "
                "it is never shown to readers or kept in the published images.",
            },
        ),
        ("Renditions", {"fields": ["rendition_table"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        form.save_photo()
        warn_about_duplicates(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("add_suggested_people") and form.suggested_people:
            form.instance.people.add(*form.suggested_people)

    @admin.action(description="Add the crewmembers named in their captions", permissions=["change"])
    def add_people_named_in_captions(self, request, queryset):
        added = 0
        for photo in queryset.prefetch_related("people"):
            tagged = photo.people.all()
            new = [person for person in Crewmember.objects.mentioned_in(photo.caption) if person not in tagged]
            photo.people.add(*new)
            added += len(new)
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
            "<tr><td>{}</td><td>{} × {}</td><td>{} KB</td><td><a href='{}'>{}</a></td></tr>",
            (
                (r.format, r.width, r.height, round(r.bytes / 1024), r.url, r.name)
                for r in sorted(obj.rendition_list(), key=lambda r: (r.format, r.width))
            ),
        )
        return format_html("<table><tbody>{}</tbody></table>", rows) if obj.renditions else "Not made yet."

    @admin.display(description="Preview")
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj, width=80)

    @admin.display(description="Preview")
    def preview_large(self, obj: Photo) -> str:
        return thumbnail(obj, width=480)
