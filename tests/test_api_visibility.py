"""Nothing readers may not see appears in any API answer: every operation of the OpenAPI document
is called with every identifier and filter value there is, public or not, beside a draft
mission, a scheduled mission, a hidden photo and a photo that is not ready."""

from __future__ import annotations

import datetime as dt
import itertools
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from galleries.models import Agency, Crewmember, License, Mission, Photo
from tests.factories import make_agency, make_credit, make_crew, make_crewmember, make_mission, make_photo

API = "/api/v1"


def secret_person(word: str, agency: Agency) -> Crewmember:
    return make_crewmember(name=f"{word} Person", slug=f"{word.lower()}-person", agency=agency)


@pytest.fixture
def world(db):
    """A public gallery, and beside it what no reader may see, each named by a word found nowhere else."""
    nasa = make_agency(slug="nasa", short_name="NASA")
    secret_agency = make_agency(slug="quartzagency", short_name="QUARTZAG", name="Quartzagency")
    public = make_mission(slug="expedition-56", title="Expedition 56")
    shown = make_photo(mission=public, title="Making Their Mark", keywords="Soyuz")
    astronaut = make_crewmember(name="Serena Auñón-Chancellor", slug="serena", agency=nasa)
    make_crew(public, astronaut)
    shown.people.set([astronaut])

    draft = make_mission(slug="zircondraft", title="Zircondraft", status=Mission.Status.DRAFT, published_at=None)
    scheduled = make_mission(
        slug="basaltscheduled", title="Basaltscheduled", published_at=timezone.now() + dt.timedelta(days=1)
    )
    secret_licence_credit = make_credit(photographer="Obsidiancredit")
    for mission, word in ((draft, "Zircon"), (scheduled, "Basalt")):
        make_crew(mission, secret_person(word, secret_agency))
        photo = make_photo(mission=mission, title=f"{word}photo", keywords=f"{word}kw", credit=secret_licence_credit)
        photo.people.set([secret_person(f"{word}shown", secret_agency)])
    hidden = make_photo(mission=public, title="Gneisshidden", keywords="Gneisskw", is_hidden=True)
    hidden.people.set([secret_person("Gneiss", secret_agency)])
    unready = make_photo(mission=public, title="Marbleunready", keywords="Marblekw", alt_text="", renditions=False)
    unready.people.set([secret_person("Marble", secret_agency)])
    secrets = [draft.slug, scheduled.slug, "zircon", "basalt", "gneiss", "marble", "quartz", "obsidian"]
    secrets += [f"/photos/{photo.pk}/" for photo in Photo.objects.exclude(pk=shown.pk)]
    secrets += [photo.key.hex for photo in Photo.objects.exclude(pk=shown.pk)]
    return {"secrets": secrets, "public_photo": shown}


def candidate_values(name: str, path: str) -> list[str]:
    """Every value the database holds for a parameter, whether readers may see its row or not."""
    slugs = {
        "missions": Mission.objects.values_list("slug", flat=True),
        "crew": Crewmember.objects.values_list("slug", flat=True),
        "agencies": Agency.objects.values_list("slug", flat=True),
    }
    values = {
        "slug": lambda: slugs[path.split("/")[3]],
        "pk": lambda: Photo.objects.values_list("pk", flat=True),
        "mission": lambda: slugs["missions"],
        "crewmember": lambda: slugs["crew"],
        "agency": lambda: slugs["agencies"],
        "licence": lambda: License.objects.values_list("pk", flat=True),
        "keyword": lambda: ["Soyuz", "Zirconkw", "Basaltkw", "Gneisskw", "Marblekw"],
        "q": lambda: ["zircon", "basalt", "gneiss", "marble", "quartz", "obsidian", "person", "photo", "mark"],
        "year": lambda: [str(timezone.now().year)],
        "taken_after": lambda: ["1957-10-04"],
        "taken_before": lambda: ["2200-01-01"],
        "page": lambda: ["1"],
        "page_size": lambda: ["100"],
    }
    if name not in values:
        pytest.fail(f"No values to walk {path} with for its parameter {name!r}: add them here.")
    return [str(value) for value in values[name]()]


def every_request(document: dict) -> list[str]:
    """Each operation with every value of its path parameters, alone and with each value of each of
    its query parameters."""
    urls = []
    for path, operations in document["paths"].items():
        parameters = operations["get"].get("parameters", [])
        in_path = [p["name"] for p in parameters if p["in"] == "path"]
        in_query = [p["name"] for p in parameters if p["in"] == "query"]
        for values in itertools.product(*(candidate_values(name, path) for name in in_path)):
            address = path
            for name, value in zip(in_path, values, strict=True):
                address = address.replace(f"{{{name}}}", value)
            urls.append(address)
            urls += [f"{address}?{urlencode({q: v})}" for q in in_query for v in candidate_values(q, path)]
    return urls


def test_no_answer_of_any_operation_shows_what_readers_may_not_see(client, world):
    document = client.get(f"{API}/openapi.json").json()
    urls = every_request(document)
    assert {url.split("?")[0] for url in urls} >= {f"{API}/missions/expedition-56/", f"{API}/crew/serena/"}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = response.content.decode().lower()
        for secret in world["secrets"]:
            assert secret.lower() not in text, f"{url} shows {secret}"
        assert "/originals/" not in text


def test_the_walk_reaches_what_readers_may_see(client, world):
    """The walk above would pass on an API that answers nothing: the public rows are in it."""
    urls = every_request(client.get(f"{API}/openapi.json").json())
    text = "".join(client.get(url).content.decode() for url in urls if "search" not in url)
    for public in ("expedition-56", "Making Their Mark", "serena", "nasa", f"/photos/{world['public_photo'].pk}/"):
        assert public in text
