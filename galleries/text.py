"""Text helpers for matching names regardless of accents and case."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Return `text` without accents, case-folded, with whitespace collapsed.

    "Serena Auñón-Chancellor" and "serena aunon-chancellor" fold to the same string, so a
    stored folded column can be matched with a plain `contains` on SQLite and PostgreSQL.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def without_control_characters(text: str, *, keep_lines: bool = False) -> str:
    """Return `text` without control and format characters (NUL, U+000B, U+200B…), which no reader
    wants and which make a feed or sitemap invalid XML; `keep_lines` keeps newlines and tabs."""
    kept = "\n\r\t" if keep_lines else ""
    return "".join(char for char in text if char in kept or unicodedata.category(char) not in ("Cc", "Cf"))
