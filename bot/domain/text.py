"""Text normalisation shared by the store's name keys and the matcher, so both agree on what a name is."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500
_NON_WORD = re.compile(r"[\W_]+")
# Control and bidi-override characters, and lone surrogates (which SQLite cannot store as UTF-8).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def fold(text: str) -> str:
    """Lower-case, strip accents, keep letters and digits of any script: 'Karén Simonyan' -> 'karen simonyan'."""
    if text.isascii():
        ascii_ish = text.replace("'", "")
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
        ascii_ish = ascii_ish.replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", ascii_ish.lower()).strip()


def key(name: str) -> str:
    """The lookup key of a name: folded, spaces removed ('Open AI' and 'OpenAI' share 'openai')."""
    return fold(name).replace(" ", "")


def tokens(text: str) -> list[str]:
    return fold(text).split()


def clean_input(text: str, limit: int = MAX_QUESTION_CHARS) -> str:
    """Drop control and bidi-override characters, collapse white space and cut over-long input."""
    if not text.isprintable():  # every character _CONTROL drops is unprintable: most text skips the scan
        text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:limit]
