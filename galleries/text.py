"""Text helpers for matching names and words regardless of accents and case."""

from __future__ import annotations

import re
import unicodedata

# Letters Unicode gives no decomposition, so NFKD leaves them whole ("Sławosz" would stay
# "sławosz"), with the Latin letters readers type instead; ß, æ and œ are also spelt out.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h",
        "ı": "i", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t", "ƀ": "b", "ɨ": "i", "ʉ": "u", "ß": "ss", "ẞ": "ss",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ĸ": "k", "ŋ": "n", "Ŋ": "n",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Return `text` without accents, case-folded, with whitespace collapsed.

    "Serena Auñón-Chancellor" and "serena aunon-chancellor" fold to the same string, and so do
    "Sławosz Uznański" and "slawosz uznanski": letters without a decomposition (ł, ø, đ) and
    ligatures (ß, æ) are spelt as readers type them.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def words(text: str) -> list[str]:
    """The folded words of `text`: letters and digits, punctuation and hyphens dropped
    ("Auñón-Chancellor, MS-09" gives ["aunon", "chancellor", "ms", "09"])."""
    return _WORD.findall(fold(text))


def folded_words(text: str) -> str:
    """`words(text)` joined by spaces: the form in which names and search documents are stored,
    so a query folded the same way matches them word for word."""
    return " ".join(words(text))


def without_control_characters(text: str, *, keep_lines: bool = False) -> str:
    """Return `text` without control and format characters (NUL, U+000B, U+200B…), which no reader
    wants and which make a feed or sitemap invalid XML; `keep_lines` keeps newlines and tabs."""
    kept = "\n\r\t" if keep_lines else ""
    return "".join(char for char in text if char in kept or unicodedata.category(char) not in ("Cc", "Cf"))
