"""The photo page's download list (galleries/includes/_downloads.html)."""

from __future__ import annotations

from django import template

from galleries.downloads import Download, photo_downloads
from galleries.models import Photo

register = template.Library()


@register.simple_tag
def downloads_of(photo: Photo) -> list[Download]:
    """The sizes readers may download of `photo`: none when its licence forbids downloads."""
    return photo_downloads(photo)
