"""What search reads, and how the database indexes it.

Every photo carries its search document as plain folded words (galleries.text.folded_words) in
five columns: its title, the people shown, its text (caption, place, keywords, description), its
credit and its mission. The folding is done here, once, in Python, so both databases see the same
words and no database extension has to know about ł, ø or ß. From those columns the database keeps
the index current by itself:

- PostgreSQL: `search_vector`, a stored generated tsvector (the columns weighted A to C, English
  stemming) with a GIN index;
- SQLite: `galleries_photo_fts`, an FTS5 table over the same columns (Porter stemming) kept by
  triggers on galleries_photo.

The columns copy other rows (credit, mission, crewmembers' names): those rows' saves and the
people tags' changes rewrite them here, with one UPDATE where the copy is the same for every photo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from galleries.text import folded_words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from galleries.models import Credit, Crewmember, Mission, Photo

# Photo's search columns and their weights; the order is the FTS5 table's column order.
COLUMNS = {
    "search_title": "A",
    "search_people": "A",
    "search_text": "B",
    "search_credit": "C",
    "search_mission": "C",
}
# The Photo fields each of its own columns is made from.
OWN_SOURCES = {
    "search_title": ("title",),
    "search_text": ("caption", "location", "keywords", "long_description"),
    "search_credit": ("credit",),
    "search_mission": ("mission",),
}
FTS_TABLE = "galleries_photo_fts"


class SearchDocument(models.Func):
    """The weighted tsvector of a photo's search columns on PostgreSQL, for its generated column;
    NULL on other databases, which index the columns their own way."""

    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__(*[models.F(column) for column in COLUMNS])

    def as_sql(self, compiler, connection, *args, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression, weight in zip(self.source_expressions, COLUMNS.values(), strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(f"setweight(to_tsvector('english'::regconfig, {sql}), '{weight}')")
            params.extend(expression_params)
        return " || ".join(parts), params


def credit_words(credit: Credit) -> str:
    return folded_words(f"{credit.photographer} {credit.organization}")


def mission_words(mission: Mission) -> str:
    return folded_words(f"{mission.title} {mission.vehicle}")


def fill_document(photo: Photo, update_fields: Iterable[str] | None) -> set[str]:
    """Write `photo`'s own search columns from its fields; return the columns to add to a save
    limited to `update_fields` (those whose sources it saves)."""
    saved = None if update_fields is None else set(update_fields)
    touched = set()
    for column, sources in OWN_SOURCES.items():
        if (
            saved is not None
            and not saved.intersection(sources)
            and not saved.intersection(f"{s}_id" for s in sources)
        ):
            continue
        setattr(photo, column, _own_words(photo, column))
        touched.add(column)
    return touched


def _own_words(photo: Photo, column: str) -> str:
    if column == "search_credit":
        return credit_words(photo.credit) if photo.credit_id else ""
    if column == "search_mission":
        return mission_words(photo.mission) if photo.mission_id else ""
    return folded_words(" ".join(getattr(photo, source) for source in OWN_SOURCES[column]))


def refresh_people(photo_ids: Iterable[int]) -> None:
    """Rewrite search_people of these photos from the crewmembers they show now."""
    from galleries.models import Photo

    ids = set(photo_ids)
    if not ids:
        return
    names: dict[int, list[str]] = {pk: [] for pk in ids}
    through = Photo.people.through.objects.filter(photo_id__in=ids).order_by("crewmember__name", "pk")
    for photo_id, name in through.values_list("photo_id", "crewmember__name_folded"):
        names[photo_id].append(name)
    stale = [
        Photo(pk=pk, search_people=" ".join(names[pk]))
        for pk, current in Photo.objects.filter(pk__in=ids).values_list("pk", "search_people")
        if current != " ".join(names[pk])
    ]
    Photo.objects.bulk_update(stale, ["search_people"], batch_size=500)


def update_search_documents(photos: models.QuerySet[Photo]) -> int:
    """Rewrite every search column of `photos` (after a bulk_create or a raw import, which skip
    save()); returns how many were rewritten."""

    count = 0
    queryset = photos.select_related("credit", "mission").order_by("pk")
    batch: list[Photo] = []
    for photo in queryset.iterator(chunk_size=2000):
        fill_document(photo, None)
        batch.append(photo)
        if len(batch) == 2000:
            count += _save_documents(batch)
            batch = []
    count += _save_documents(batch)
    return count


def _save_documents(batch: list[Photo]) -> int:
    from galleries.models import Photo

    if not batch:
        return 0
    Photo.objects.bulk_update(batch, list(OWN_SOURCES), batch_size=500)
    refresh_people(photo.pk for photo in batch)
    return len(batch)


# Signal handlers: copies of other rows follow those rows.


def credit_saved(sender: type[Credit], instance: Credit, **kwargs: Any) -> None:
    from galleries.models import Photo

    words = credit_words(instance)
    Photo.objects.filter(credit=instance).exclude(search_credit=words).update(search_credit=words)


def mission_saved(sender: type[Mission], instance: Mission, **kwargs: Any) -> None:
    words = mission_words(instance)
    instance.photos.exclude(search_mission=words).update(search_mission=words)


def crewmember_saved(sender: type[Crewmember], instance: Crewmember, created: bool, **kwargs: Any) -> None:
    if not created:
        refresh_people(instance.photos.values_list("pk", flat=True))


def crewmember_deleting(sender: type[Crewmember], instance: Crewmember, **kwargs: Any) -> None:
    instance._photos_shown = list(instance.photos.values_list("pk", flat=True))  # type: ignore[attr-defined]


def crewmember_deleted(sender: type[Crewmember], instance: Crewmember, **kwargs: Any) -> None:
    refresh_people(getattr(instance, "_photos_shown", []))


def people_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Photo.people changed from either side: photo.people.add(…) or crewmember.photos.add(…)."""
    if action == "pre_clear" and reverse:
        instance._photos_shown = list(instance.photos.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_people((pk_set or ()) if reverse else [instance.pk])
    elif action == "post_clear":
        refresh_people(getattr(instance, "_photos_shown", []) if reverse else [instance.pk])


# SQLite's index: an FTS5 table whose content is galleries_photo's search columns.


def sqlite_fts_statements() -> list[str]:
    columns = ", ".join(COLUMNS)
    new = ", ".join(f"new.{column}" for column in COLUMNS)
    old = ", ".join(f"old.{column}" for column in COLUMNS)
    delete_old = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, content='galleries_photo', "
        "content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON galleries_photo BEGIN {insert_new} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON galleries_photo BEGIN {delete_old} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF {columns} ON galleries_photo "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def ensure_sqlite_index(using: str = "default", **kwargs: Any) -> None:
    """Create the FTS5 table and its triggers where they are missing, and rebuild the index if a
    trigger was: SQLite drops a table's triggers when a migration rebuilds the table."""
    from django.db import connections

    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        tables = set(db.introspection.table_names(cursor))
        if "galleries_photo" not in tables:
            return
        columns = {column.name for column in db.introspection.get_table_description(cursor, "galleries_photo")}
        if not columns.issuperset(COLUMNS):  # migrated back before the search columns
            return
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS_TABLE}_%"]
        )
        complete = cursor.fetchone()[0] == 3 and FTS_TABLE in tables
        if complete:
            return
        for statement in sqlite_fts_statements():
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
