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
