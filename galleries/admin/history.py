"""History of photos and missions (django-simple-history): each change with who, when, before and
after, and a one-click revert of one field of it.

Reverting a whole revision is simple-history's own page ("Revert" on a past version, through the
admin form and its checks). Reverting a field applies the value it had before that change, through
the same services as an edit: photo_save for photos (renditions follow a changed credit or
license), a plain save for a mission's texts. Publishing and order are not reverted field by field:
they have rules of their own (publish checks, the whole order).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper

from galleries import cache, ingest
from galleries.forms import PhotoForm
from galleries.models import Crewmember, Mission, Photo

REVERTIBLE = {
    # What the photo form edits, but for the gallery, the order and the file: the order is reverted
    # whole, a file is replaced by uploading it.
    Photo: set(PhotoForm.Meta.fields) - {"mission", "position", "image"},
    Mission: {"title", "summary", "vehicle", "author_name", "author_role", "author_bio", "end_date"},
}


class ChangesWithNames(HistoricalRecordContextHelper):
    """Each change as the library shows it (labels, formatted values), plus the field's name."""

    def context_for_delta_changes(self, delta: Any) -> list[dict[str, Any]]:
        shown = super().context_for_delta_changes(delta)
        return [{**row, "name": change.field} for row, change in zip(shown, delta.changes, strict=True)]


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin's History page lists values before and after, with a revert button per field."""

    object_history_list_template = "admin/galleries/history_list.html"
    history_list_per_page = 50

    def get_urls(self):
        name = f"galleries_{self.model._meta.model_name}_revert_field"
        view = self.admin_site.admin_view(partial(field_revert_view, self))
        route = "<int:object_id>/history/<int:history_id>/revert/<str:field>/"
        return [path(route, view, name=name), *super().get_urls()]

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesWithNames(self.model, historical_record)

    def revert_disabled(self, request, obj=None):
        """Missions revert field by field only: a whole version would skip the publishing rules
        (the checks and the withdrawal of renditions run with the mission form's related saves)."""
        return self.model is Mission or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library saves a posted version even where it hides the Revert button.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            _show_recorded_relations(obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        extra = {"revertible": sorted(REVERTIBLE[self.model]), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=extra)


def _show_recorded_relations(obj: Any) -> None:
    """Make a past version's form show the people (and other recorded relations) of that version.

    The library builds a version's form from the instance it rebuilds, whose relations are read
    from the database, so a whole-version revert kept today's people; reading them from the
    version's own rows, as a prefetched cache, shows and posts those of that version.
    """
    record = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
    if record is None:  # the live object's own form
        return
    cached = getattr(obj, "_prefetched_objects_cache", {})
    for field in record._history_m2m_fields:
        target = field.m2m_reverse_field_name()  # "crewmember": the recorded rows' column
        pks = getattr(record, field.name).values_list(f"{target}_id", flat=True)
        cached[field.name] = field.related_model.objects.filter(pk__in=list(pks))
    obj._prefetched_objects_cache = cached


def _old_value(record: Any, field: str) -> Any:
    """The value `field` had before `record`'s change, as the change lists it."""
    previous = record.prev_record
    if previous is None:
        raise LookupError(field)
    for change in record.diff_against(previous, included_fields=[field]).changes:
        if change.field == field:
            return change.old
    raise LookupError(field)


def field_revert_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int, history_id: int, field: str
) -> HttpResponse:
    """POST: give `field` of the object the value it had before the change `history_id`."""
    model = model_admin.model
    obj = get_object_or_404(model, pk=object_id)
    if request.method != "POST" or not model_admin.has_change_permission(request, obj):
        raise PermissionDenied
    record = get_object_or_404(obj.history.all(), pk=history_id)
    back = reverse(f"admin:galleries_{model._meta.model_name}_history", args=[obj.pk])
    label = model._meta.get_field(field).verbose_name if field in REVERTIBLE[model] else field
    try:
        if field not in REVERTIBLE[model]:
            raise LookupError(field)
        old = _old_value(record, field)
    except LookupError:
        messages.error(request, f"“{label}” of this change cannot be reverted here.")
        return HttpResponseRedirect(back)
    obj._change_reason = f"Reverted {label} to its value before the change of {record.history_date:%Y-%m-%d %H:%M}"
    try:
        with transaction.atomic():
            if field == "people":
                obj.people.set(Crewmember.objects.filter(pk__in=[row["crewmember"] for row in old]))
            else:
                setattr(obj, model._meta.get_field(field).attname, old)
                obj.full_clean()  # what the forms check: the value may no longer fit (a deleted credit…)
                if isinstance(obj, Photo):
                    ingest.photo_save(photo=obj, rights_changed=field in ("credit", "license"))
                else:
                    obj.save()
    except (ValidationError, IntegrityError) as exc:
        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else "it no longer fits the rest."
        messages.error(request, f"“{label}” cannot go back to that value: {reason}")
        return HttpResponseRedirect(back)
    if isinstance(obj, Photo):
        cache.content_changed(mission_slug=obj.mission.slug)
    else:
        cache.content_changed()
    messages.success(request, f"“{label}” is back to what it was before that change.")
    return HttpResponseRedirect(back)
