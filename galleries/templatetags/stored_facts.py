"""What the site stores about a photo, a mission or a crewmember beyond the photo itself: the camera
details of a photo page, mission patches and crew portraits (as renditions, never the upload)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import template
from django.utils.dateformat import format as date_format

from galleries.imaging.exposure import number_text, offset_text, shutter_text
from galleries.small_pictures import small_picture_html

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from galleries.models import Crewmember, Mission, Photo

register = template.Library()


@register.inclusion_tag("galleries/includes/_camera_details.html")
def camera_details(photo: Photo) -> dict[str, Any]:
    """The rows of a photo's "Camera details": only what its file said (nothing for a scan)."""
    exposure = photo.exposure or {}
    rows = [
        ("Camera", photo.camera),
        ("Lens", exposure.get("lens", "")),
        ("Exposure", shutter_text(exposure["exposure_time"]) if exposure.get("exposure_time") else ""),
        ("Aperture", f"ƒ/{number_text(exposure['aperture'])}" if exposure.get("aperture") else ""),
        ("ISO", f"{exposure['iso']:,}" if exposure.get("iso") else ""),
        ("Focal length", f"{number_text(exposure['focal_length'])} mm" if exposure.get("focal_length") else ""),
    ]
    return {"rows": [(label, value) for label, value in rows if value], "local": local_time_taken(photo)}


def local_time_taken(photo: Photo) -> dict[str, str] | None:
    """When the photo was taken on the camera's clock, when its file gave the clock's UTC offset."""
    offset = (photo.exposure or {}).get("utc_offset")
    if photo.taken_at is None or not isinstance(offset, int):
        return None
    local = photo.taken_at.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
    return {"iso": local.isoformat(), "text": date_format(local, "j F Y, H:i"), "offset": offset_text(offset)}


@register.simple_tag
def patch_picture(mission: Mission, *, size: int, alt: str = "", eager: bool = False) -> SafeString:
    """The mission's patch, `size` CSS pixels wide; `alt` empty where the title is beside it."""
    css_class = f"patch patch-{size}"
    return small_picture_html(mission.patch_renditions, alt=alt, size=size, css_class=css_class, eager=eager)


@register.simple_tag
def portrait_picture(crewmember: Crewmember, *, size: int, alt: str = "", eager: bool = False) -> SafeString:
    """The crewmember's portrait, `size` CSS pixels wide; `alt` empty where the name is beside it."""
    css_class = f"portrait portrait-{size}"
    return small_picture_html(crewmember.portrait_renditions, alt=alt, size=size, css_class=css_class, eager=eager)
