from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from galleries import cache, services
from galleries.forms import PhotoForm, PhotoInlineForm
from galleries.models import Agency, Credit, Crewmember, License, Mission, MissionCrew, Photo
from galleries.text import fold


def thumbnail(photo: Photo, width: int = 120) -> str:
    rendition = photo.rendition_for(width=width, format="JPEG") if photo.pk else None
    if rendition is None:
        return "—"
    height = round(rendition.height * width / rendition.width)
    return format_html('<img src="{}" width="{}" height="{}" alt="" loading="lazy">', rendition.url, width, height)


def warn_about_duplicates(request, photo: Photo) -> None:
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
    """Every admin of public content: a save or delete retires the readers' cached pages."""

    def log_addition(self, request, obj, message):
        cache.content_changed()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        cache.content_changed()
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        cache.content_changed()
        return super().log_deletions(request, queryset)


class StorageFailureMixin:
    """An unreachable media store becomes a message on the form page, not a server error.

    The admin saves inside a transaction, so the exception rolls the row back: nothing is kept.
    """

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except services.StorageUnavailable as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())


def not_ready_message(mission: Mission, problems: list[str]) -> str:
    return format_html(
        "“{}” is saved as a draft, not published. Before it can be: <ul>{}</ul>",
        mission,
        format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
    )


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


class FoldedSearchMixin:
    """Also match `folded_search_fields` against the accent-free, lower-case search term."""

    folded_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip() and self.folded_search_fields:
            folded = fold(search_term)
            for field in self.folded_search_fields:
                results |= queryset.filter(**{f"{field}__contains": folded})
            may_have_duplicates = True
        return results, may_have_duplicates


@admin.register(Agency)
class AgencyAdmin(ContentAdmin):
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Crewmember)
class CrewmemberAdmin(FoldedSearchMixin, ContentAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]
    list_select_related = ["agency"]
    search_fields = ["name", "agency__short_name"]
    folded_search_fields = ("name_folded",)
    autocomplete_fields = ["agency"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(License)
class LicenseAdmin(ContentAdmin):
    list_display = ["name", "allows_download", "url"]
    list_filter = ["allows_download"]
    search_fields = ["name"]


@admin.register(Credit)
class CreditAdmin(ContentAdmin):
    list_display = ["__str__", "photographer", "organization", "default_license", "photo_count"]
    list_filter = ["organization", "default_license"]
    search_fields = ["photographer", "organization"]
    autocomplete_fields = ["default_license"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("default_license").annotate(photo_count=Count("photos"))

    @admin.display(description="Photos", ordering="photo_count")
    def photo_count(self, obj: Credit) -> int:
        return obj.photo_count


class MissionCrewInline(admin.TabularInline):
    model = MissionCrew
    autocomplete_fields = ["crewmember"]
    fields = ["crewmember", "role", "is_backup", "position"]
    extra = 0


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoInlineForm
    # Narrow inputs keep the whole row on a laptop screen; full editing is one click away.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 22})},
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 4em"})},
    }
    fields = ["preview", "position", "image", "title", "credit", "alt_text", "is_hidden"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["credit"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("credit")

    @admin.display(description="Preview")
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj, width=96)


@admin.register(Mission)
class MissionAdmin(StorageFailureMixin, ContentAdmin):
    list_display = ["title", "status", "published_at", "start_date", "vehicle", "photo_count", "public_link"]
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

    @admin.display(description="Photos", ordering="photo_count")
    def photo_count(self, obj: Mission) -> int:
        return obj.photo_count

    @admin.display(description="Public page")
    def public_link(self, obj: Mission) -> str:
        if not obj.is_public:
            return "—"
        return format_html('<a href="{}">View</a>', obj.get_absolute_url())

    @admin.action(description="Publish the selected galleries now", permissions=["change"])
    def publish(self, request, queryset):
        for mission in queryset:
            try:
                services.mission_publish(mission=mission)
            except services.MissionNotReady as exc:
                self.message_user(request, not_ready_message(mission, exc.problems), messages.ERROR)
            else:
                self.message_user(request, f"“{mission}” is published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected galleries", permissions=["change"])
    def unpublish(self, request, queryset):
        for mission in queryset:
            services.mission_unpublish(mission=mission)
        self.message_user(request, f"{len(queryset)} gallery(ies) taken off the public site.", messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mission = form.instance
        if mission.status == Mission.Status.PUBLISHED:
            # Checked after the photo list is saved, so alt text typed in the same form counts.
            problems = services.mission_publishing_problems(mission)
            if problems:
                services.mission_unpublish(mission=mission)
                messages.error(request, not_ready_message(mission, problems))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        photos = formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        forms_by_photo = {id(f.instance): f for f in formset.forms}
        services.photos_save(
            photos=[
                (photo, forms_by_photo[id(photo)].original_changed, forms_by_photo[id(photo)].rights_changed)
                for photo in photos
            ]
        )
        formset.save_m2m()
        for photo in photos:
            warn_about_duplicates(request, photo)


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
        services.photo_save(photo=obj, original_changed=form.original_changed, rights_changed=form.rights_changed)
        warn_about_duplicates(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("add_suggested_people") and form.suggested_people:
            form.instance.people.add(*form.suggested_people)

    @admin.action(description="Add the crewmembers named in their captions", permissions=["change"])
    def add_people_named_in_captions(self, request, queryset):
        added = 0
        for photo in queryset.prefetch_related("people"):
            new = [person for person in services.people_mentioned(photo.caption) if person not in photo.people.all()]
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
