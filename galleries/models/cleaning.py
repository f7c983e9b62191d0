"""Typed text, cleaned where every way in meets it: Model.full_clean(), which admin forms,
photo_ingest and the restore call."""

from __future__ import annotations

from django.db import models

from galleries.text import without_control_characters


class CleanText(models.Model):
    """Remove control characters from every text field before it is validated (long text keeps its
    lines), so no title or caption can break the feed, the sitemap or a page."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        for field in self._meta.concrete_fields:
            if field.generated:  # made by the database, never typed
                continue
            value = getattr(self, field.attname)
            if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
                cleaned = without_control_characters(value, keep_lines=isinstance(field, models.TextField))
                setattr(self, field.attname, cleaned)
