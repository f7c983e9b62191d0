"""What the API answers, as Pydantic schemas: django-ninja writes the OpenAPI document from them.

Every field is something a public page already shows. Never added here: the original file or its
name, GPS, the camera, the sha256, editors' fields (hidden, rendition errors, history); the API
builds these objects field by field (galleries.api.representations), so a new model field stays
private until someone writes it here on purpose.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Schema(BaseModel):
    """Plain Pydantic models, not ninja.Schema: answers are built as dicts (representations), and
    ninja.Schema's validator, which reads attributes off ORM objects, ran for each nested object
    of a page (12,500 of them for 48 photos) and was most of its time."""


class Link(Schema):
    name: str
    url: str
    description: str


class Index(Schema):
    title: str
    version: str
    openapi: str = Field(description="The OpenAPI 3 document of this API.")
    endpoints: list[Link]


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    detail: list[dict[str, object]] = Field(description="What was wrong with each parameter.")


class Rendition(Schema):
    width: int
    height: int
    format: str
    mime_type: str
    bytes: int
    url: str


class Licence(Schema):
    id: int
    name: str
    url: str
    allows_download: bool


class Credit(Schema):
    line: str = Field(description="As printed under the photo: “Photographer/Organization”.")
    photographer: str
    organization: str


class Agency(Schema):
    slug: str
    name: str
    short_name: str
    website: str
    url: str
    crew_url: str
    photos_url: str


class AgencyRef(Schema):
    slug: str
    name: str
    short_name: str
    url: str


class Crewmember(Schema):
    slug: str
    name: str
    agency: AgencyRef
    url: str
    page_url: str


class MissionRef(Schema):
    slug: str
    title: str
    url: str
    page_url: str


class Assignment(Schema):
    mission: MissionRef
    role: str
    is_backup: bool


class CrewmemberDetail(Crewmember):
    bio: str
    missions: list[Assignment]
    photos_url: str


class CrewAssignment(Schema):
    crewmember: Crewmember
    role: str
    is_backup: bool


class Picture(Schema):
    """A photo as a picture: enough to show it with its alt text at the right size."""

    id: int
    alt_text: str
    width: int | None
    height: int | None
    placeholder_color: str
    renditions: list[Rendition]


class Photo(Picture):
    title: str
    caption: str
    mission: MissionRef
    credit: Credit
    licence: Licence
    taken_at: dt.datetime | None
    people: list[Crewmember]
    url: str
    page_url: str


class PhotoDetail(Photo):
    long_description: str
    location: str
    keywords: list[str]
    download: Rendition | None = Field(description="The largest rendition, when the licence allows downloads.")
    iiif_info_url: str | None = Field(description="The IIIF Image API info.json of deep-zoom tiles, if any.")


class Byline(Schema):
    name: str
    role: str
    bio: str


class Mission(Schema):
    slug: str
    title: str
    summary: str
    vehicle: str
    start_date: dt.date
    end_date: dt.date | None
    published_at: dt.datetime
    photo_count: int
    cover: Picture | None
    url: str
    page_url: str
    photos_url: str


class MissionDetail(Mission):
    byline: Byline | None
    crew: list[CrewAssignment]


class Page(Schema):
    count: int = Field(description="How many items there are in all the pages.")
    next: str | None
    previous: str | None


class MissionPage(Page):
    results: list[Mission]


class PhotoPage(Page):
    results: list[Photo]


class CrewPage(Page):
    results: list[Crewmember]


class AgencyPage(Page):
    results: list[Agency]


class SearchResults(Page):
    count_is_exact: bool = Field(description="False when there are more matches than `count` (counting stops).")
    ranked: bool = Field(description="Best match first; otherwise (too many matches) newest first.")
    results: list[Photo]
    missions: list[MissionRef] = Field(description="Missions matching the query (on the first page).")
    crew: list[Crewmember] = Field(description="Crewmembers matching the query (on the first page).")
