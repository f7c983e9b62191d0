"""Reader search: ranked full-text search on PostgreSQL, folded substring matching on SQLite.

Both ignore accents and case ("aunon" finds "Auñón") without extensions or extra columns: the
folding is a SQL expression. On PostgreSQL it is `lower(translate(…))` with the Latin letters
that carry diacritics, so no `unaccent` extension (and no privilege to create one) is needed; on
SQLite it is `galleries.text.fold` registered as a function on the connection.
"""

from __future__ import annotations

import operator
import re
from functools import cache, reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models.functions import Coalesce, Replace

from galleries.text import fold

# Longest query we act on, and how many of its words: a search box is not a bulk API.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


class Fold(models.Func):
    """The SQL form of `galleries.text.fold`: accents stripped, case folded."""

    output_field = models.TextField()
    arity = 1

    def as_sql(self, compiler, connection, *args, **extra_context):
        raise NotImplementedError(f"Fold() has no SQL form on {connection.vendor}.")

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite functions are registered per connection; compiling happens right before the
        # query runs on this same connection, so register here rather than through a signal.
        connection.ensure_connection()
        connection.connection.create_function("galleries_fold", 1, _fold_or_none, deterministic=True)
        return super().as_sql(compiler, connection, function="galleries_fold", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        source, target = latin_folding_table()
        # The table is ours and constant; as literals the expression stays IMMUTABLE and indexable.
        template = f"lower(translate(%(expressions)s, '{source}', '{target}'))"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


@cache
def latin_folding_table() -> tuple[str, str]:
    """Return (from, to) strings for SQL `translate()`: every Latin letter with a diacritic in
    U+00C0–U+024F mapped to the one ASCII letter `fold` gives it (ß, æ and the like are left alone)."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        folded = fold(char)
        if char.isalpha() and len(folded) == 1 and folded.isascii() and folded.isalpha():
            source.append(char)
            target.append(folded)
    return "".join(source), "".join(target)


def search_terms(query: str) -> list[str]:
    """Return the folded words of `query` we search for: letters and digits only, at most MAX_TERMS."""
    return re.findall(r"[^\W_]+", fold(query[:MAX_QUERY_LENGTH]))[:MAX_TERMS]


def ranked_matches[QS: models.QuerySet[Any]](queryset: QS, fields: dict[str, str], query: str) -> QS:
    """Filter `queryset` to rows matching every word of `query` in any of `fields` and annotate `rank`.

    `fields` maps a field path to its weight ("A" most important to "D"). Ordered by rank, best first.
    An empty query matches nothing.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _full_text(queryset, fields, terms)
    return _folded_contains(queryset, fields, terms)


def _full_text[QS: models.QuerySet[Any]](queryset: QS, fields: dict[str, str], terms: list[str]) -> QS:
    vector = reduce(operator.add, [_field_vector(field, weight) for field, weight in fields.items()])
    # Every word must match, the last as a prefix so results appear while a name is half typed.
    raw = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
    search_query = SearchQuery(raw, config="english", search_type="raw")
    return (
        queryset.annotate(search_document=vector, rank=SearchRank(vector, search_query))
        .filter(search_document=search_query)
        .order_by("-rank", *queryset.query.order_by or queryset.model._meta.ordering)
    )


def _field_vector(field: str, weight: str) -> SearchVector:
    folded = Fold(Coalesce(field, models.Value("")))
    # PostgreSQL's parser reads "MS-09" as "ms" and the integer "-09"; as separate words both match.
    text = Replace(folded, models.Value("-"), models.Value(" "), output_field=models.TextField())
    return SearchVector(text, config="english", weight=weight)


def _folded_contains[QS: models.QuerySet[Any]](queryset: QS, fields: dict[str, str], terms: list[str]) -> QS:
    aliases = {f"folded_{n}": Fold(Coalesce(field, models.Value(""))) for n, field in enumerate(fields)}
    queryset = queryset.alias(**aliases)
    for term in terms:
        any_field = models.Q()
        for alias in aliases:
            any_field |= models.Q(**{f"{alias}__contains": term})
        queryset = queryset.filter(any_field)
    # A crude rank: rows whose most important field holds every word come first.
    first = next(iter(aliases))
    in_first = models.Q(*[models.Q(**{f"{first}__contains": term}) for term in terms])
    rank = models.Case(models.When(in_first, then=models.Value(1.0)), default=models.Value(0.5))
    return queryset.annotate(rank=rank).order_by("-rank", *queryset.query.order_by or queryset.model._meta.ordering)
