"""Checks of an oEmbed answer, written from the oEmbed 1.0 specification (https://oembed.com/,
section 2.3.4 "Response parameters"), for the tests of galleries.embeds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

TYPES = {"photo", "video", "link", "rich"}
# 2.3.4: parameters every type may carry, and what each type must carry (2.3.4.1 to 2.3.4.4).
TEXT_KEYS = ("title", "author_name", "author_url", "provider_name", "provider_url", "thumbnail_url")
REQUIRED = {
    "photo": ("url", "width", "height"),
    "video": ("html", "width", "height"),
    "link": (),
    "rich": ("html", "width", "height"),
}
THUMBNAIL = ("thumbnail_url", "thumbnail_width", "thumbnail_height")


def oembed_problems(data: Any, *, max_width: int | None = None, max_height: int | None = None) -> list[str]:
    """What in `data` (a decoded JSON answer) breaks the specification; [] for a valid answer."""
    if not isinstance(data, dict):
        return ["the answer is not a JSON object"]
    problems = []
    if data.get("version") != "1.0":
        problems.append(f"version must be the string 1.0, not {data.get('version')!r}")
    kind = data.get("type")
    if kind not in TYPES:
        return [*problems, f"type {kind!r} is none of {sorted(TYPES)}"]
    problems += [f"{kind} answers must have {key}" for key in REQUIRED[kind] if key not in data]
    problems += [f"{key} must be text" for key in TEXT_KEYS if key in data and not isinstance(data[key], str)]
    for key in ("url", "author_url", "provider_url", "thumbnail_url"):
        if isinstance(data.get(key), str) and urlsplit(data[key]).scheme not in ("http", "https"):
            problems.append(f"{key} must be an absolute http(s) URL")
    if "cache_age" in data and not (isinstance(data["cache_age"], int) and data["cache_age"] >= 0):
        problems.append("cache_age must be a whole number of seconds")
    present = [key for key in THUMBNAIL if key in data]
    if present and len(present) != len(THUMBNAIL):
        problems.append(f"thumbnail_url, _width and _height come together, not only {present}")
    # Sizes are pixels: positive integers ("must" respect maxwidth/maxheight, thumbnails included).
    for width_key, height_key in (("width", "height"), ("thumbnail_width", "thumbnail_height")):
        for key, limit in ((width_key, max_width), (height_key, max_height)):
            if key not in data:
                continue
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                problems.append(f"{key} must be a positive integer, not {value!r}")
            elif limit is not None and value > limit:
                problems.append(f"{key} {value} is over the maximum of {limit}")
    if kind in ("video", "rich") and not (isinstance(data.get("html"), str) and data["html"].strip()):
        problems.append("html must be markup")
    return problems
