from __future__ import annotations

from galleries.models.credit import Credit, CreditQuerySet, License
from galleries.models.files import Rendition, original_upload_to, rendition_name, zoom_prefix
from galleries.models.imports import ImportJob
from galleries.models.mission import Mission, MissionCrew, MissionQuerySet
from galleries.models.people import Agency, Crewmember, CrewmemberQuerySet
from galleries.models.photo import Photo, PhotoQuerySet

__all__ = [
    "Agency",
    "Credit",
    "CreditQuerySet",
    "Crewmember",
    "CrewmemberQuerySet",
    "ImportJob",
    "License",
    "Mission",
    "MissionCrew",
    "MissionQuerySet",
    "Photo",
    "PhotoQuerySet",
    "Rendition",
    "original_upload_to",
    "rendition_name",
    "zoom_prefix",
]
