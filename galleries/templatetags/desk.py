"""The admin index's "Where work waits": missions with drafts or photos that need an editor."""

from __future__ import annotations

from django import template

from galleries.desk import missions_with_work

register = template.Library()


@register.simple_tag
def work_waiting():
    return missions_with_work()
