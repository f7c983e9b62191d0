"""The mission admin: crew, the ordered photo list, publishing, bulk upload and preview."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, re_path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from galleries import ingest, publishing
from galleries.admin import desk, imports, uploads
from galleries.admin.common import (
    ContentAdmin,
    PhotoCount,
    StorageFailureMixin,
    readiness_text,
    thumbnail,
    warn_about_duplicates,
)
from galleries.admin.history import HistoryAdmin
from galleries.forms import MissionForm, PhotoInlineForm
from galleries.models import Mission, MissionCrew, Photo

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def not_found(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    raise Http404("No such mission.")


def photo_lines(photos: list[Photo], describe: Callable[[Photo], str]) -> str:
    """One line a photo, "• Photo 3 “Title”: …", each linked to the photo's page."""
    return format_html_join(
        mark_safe("<br>"),
        "• <a href='{}'>Photo {} “{}”</a>: {}",
        ((reverse("admin:galleries_photo_change", args=[p.pk]), p.position + 1, p, describe(p)) for p in photos),
    )


def not_ready_message(mission: Mission, problems: list[str]) -> str:
    held = mission.held_back_photos()
    return format_html(
        "“{}” is saved as a draft, not published. Before it can be:<br>{}{}{}",
        mission,
        format_html_join(mark_safe("<br>"), "• {}", ((problem,) for problem in problems)),
        mark_safe("<br>") if held else "",
        photo_lines(held, lambda photo: ", ".join(photo.readiness_problems())),
    )


def publishing_notes(mission: Mission) -> str | None:
    """What a published gallery still lacks: photos held back from readers, captions missing."""
    held, uncaptioned = mission.held_back_photos(), mission.uncaptioned_photos()
    if not held and not uncaptioned:
        return None
    parts = []
    if held:
        parts.append(
            format_html(
                "Readers do not see these photos yet:<br>{}",
                photo_lines(held, lambda photo: ", ".join(photo.readiness_problems())),
            )
        )
    if uncaptioned:
        parts.append(
            format_html("A caption is recommended for:<br>{}", photo_lines(uncaptioned, lambda photo: "no caption"))
        )
    return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts))


class MissionCrewInline(admin.TabularInline):
    model = MissionCrew
    autocomplete_fields = ["crewmember"]
    fields = ["crewmember", "role", "is_backup", "position"]
    extra = 0


class RowCreditSelect(AutocompleteSelect):
    """The credit autocomplete of one photo row, labelled from the row's own credit.

    The stock widget looks the selected credit up again for every row it renders: one query per
    photo on the mission page. The rows come with their credit (select_related), so the label is
    known; only a credit changed in a submitted form that failed is looked up.
    """

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if v not in ("", None)}
        if self.known is None or not selected <= set(self.known):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in selected:
            options.append(self.create_option(name, pk, self.known[pk], True, len(options)))
        return [(None, options, 0)]


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoInlineForm
    # Narrow inputs keep the whole row on a laptop screen; full editing is one click away.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 22})},
        # A class, not style=: the site's Content-Security-Policy allows no inline styles.
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "position-input"})},
    }
    fields = ["preview", "position", "image", "title", "credit", "alt_text", "is_hidden", "readiness"]
    readonly_fields = ["preview", "readiness"]
    autocomplete_fields = ["credit"]
    show_change_link = True
    extra = 0

    class Media:
        js = ["galleries/admin-ordering.js"]
        css = {"all": ["galleries/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("credit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "credit":
            kwargs["widget"] = RowCreditSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Readers")
    def readiness(self, obj: Photo) -> str:
        return readiness_text(obj)

    @admin.display(description="Preview")
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj, width=96)


@admin.register(Mission)
class MissionAdmin(StorageFailureMixin, HistoryAdmin, ContentAdmin):
    form = MissionForm
    list_display = [
        "title",
        "status",
        "published_at",
        "start_date",
        "vehicle",
        "photo_count",
        "desk_link",
        "public_link",
    ]
    list_filter = ["status", "start_date"]
    actions = ["publish", "unpublish"]
    search_fields = ["title", "summary", "vehicle"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover_photo"]
    inlines = [MissionCrewInline, PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "start_date", "end_date", "vehicle", "patch", "cover_photo"]}),
        ("Byline", {"fields": ["author_name", "author_role", "author_bio"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(photo_count=Count("photos"))

    def get_inlines(self, request, obj):
        """The photo rows only while there are few enough to load and save as one form; past
        GALLERIES_INLINE_PHOTO_LIMIT the change form links the photo desk instead (photos_on_desk)."""
        if obj is not None and obj.photos.count() > settings.GALLERIES_INLINE_PHOTO_LIMIT:
            return [MissionCrewInline]
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or PhotoInline in self.get_inlines(request, obj):
            return fieldsets
        return [*fieldsets, ("Photos", {"fields": ["photos_on_desk"]})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "photos_on_desk"]

    @admin.display(description="Photos")
    def photos_on_desk(self, obj: Mission) -> str:
        count = obj.photos.count()
        return format_html(
            '{} photos: too many to edit as rows here. <a href="{}">Describe, order and release them on the '
            "photo desk</a>.",
            f"{count:,}",
            reverse("admin:galleries_mission_desk", args=[obj.pk]),
        )

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("<int:object_id>/desk/", wrap(desk.desk_view), name="galleries_mission_desk"),
            path(
                "<int:object_id>/desk/photos/<int:photo_id>/",
                wrap(desk.desk_photo_view),
                name="galleries_mission_desk_photo",
            ),
            path("<int:object_id>/desk/bulk/", wrap(desk.desk_bulk_view), name="galleries_mission_desk_bulk"),
            path("<int:object_id>/desk/order/", wrap(desk.desk_order_view), name="galleries_mission_desk_order"),
            path("<int:object_id>/desk/cards/", wrap(desk.desk_cards_view), name="galleries_mission_desk_cards"),
            path("<int:object_id>/upload/", wrap(uploads.bulk_upload_view), name="galleries_mission_upload"),
            path(
                "<int:object_id>/upload/jobs/<int:job_id>/",
                wrap(imports.import_job_view),
                name="galleries_mission_import_job",
            ),
            path("<int:object_id>/preview/", wrap(uploads.preview_view), name="galleries_mission_preview"),
            path(
                "<int:object_id>/preview/photos/<int:photo_id>/",
                wrap(uploads.preview_view),
                name="galleries_mission_preview_photo",
            ),
            # A malformed id under our own pages is not found, rather than the admin's change page.
            re_path(r"^[^/]+/(?:upload|preview|desk)/", wrap(not_found)),
            *super().get_urls(),
        ]

    @admin.display(description="Photos", ordering="photo_count")
    def photo_count(self, obj: WithAnnotations[Mission, PhotoCount]) -> int:
        return obj.photo_count

    def view_on_site(self, obj: Mission) -> str:
        """ "View on site" opens the public page once readers can see it, the preview before."""
        return obj.get_absolute_url() if obj.is_public else reverse("admin:galleries_mission_preview", args=[obj.pk])

    @admin.display(description="Photos to describe")
    def desk_link(self, obj: Mission) -> str:
        return format_html('<a href="{}">Photo desk</a>', reverse("admin:galleries_mission_desk", args=[obj.pk]))

    @admin.display(description="Public page")
    def public_link(self, obj: Mission) -> str:
        if not obj.is_public:
            return "—"
        return format_html('<a href="{}">View</a>', obj.get_absolute_url())

    @admin.action(description="Publish the selected galleries now", permissions=["change"])
    def publish(self, request, queryset):
        for mission in queryset:
            try:
                publishing.mission_publish(mission=mission)
            except publishing.MissionNotReady as exc:
                self.message_user(request, not_ready_message(mission, exc.problems), messages.ERROR)
                continue
            self.message_user(request, f"“{mission}” is published.", messages.SUCCESS)
            if notes := publishing_notes(mission):
                self.message_user(request, notes, messages.WARNING)

    @admin.action(description="Unpublish the selected galleries", permissions=["change"])
    def unpublish(self, request, queryset):
        for mission in queryset:
            publishing.mission_unpublish(mission=mission)
        self.message_user(request, f"{len(queryset)} gallery(ies) taken off the public site.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # The photos readers could see before this save, from the rows as stored.
        form.public_photo_ids = publishing.public_photo_ids(mission=obj) if change else []
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mission = form.instance
        if mission.status == Mission.Status.PUBLISHED:
            # Checked after the photo list is saved, so alt text typed in the same form counts.
            if problems := mission.publishing_problems():
                mission.status = Mission.Status.DRAFT
                mission.save(update_fields=["status", "updated_at"])
                messages.error(request, not_ready_message(mission, problems))
            elif notes := publishing_notes(mission):
                messages.warning(request, notes)
        # Status set to draft, the publication time moved to the future, a photo hidden or no longer
        # ready, in this one save: whatever readers could see and no longer can is withdrawn at once.
        publishing.photos_withdrawn(photo_ids=form.public_photo_ids)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        photos = formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        saved = {id(photo) for photo in photos}
        with ingest.photos_reordering(mission=form.instance, photos=photos):
            for photo_form in formset.forms:
                if id(photo_form.instance) in saved:
                    photo_form.save_photo()
        formset.save_m2m()
        for photo in photos:
            warn_about_duplicates(request, photo)
