"""Reader search, one interface over two databases.

Photos are found by full text: every word of the query (the last as a beginning, so results come
while a name is half typed), stemmed ("checks" finds "checked"), in their title, people shown,
caption, place, keywords, credit and mission, best first (title and people weigh most). The index
is the database's own (galleries.search_index): a GIN-indexed tsvector on PostgreSQL, FTS5 on
SQLite, over the same folded words, so both find the same photos.

Names (crewmembers, credits, missions) are matched word by word and, failing that, by trigram
similarity, so a misspelling or another transliteration ("prokopjev") still finds the person; a
name found only that way also finds the photos that carry it. pg_trgm does the similarity on
PostgreSQL (with a trigram index); on SQLite the same measure is a function registered on the
connection (`word_similarity` below, pg_trgm's strict word similarity).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, models
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from galleries.search_index import FTS_TABLE
from galleries.text import words

if TYPE_CHECKING:
    from collections.abc import Sequence

    from galleries.models import PhotoQuerySet

# Longest query we act on, and how many of its words: a search box is not a bulk API.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# How alike a name must be to the query to match without holding its words: pg_trgm's default
# strict_word_similarity_threshold, which its `<<%` operator (and so its index) uses.
SIMILARITY_THRESHOLD = 0.5
# Names found only by likeness that widen the photo query, at most.
MAX_SPELLINGS = 4
# FTS5's bm25() weights per search column, in the proportions of ts_rank's A, A, B, C, C.
FTS_WEIGHTS = "10.0, 10.0, 4.0, 2.0, 2.0"


def search_terms(query: str) -> list[str]:
    """Return the folded words of `query` we search for: letters and digits only, at most MAX_TERMS."""
    return words(query[:MAX_QUERY_LENGTH])[:MAX_TERMS]


# Names.


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams of `text`: each word padded with two spaces before and one after."""
    found: set[str] = set()
    for word in words(text):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def word_similarity(query: str | None, name: str | None) -> float:
    """pg_trgm's strict_word_similarity(query, name): the best trigram similarity between `query`
    and a run of whole words of `name`."""
    if not query or not name:
        return 0.0
    wanted = trigrams(query)
    name_words = words(name)
    best = 0.0
    for start in range(len(name_words)):
        for end in range(start + 1, len(name_words) + 1):
            extent = trigrams(" ".join(name_words[start:end]))
            shared = len(wanted & extent)
            best = max(best, shared / (len(wanted) + len(extent) - shared))
    return best


class Similarity(models.Func):
    output_field = models.FloatField()
    function = "strict_word_similarity"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="galleries_word_similarity", **extra_context)


class LooksLike(models.Func):
    """`query <<% name` on PostgreSQL (trigram-indexed), the same test through Similarity elsewhere."""

    output_field = models.BooleanField()
    conditional = True
    arity = 2

    def as_sql(self, compiler, connection, *args, **extra_context):
        sql, params = compiler.compile(Similarity(*self.source_expressions))
        return f"{sql} >= {SIMILARITY_THRESHOLD}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="%(expressions)s", arg_joiner=" <<%% ", **extra_context)


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("galleries_word_similarity", 2, word_similarity, deterministic=True)


def _holds_words(field: str, terms: Sequence[str]) -> models.Q:
    """Every term begins a word of `field` (folded words, so words are separated by spaces)."""
    return models.Q(
        *[
            models.Q(**{f"{field}__startswith": term}) | models.Q(**{f"{field}__contains": f" {term}"})
            for term in terms
        ]
    )


def name_matches[QS: models.QuerySet[Any]](queryset: QS, field: str, query: str) -> QS:
    """Rows whose `field` (folded words) holds every word of `query` or looks like it, those holding
    the words first, then the most alike; annotated `similarity`."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    phrase = " ".join(terms)
    holds = _holds_words(field, terms)
    return (
        queryset.filter(holds | LooksLike(models.Value(phrase), models.F(field)))
        .annotate(
            holds=models.Case(models.When(holds, then=True), default=False),
            similarity=Similarity(models.Value(phrase), models.F(field)),
        )
        .order_by("-holds", "-similarity", field)
    )


def other_spellings(query: str) -> list[list[str]]:
    """Other ways to find what `query` means when it only looks like a name (a crewmember, credit
    or mission): the name's words, with the query's words the name does not account for (the last
    still a beginning, marked "*"). Searching photos for them as well finds "Sergey Prokopyev" for
    "prokopjev". One query."""
    from galleries.models import Credit, Crewmember, Mission

    terms = search_terms(query)
    if not terms:
        return []
    # The whole query, and each longer word of it on its own ("prokopjev trains").
    phrases = [terms, *([term] for term in terms if len(terms) > 1 and len(term) >= 5)]

    def alike(queryset: models.QuerySet[Any], field: str, words: list[str]) -> models.QuerySet[Any]:
        phrase = models.Value(" ".join(words))
        return (
            queryset.filter(LooksLike(phrase, models.F(field)))
            .exclude(_holds_words(field, words))
            .annotate(similarity=Similarity(phrase, models.F(field)))
            .values_list(field, "similarity")
            .order_by()
        )

    branches = [
        alike(queryset, field, words)
        for words in phrases
        for queryset, field in (
            (Crewmember.objects.all(), "name_folded"),
            (Credit.objects.all(), "name_folded"),
            (Mission.objects.published(), "title_folded"),
        )
    ]
    names = branches[0].union(*branches[1:])
    spellings = []
    for name in dict.fromkeys(name for name, _ in names.order_by("-similarity")[: MAX_SPELLINGS * 2]):
        rest = [term for term in terms if word_similarity(term, name) < SIMILARITY_THRESHOLD]
        if rest and rest[-1] == terms[-1]:
            rest[-1] += "*"
        spellings.append([*name.split(), *rest])
    return spellings[:MAX_SPELLINGS]


# Photos.


def photo_matches(photos: PhotoQuerySet, query: str, *, ranked: bool = True) -> PhotoQuerySet:
    """`photos` holding every word of `query`, or the words of a name that looks like it, with the
    alias `rank` (higher is better, worked out only where it is ordered by); ordered best first
    (then newest) unless `ranked` is false. An empty query matches nothing."""
    terms = search_terms(query)
    if not terms:
        return photos.none().alias(rank=models.Value(0.0))
    alternatives = [[*terms[:-1], f"{terms[-1]}*"], *other_spellings(query)]
    if connection.vendor == "postgresql":
        search_query = SearchQuery(_tsquery(alternatives), search_type="raw", config="english")
        found = photos.filter(search_vector=search_query)
        rank: models.Expression = SearchRank(models.F("search_vector"), search_query)
    else:
        match = models.Value(_fts5_query(alternatives))
        found = photos.filter(InFullTextIndex(models.F("pk"), match))
        rank = FullTextRank(models.F("pk"), match)
    found = found.alias(rank=rank)
    return found.order_by("-rank", "-pk") if ranked else found


# Past these many matches, counting all of them, ranking them and counting facets over them would
# cost more than a page may (a word in most captions matches tens of thousands): the count stops
# at COUNT_LIMIT ("more than 10,000", as Elasticsearch's track_total_hits), the results come newest
# first and the facets count the newest RANK_LIMIT. Below them everything is exact and ranked.
COUNT_LIMIT = 10_000
RANK_LIMIT = 1_000


@dataclass(frozen=True)
class PhotoResults:
    photos: PhotoQuerySet  # in the order pages show them
    count: int  # at most COUNT_LIMIT + 1
    ranked: bool  # best first; otherwise newest first
    sample_ids: list[int]  # what the facets count

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_LIMIT


def photo_results(found: PhotoQuerySet) -> PhotoResults:
    """Order and count `found` (photo_matches(ranked=False), maybe narrowed) within the limits above."""
    # The facets' photos, by id: read once, then looked up by primary key. Fewer than RANK_LIMIT
    # of them is every match, and their number the count.
    sample_ids = list(found.order_by("-pk").values_list("pk", flat=True)[: RANK_LIMIT + 1])
    ranked = len(sample_ids) <= RANK_LIMIT
    count = len(sample_ids) if ranked else found.order_by()[: COUNT_LIMIT + 1].count()
    sample_ids = sample_ids[:RANK_LIMIT]
    photos = found.order_by(models.F("rank").desc(), "-pk") if ranked else found.order_by("-pk")
    return PhotoResults(photos=photos, count=count, ranked=ranked, sample_ids=sample_ids)


def _tsquery(alternatives: list[list[str]]) -> str:
    """to_tsquery() text: all words of any alternative; "word*" is a prefix."""
    groups = ([f"{word[:-1]}:*" if word.endswith("*") else word for word in group] for group in alternatives)
    return " | ".join("(" + " & ".join(group) + ")" for group in groups)


def _fts5_query(alternatives: list[list[str]]) -> str:
    """FTS5 MATCH text of the same; the words are letters and digits, safe to quote."""
    groups = ([f'"{word[:-1]}"*' if word.endswith("*") else f'"{word}"' for word in group] for group in alternatives)
    return " OR ".join("(" + " AND ".join(group) + ")" for group in groups)


class InFullTextIndex(models.Func):
    """SQLite: the photo's row is among the FTS5 table's matches."""

    output_field = models.BooleanField()
    conditional = True
    arity = 2

    def as_sql(self, compiler, connection, *args, **extra_context):
        (pk, pk_params), (match, match_params) = (compiler.compile(e) for e in self.source_expressions)
        sql = f"{pk} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {match})"
        return sql, [*pk_params, *match_params]


class FullTextRank(models.Func):
    """SQLite: the photo's bm25 score for the match, higher is better (like ts_rank)."""

    output_field = models.FloatField()
    arity = 2

    def as_sql(self, compiler, connection, *args, **extra_context):
        (pk, pk_params), (match, match_params) = (compiler.compile(e) for e in self.source_expressions)
        sql = (
            f"(SELECT -bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH {match} AND rowid = {pk})"
        )
        return sql, [*match_params, *pk_params]


# What a result shows.


def snippet(text: str, query: str, *, words_around: int = 14) -> SafeString:
    """The part of `text` around the first word the query matches, matched words in <mark>;
    the start of `text` when no word matches. Escaped."""
    terms = search_terms(query)
    tokens = text.split()
    stems = [term[: max(4, len(term) - 2)] for term in terms]

    def matches(token: str) -> bool:
        return any(word.startswith(stem) for word in words(token) for stem in stems)

    hits = [i for i, token in enumerate(tokens) if matches(token)]
    first = hits[0] if hits else 0
    start = max(0, first - words_around // 3)
    shown = tokens[start : start + words_around]
    parts = [f"<mark>{escape(t)}</mark>" if i + start in hits else str(escape(t)) for i, t in enumerate(shown)]
    prefix = "… " if start else ""
    suffix = " …" if start + words_around < len(tokens) else ""
    return mark_safe(prefix + " ".join(parts) + suffix)  # every part is escaped above


@dataclass(frozen=True)
class Facet:
    """One value readers can narrow results to: its parameter, its label and how many photos."""

    param: str
    value: str
    label: str
    count: int


FACET_LIMIT = 8


def facets(photo_ids: Sequence[int]) -> dict[str, list[Facet]]:
    """Counts of these photos by mission, crewmember, agency, year taken and licence, largest
    first: two queries (the photos' own values, then the people shown), counted here."""
    from galleries.models import Photo

    counts: dict[str, Counter[tuple[str, str]]] = {param: Counter() for param in FILTER_PARAMS}
    own = Photo.objects.filter(pk__in=photo_ids).values_list(
        "mission__slug",
        "mission__title",
        ExtractYear("taken_at"),
        Coalesce("license_id", "credit__default_license_id"),
        Coalesce("license__name", "credit__default_license__name"),
    )
    for mission_slug, mission_title, year, license_key, license_name in own.order_by() if photo_ids else ():
        counts["mission"][(mission_slug, mission_title)] += 1
        if year is not None:
            counts["year"][(str(year), str(year))] += 1
        counts["license"][(str(license_key), license_name)] += 1
    shown = Photo.people.through.objects.filter(photo_id__in=photo_ids).values_list(
        "photo_id",
        "crewmember__slug",
        "crewmember__name",
        "crewmember__agency__slug",
        "crewmember__agency__short_name",
    )
    agencies: set[tuple[int, str, str]] = set()
    for photo_id, slug, name, agency_slug, agency_name in shown.order_by() if photo_ids else ():
        counts["person"][(slug, name)] += 1
        agencies.add((photo_id, agency_slug, agency_name))
    counts["agency"].update((slug, name) for _, slug, name in agencies)
    return {
        param: [
            Facet(param, value, label, n)
            for (value, label), n in sorted(counter.items(), key=lambda item: (-item[1], item[0][1]))[:FACET_LIMIT]
        ]
        for param, counter in counts.items()
    }


FILTER_PARAMS = ("mission", "person", "agency", "year", "license")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")  # what a SlugField holds; anything else narrows to nothing
YEARS = (1800, 2200)  # years a photo can be narrowed to; outside them dates overflow


def narrowed(photos: PhotoQuerySet, params: dict[str, str]) -> PhotoQuerySet:
    """`photos` narrowed by the facet values in `params` (malformed ones ignored, unknown ones
    match nothing)."""
    from galleries.models import Photo

    conditions: list[models.Q] = []
    slugs = {key: value for key in ("mission", "person", "agency") if SLUG.fullmatch(value := params.get(key, ""))}
    if "mission" in slugs:
        conditions.append(models.Q(mission__slug=slugs["mission"]))
    if "person" in slugs:
        shown = Photo.people.through.objects.filter(photo_id=models.OuterRef("pk"), crewmember__slug=slugs["person"])
        conditions.append(models.Q(models.Exists(shown)))
    if "agency" in slugs:
        shown = Photo.people.through.objects.filter(
            photo_id=models.OuterRef("pk"), crewmember__agency__slug=slugs["agency"]
        )
        conditions.append(models.Q(models.Exists(shown)))
    year = params.get("year", "")
    if re.fullmatch(r"[0-9]{4}", year) and YEARS[0] <= int(year) <= YEARS[1]:
        conditions.append(models.Q(taken_at__year=int(year)))
    if re.fullmatch(r"[0-9]{1,9}", params.get("license", "")):
        key = int(params["license"])
        conditions.append(models.Q(license_id=key) | models.Q(license__isnull=True, credit__default_license_id=key))
    return photos.filter(reduce(lambda a, b: a & b, conditions)) if conditions else photos
