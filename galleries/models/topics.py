"""Topics: a photo's comma-separated keywords as rows, so /topics/<slug>/ is an index look-up.

Photo.keywords stays what editors type; Photo.save() keeps Photo.topics in step with it
(topics_sync). Keywords that differ only in case, accents or punctuation ("Soyuz", "soyuz",
"Sóyuz") are one topic: the slug is made from the folded words, and is unique.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from galleries.text import folded_words

if TYPE_CHECKING:
    from galleries.models.photo import Photo

MAX_TOPICS_PER_PHOTO = 50  # keywords are at most 500 characters: a bound on the rows one save writes


def keyword_names(keywords: str) -> dict[str, str]:
    """The topics `keywords` names, {slug: name as first written}, in their order; keywords
    without a letter or digit (or with no Latin spelling) name none."""
    found: dict[str, str] = {}
    for part in keywords.split(","):
        name = " ".join(part.split())[:100]
        slug = topic_slug(name)
        if slug and slug not in found:
            found[slug] = name
    return dict(list(found.items())[:MAX_TOPICS_PER_PHOTO])


def topic_slug(name: str) -> str:
    return slugify(folded_words(name))[:100].strip("-")


class TopicQuerySet(models.QuerySet["Topic"]):
    def published(self) -> TopicQuerySet:
        """Topics readers may see: those of at least one published photo (a topic only on drafts or
        hidden photos is never revealed)."""
        from galleries.models.photo import Photo

        return self.filter(pk__in=models.Subquery(Photo.objects.published().values("topics__pk")))


class Topic(models.Model):
    name = models.CharField(max_length=100, help_text="As first written in a photo's keywords.")
    slug = models.SlugField(max_length=100, unique=True)
    # The folded words of the name ("soyuz ms 09"): one topic for every spelling readers type.
    name_folded = models.CharField(max_length=100, db_index=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("galleries:topic-detail", kwargs={"slug": self.slug})


def topics_for(keywords: str) -> list[Topic]:
    """The topics `keywords` names, made when new (two queries, three when some are new)."""
    names = keyword_names(keywords)
    if not names:
        return []
    existing = {topic.slug: topic for topic in Topic.objects.filter(slug__in=names)}
    missing = [
        Topic(slug=slug, name=name, name_folded=folded_words(name)[:100])
        for slug, name in names.items()
        if slug not in existing
    ]
    if missing:
        Topic.objects.bulk_create(missing, ignore_conflicts=True)  # another save may make one first
        existing = {topic.slug: topic for topic in Topic.objects.filter(slug__in=names)}
    return [existing[slug] for slug in names if slug in existing]


def topics_sync(photo: Photo) -> None:
    """Give `photo` the topics of its keywords (after it is saved)."""
    photo.topics.set(topics_for(photo.keywords))
