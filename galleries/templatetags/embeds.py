"""Discovery links of a page's oEmbed answer (galleries.embeds)."""

from __future__ import annotations

from django import template

from galleries.embeds import oembed_discovery_url

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_url(context: template.Context, page_path: str) -> str:
    """The /oembed/ address for the page at `page_path`, absolute, as consumers expect."""
    return oembed_discovery_url(context["request"], page_path)
