"""Admins for the catalogue editors draw on: agencies, crewmembers, licenses, credits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Count

from galleries.admin.common import ContentAdmin, FoldedSearchMixin, PhotoCount
from galleries.forms import CrewmemberForm
from galleries.models import Agency, Credit, Crewmember, License

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


@admin.register(Agency)
class AgencyAdmin(ContentAdmin):
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Crewmember)
class CrewmemberAdmin(FoldedSearchMixin, ContentAdmin):
    form = CrewmemberForm
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
    def photo_count(self, obj: WithAnnotations[Credit, PhotoCount]) -> int:
        return obj.photo_count
