"""One parse of a source address, shared by the checks that read it (validation, weak-source list, title).

A fact's address is read three or four times while it is checked; an import checks 100k of them, so the
parse of the address just read is kept (urlsplit: urlparse's extra ';params' split says nothing of a host).
"""

from __future__ import annotations

import functools
from urllib.parse import SplitResult, urlsplit


@functools.lru_cache(maxsize=64)
def split(url: str) -> SplitResult:
    """urlsplit(url); raises ValueError for an address urllib cannot split ('http://[')."""
    return urlsplit(url)


def host(url: str) -> str:
    """The host of `url`, lower-cased ('' when it has none or cannot be split)."""
    try:
        return split(url).hostname or ""
    except ValueError:
        return ""
