"""PostgreSQL: two partial indexes of the photos readers may see (PhotoQuerySet.shown()).

- photo_shown_in_order (mission_id, position, id) INCLUDE (updated_at): a mission's shown photos in
  the editor's order, so the home page and the feed count them and pick a cover, the photo sitemap
  finds a page's keys and the gallery sitemap each gallery's last change, from the index alone.
- photo_shown_updated_at (updated_at): the last change to a published photo (the sitemap index's
  lastmod) is the first entry read backwards, not a Max() over every photo.

The WHERE clause is shown_condition() as Django writes it, so that the planner can prove a query's
filter implies it: if the visibility rule changes, these indexes must be made again to match.
SQLite (the demo and the tests) has no need of them.
"""

from django.db import migrations

SHOWN = "NOT is_hidden AND NOT (title = '') AND NOT (alt_text = '') AND NOT (renditions = '[]'::jsonb)"
INDEXES = [
    ("photo_shown_in_order", "(mission_id, position, id) INCLUDE (updated_at)"),
    ("photo_shown_updated_at", "(updated_at)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES:
            schema_editor.execute(f"CREATE INDEX {name} ON galleries_photo {columns} WHERE {SHOWN}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _ in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("galleries", "0006_search"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
