"""The admin index's "Where work waits": missions with drafts or photos that need an editor."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from galleries.desk import missions_with_work
from galleries.models import Mission

register = template.Library()


@register.simple_tag
def work_waiting() -> Sequence[Mission]:
    return missions_with_work()
