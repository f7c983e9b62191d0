from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db(transaction=True)
def test_the_search_migration_indexes_photos_that_were_already_there():
    """0006 fills every existing photo's search document and indexes it (on PostgreSQL, after
    updating rows in the same transaction as CREATE INDEX)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("galleries", "0005_history")], [("galleries", "0006_search")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    license = old.get_model("galleries", "License").objects.create(name="Public domain")
    credit = old.get_model("galleries", "Credit").objects.create(photographer="Bill Ingalls", default_license=license)
    agency = old.get_model("galleries", "Agency").objects.create(name="NASA", short_name="NASA", slug="nasa")
    person = old.get_model("galleries", "Crewmember").objects.create(
        name="Anne McClain", slug="anne-mcclain", agency=agency, name_folded="anne mcclain"
    )
    mission = old.get_model("galleries", "Mission").objects.create(
        title="Expedition 58", slug="expedition-58", start_date="2018-12-03"
    )
    photo = old.get_model("galleries", "Photo").objects.create(
        mission=mission, position=0, credit=credit, title="Spacewalk", caption="Outside the station."
    )
    photo.people.add(person)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from galleries.models import Photo

    assert [p.pk for p in Photo.objects.matching("mcclain ingalls expedition 58 station")] == [photo.pk]
