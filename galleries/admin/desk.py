"""The photo desk's pages: the contact sheet, and the small JSON endpoints its script calls.

The desk shows a gallery a page of cards at a time, under a filter, both in the address
(`?filter=not-ready&page=3`): a page answers quickly and keeps the browser light however large
the gallery, and works without script. Counts, "all N matching" bulk changes and positions are
the whole gallery's.

Every endpoint is a POST under the admin (staff, CSRF), checks the editor's permissions for the
mission and its photos, and answers with what changed or the validation errors by field; given
the page the script shows (`filter`, `page`, and the cards it `has`), it also answers with that
page as it now is. Without script, each card's form and the bulk form post the same endpoints and
land back on the same page of the desk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from galleries import desk, ingest
from galleries.admin.common import NewCreditField, credit_typed
from galleries.admin.desk_card import DeskPhotoForm
from galleries.admin.uploads import BulkUploadForm
from galleries.models import Credit, Crewmember, License, Mission, Photo


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """require_POST for the admin's views, which take the model admin first."""

    @wraps(view)
    def wrapper(model_admin: admin.ModelAdmin, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(model_admin, request, *args, **kwargs)

    return wrapper


class DeskBulkForm(forms.Form):
    """A change to apply to the selected photos, or to every photo a filter matches (on any page,
    the number of them stated to the editor first): the action and the value it needs."""

    scope = forms.ChoiceField(
        choices=[("selected", "The selected photos"), ("matching", "Every photo the filter matches")],
        required=False,
    )
    filter = forms.ChoiceField(choices=desk.FILTERS.items(), required=False)
    expected = forms.IntegerField(required=False, min_value=0)  # how many the editor was told match
    photos = forms.ModelMultipleChoiceField(Photo.objects.none(), required=False)
    action = forms.ChoiceField(choices=desk.BULK_ACTIONS.items())
    credit = forms.ModelChoiceField(Credit.objects.all(), required=False)
    new_credit = NewCreditField(label="New credit")
    license = forms.ModelChoiceField(License.objects.all(), required=False)
    new_license_name = forms.CharField(required=False, max_length=100, label="New license")
    new_license_url = forms.URLField(required=False, label="Its address")
    location = forms.CharField(required=False, max_length=200)
    taken_at = forms.DateTimeField(required=False, label="Date taken")
    keywords = forms.CharField(required=False, max_length=500)
    people = forms.ModelMultipleChoiceField(
        Crewmember.objects.all(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    confirm = forms.BooleanField(required=False, label="Yes, delete them")

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields["photos"].queryset = mission.photos.select_related("mission", "credit", "license")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Check what the change needs; nothing is created here (see created_values)."""
        data = super().clean() or {}
        self._clean_scope(data)
        action = data.get("action")
        if action == "license" and (data.get("new_license_name") or "").strip():
            try:
                License(name=data["new_license_name"].strip(), url=data.get("new_license_url", "")).full_clean()
            except ValidationError as exc:
                self.add_error("new_license_name", " ".join(exc.messages))
        needs = {"credit": "credit", "license": "license", "location": "location", "taken_at": "taken_at"}
        needs |= {"add_keywords": "keywords", "remove_keywords": "keywords", "add_people": "people"}
        needs |= {"remove_people": "people"}
        typed = {"credit": "new_credit", "license": "new_license_name"}
        if action in needs and not data.get(needs[action]) and not data.get(typed.get(action, "")) and not self.errors:
            self.add_error(needs[action], "Choose or type the value to apply.")
        if action == "delete" and not data.get("confirm"):
            self.add_error("confirm", "Tick “Yes, delete them” to delete the selected photos.")
        return data

    def _clean_scope(self, data: dict[str, Any]) -> None:
        """The photos to change, in data["targets"]: those selected, or every photo the filter
        matches, refused when that is no longer the number the editor was told."""
        if data.get("scope") != "matching":
            if not data.get("photos") and "photos" not in self.errors:
                self.add_error("photos", "Select one or more photos first.")
            data["targets"] = list(data.get("photos") or [])
            return
        which = data.get("filter") or "all"
        matching = self.fields["photos"].queryset.filter(desk.filter_condition(which)).in_order()  # type: ignore[attr-defined]
        targets = list(matching)
        if data.get("expected") != len(targets):
            label = "photos of the gallery" if which == "all" else f"photos “{desk.FILTERS[which]}”"
            told = data.get("expected")
            self.add_error(
                None,
                f"There are now {len(targets):,} {label}, not {told if told is not None else 'the number shown'}: "
                "check the number and apply again.",
            )
        data["targets"] = targets


ID = re.compile(r"\d{1,18}")


def ids_problem(request: HttpRequest, *names: str) -> str:
    """What is wrong with the ids posted under `names` (each a whole number a database can hold)."""
    for name in names:
        if not all(ID.fullmatch(value) for value in request.POST.getlist(name) if value):
            return f"“{name}” must be a list of ids."
    return ""


def created_values(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The bulk change's values, with the credit or license typed in place made now (if allowed)."""
    values = dict(data)
    if data["action"] == "credit" and data.get("new_credit"):
        values["credit"] = credit_typed(request, data["new_credit"])
    if data["action"] == "license" and (data.get("new_license_name") or "").strip():
        if not request.user.has_perm("galleries.add_license"):
            raise PermissionDenied
        values["license"] = License.objects.create(
            name=data["new_license_name"].strip(), url=(data.get("new_license_url") or "").strip()
        )
    return values


def desk_log(request: HttpRequest, obj: Mission | Photo, message: str) -> None:
    """The admin's log entry for a desk change. The services have retired the cached pages the
    change shows on (that mission's); ModelAdmin.log_change on the mission would retire them all."""
    user_id = request.user.pk
    assert user_id is not None  # the admin's views are for signed-in staff only
    LogEntry.objects.log_actions(user_id, [obj], CHANGE, message, single_object=True)


def _mission_for(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int, perm: str) -> Mission:
    mission = get_object_or_404(Mission, pk=object_id)
    if not (model_admin.has_change_permission(request, mission) and request.user.has_perm(f"galleries.{perm}_photo")):
        raise PermissionDenied
    return mission


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class Place:
    """Which page of the desk an editor is on, from its address or a JSON body: filter and page."""

    def __init__(self, data: Any):
        self.filter = data["filter"] if str(data.get("filter")) in desk.FILTERS else "all"
        page = str(data.get("page") or "1")
        self.number: int | str = "last" if page == "last" else int(page) if re.fullmatch(r"[0-9]{1,9}", page) else 1

    def query(self) -> str:
        return urlencode({"filter": self.filter, "page": self.number})

    def address(self, mission: Mission) -> str:
        return reverse("admin:galleries_mission_desk", args=[mission.pk]) + "?" + self.query()


def _card_html(card: desk.Card, request: HttpRequest, place: Place) -> str:
    context = {"card": card, "desk_address": place.address(card.photo.mission), "desk_query": place.query()}
    return render_to_string("admin/galleries/mission/_desk_card.html", context, request=request)


def _cards_json(mission: Mission, photos: list[Photo], request: HttpRequest, place: Place) -> dict[str, Any]:
    cards = desk.desk_cards(photos, mission=mission, positions=desk.gallery_positions(mission))
    return {
        "cards": {card.photo.pk: _card_html(card, request, place) for card in cards},
        "summary": str(desk.desk_summary(mission)),
    }


def _pagers(view: desk.DeskPage) -> list[str]:
    """The page links above the cards and below them."""
    page = "admin/galleries/mission/_desk_pages.html"
    return [render_to_string(page, {"view": view, "where": where}) for where in ("top", "bottom")]


def _page_json(
    mission: Mission, request: HttpRequest, place: Place, *, have: set[int], fresh: set[int]
) -> dict[str, Any]:
    """The page `place` as it now is: its photos in order with their positions, the cards the
    script lacks (not in `have`) or must replace (`fresh`), the counts and the page links."""
    view = desk.desk_page(mission, filter=place.filter, number=place.number)
    place.number = view.page.number
    return {
        "page": [[card.photo.pk, card.position] for card in view.cards],
        "cards": {
            card.photo.pk: _card_html(card, request, place)
            for card in view.cards
            if card.photo.pk in fresh or card.photo.pk not in have
        },
        "summary": str(view.summary),
        "counts": view.summary.counts,
        "number": view.page.number,
        "pages": view.page.paginator.num_pages,
        "pagers": _pagers(view),
    }


def _ids(values: Any) -> set[int]:
    """The ids of a list (what is not one is left out)."""
    return {int(pk) for pk in map(str, values if isinstance(values, list) else []) if ID.fullmatch(pk)}


def desk_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    mission = _mission_for(model_admin, request, object_id, "change")
    place = Place(request.GET)
    view = desk.desk_page(mission, filter=place.filter, number=place.number)
    place.number = view.page.number
    bulk = DeskBulkForm(mission=mission, auto_id="bulk_%s")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Photo desk: {mission}",
        "opts": model_admin.model._meta,
        "original": mission,
        "view": view,
        "filters": desk.FILTERS,
        "desk_query": place.query(),
        "desk_address": place.address(mission),
        "pagers": _pagers(view),
        "bulk": bulk,
        "upload": BulkUploadForm(auto_id="upload_%s"),
        "uploads_at_once": settings.GALLERIES_DESK_UPLOADS_AT_ONCE,
        "crew": [
            {"id": person.pk, "name": person.name, "folded": person.name_folded}
            for person in Crewmember.objects.only("pk", "name", "name_folded").order_by("name")
        ],
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/galleries/mission/desk.html", context)


@post_only
def desk_photo_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int, photo_id: int
) -> HttpResponse:
    """Save one card's title, caption, alt text, people and focal point."""
    mission = _mission_for(model_admin, request, object_id, "change")
    photo = get_object_or_404(Photo.objects.select_related("credit"), pk=photo_id, mission=mission)
    if problem := ids_problem(request, "people"):
        return JsonResponse({"ok": False, "errors": {"people": [problem]}}, status=400)
    form = DeskPhotoForm(request.POST, instance=photo)
    if form.is_valid():
        photo = form.save(commit=False)
        photo._change_reason = "Described on the desk"
        # Only the card's fields: a bulk change made meanwhile to other fields stands.
        ingest.photo_save(photo=photo, update_fields=[*form.saved_fields, "updated_at"])
        form.save_m2m()
        desk_log(request, photo, f"Described on the desk: {', '.join(form.changed_data)}.")
    if not _wants_json(request):
        for field, errors in form.errors.items():
            messages.error(request, f"Photo {photo.position + 1}, {field}: {' '.join(str(error) for error in errors)}")
        return HttpResponseRedirect(Place(request.GET).address(mission) + f"#card-{photo.pk}")
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    photo.refresh_from_db()
    (card,) = desk.desk_cards([photo], mission=mission)
    return JsonResponse(
        {
            "ok": True,
            "state": card.state,
            "problems": card.problems,
            "badges": render_to_string("admin/galleries/mission/_desk_badges.html", {"card": card}),
            "suggested": [{"id": person.pk, "name": person.name} for person in desk.suggested_people(photo)],
        }
    )


@post_only
def desk_bulk_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    """Apply one change to the selected photos, or to every photo the filter matches."""
    mission = _mission_for(model_admin, request, object_id, "change")
    if problem := ids_problem(request, "photos", "people", "credit", "license", "have"):
        return JsonResponse({"ok": False, "errors": {"__all__": [problem]}}, status=400)
    form = DeskBulkForm(request.POST, mission=mission)
    if (
        form.is_valid()
        and form.cleaned_data["action"] == "delete"
        and not request.user.has_perm("galleries.delete_photo")
    ):
        raise PermissionDenied
    place = Place(request.GET)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors}, status=400)
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return HttpResponseRedirect(place.address(mission))
    data = form.cleaned_data
    photos = data["targets"]
    with transaction.atomic():  # a credit or license made for the change goes with it, or not at all
        values = created_values(request, data)
        changed = desk.photos_bulk_apply(mission=mission, photos=photos, action=data["action"], values=values)
    label = desk.BULK_ACTIONS[data["action"]]
    which = "selected" if data.get("scope") != "matching" else "matching"
    message = f"{label}: {changed:,} of {len(photos):,} {which} photo{'' if len(photos) == 1 else 's'} changed."
    desk_log(request, mission, f"Desk: {message}")
    if not _wants_json(request):
        messages.success(request, message)
        return HttpResponseRedirect(place.address(mission))
    deleted = [photo.pk for photo in photos] if data["action"] == "delete" else []
    if "have" in request.POST:  # the script's page, as it now is, its changed cards fresh
        fresh = set() if deleted else {photo.pk for photo in photos}
        body = _page_json(mission, request, place, have=_ids(request.POST.getlist("have")), fresh=fresh)
    else:
        body = _cards_json(mission, [] if deleted else photos[:500], request, place)
    return JsonResponse({"ok": True, "message": message, "deleted": deleted[:500], **body})


@post_only
def desk_order_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    """Save the gallery's order: `{"order": [every photo id, first to last]}`, or one photo moved,
    `{"photo": id, "to": its new position, 1 for first}` (then the script's page as it now is)."""
    mission = _mission_for(model_admin, request, object_id, "change")
    refused = JsonResponse(
        {
            "ok": False,
            "errors": {"order": ["Send every photo of the gallery, once each, or one photo and its place."]},
        },
        status=400,
    )
    try:
        body = json.loads(request.body)
        wanted = body["order"] if "order" in body else [body["photo"], body["to"]]
        valid = isinstance(wanted, list) and all(type(pk) is int and 0 < pk < 2**63 for pk in wanted)
    except (ValueError, KeyError, TypeError, RecursionError):
        valid = False
    if not valid:
        return refused
    try:
        if "order" in body:
            desk.photos_order(mission=mission, order=wanted)
        else:
            position = desk.photo_move(mission=mission, photo_id=wanted[0], to=wanted[1])
    except ValueError:  # not the gallery's photos (checked under the gallery's lock)
        return refused
    desk_log(request, mission, "Reordered the photos on the desk.")
    answer: dict[str, Any] = {"ok": True, "message": "The new order is saved."}
    if "order" not in body:
        place = Place(body)
        answer |= {
            "position": position,
            **_page_json(mission, request, place, have=_ids(body.get("have")), fresh=set()),
        }
    return JsonResponse(answer)


def desk_cards_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponseBase:
    """The cards of the photos named by `?ids=1,2,3` (photos just uploaded), as HTML to insert; or,
    with `?page=`, that page as it now is, with the cards not named by `?have=`."""
    mission = _mission_for(model_admin, request, object_id, "change")
    place = Place(request.GET)
    if "page" in request.GET:
        return JsonResponse(
            _page_json(mission, request, place, have=_ids(request.GET.get("have", "").split(",")), fresh=set())
        )
    ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if ID.fullmatch(pk)][:500]
    return JsonResponse(_cards_json(mission, list(desk.desk_photos(mission).filter(pk__in=ids)), request, place))
