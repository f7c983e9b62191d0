"""The API's OpenAPI document is valid OpenAPI 3, and the API answers as it says: schemathesis
generates requests from the document the API serves and checks every answer against it (status
codes, content types, headers, bodies; never a server error), a bounded, deterministic number of
examples per operation so the run is quick and cannot flake."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from tests.factories import make_agency, make_crew, make_crewmember, make_mission, make_photo

# Read from the application as a client reads it (no database query answers it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_the_document_is_valid_openapi_3(client, db):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.")


# Arrays an answer may hold whole, because something other than the database's size bounds them.
BOUNDED = {
    "endpoints": "the index's fixed list",
    "crew": "a mission's crew, or the first 20 names a search matches",
    "missions": "a crewmember's roles, or the first 10 missions a search matches",
    "people": "the people one photo shows",
    "renditions": "one photo's renditions",
    "keywords": "one photo's keywords",
}


def test_every_list_is_paginated_with_a_largest_page(client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    paged = []
    for path, operations in document["paths"].items():
        answer = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        properties = schemas[answer.split("/")[-1]]["properties"]
        arrays = {name for name, value in properties.items() if value.get("type") == "array"} - set(BOUNDED)
        assert arrays <= {"results"}, f"{path}: {arrays - {'results'}} must be paginated"
        if arrays:
            paged.append(path)
            assert {"count", "next", "previous"} <= set(properties), path
            sizes = [p for p in operations["get"]["parameters"] if p["name"] == "page_size"]
            assert sizes[0]["schema"]["maximum"] == 100, path
    assert len(paged) == 6


@pytest.fixture
def gallery(db):
    """Rows for the generated requests to find: a mission with crew and a photo showing them."""
    mission = make_mission(slug="expedition-56", author_name="Rebecca Sirianni")
    person = make_crewmember(slug="serena", agency=make_agency(slug="nasa"))
    make_crew(mission, person)
    photo = make_photo(mission=mission, keywords="Soyuz, launch pad")
    photo.people.set([person])
    return mission


@pytest.fixture
def connection_kept_between_requests():
    """The test's database connection (its transaction) stays open across the WSGI requests, as
    Django's own test client keeps it: the handler would close it when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same examples every run
    deadline=None,
    database=None,  # nothing remembered between runs either
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_document_says(case, gallery, connection_kept_between_requests):
    case.call_and_validate(headers={"Accept-Encoding": "identity"})  # the WSGI client does not unzip
