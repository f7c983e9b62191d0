"""What the admin's forms post, built from rows: the mission page with its photo list, one photo's page."""

from __future__ import annotations

from galleries.models import Mission, Photo


def mission_form(mission: Mission, photos: list[Photo], **changes) -> dict:
    data = {
        "title": mission.title,
        "slug": mission.slug,
        "start_date": "2018-06-03",
        "status": mission.status,
        "published_at_0": "",
        "published_at_1": "",
        "crew-TOTAL_FORMS": "0",
        "crew-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
    }
    for index, photo in enumerate(photos):
        data |= {
            f"photos-{index}-id": photo.pk,
            f"photos-{index}-mission": mission.pk,
            f"photos-{index}-position": photo.position,
            f"photos-{index}-title": photo.title,
            f"photos-{index}-credit": photo.credit_id,
            f"photos-{index}-alt_text": photo.alt_text,
        }
    return data | changes


def photo_form(photo: Photo, **changes) -> dict:
    """The photo's change page as posted unchanged (the original stays), with `changes` applied."""
    data = {
        "mission": photo.mission_id,
        "position": photo.position,
        "title": photo.title,
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "credit": photo.credit_id,
        "location": photo.location,
        "keywords": photo.keywords,
    }
    if photo.is_hidden:
        data["is_hidden"] = "on"
    return data | changes
