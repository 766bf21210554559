"""The Wikidata API over HTTP (urllib, no extra dependency): wbsearchentities to find an organization's item,
wbgetentities (at most 50 ids a request) to fetch items. A descriptive User-Agent as Wikimedia's policy asks,
a timeout, and retries with exponential backoff on timeouts, connection errors, 429 and 5xx (honouring
Retry-After). WIKIDATA_API_URL points it elsewhere (a mirror, or the tests' local fake).

This is the network side of bot.ingest.wikidata_sync; the core only reads the JSON it returns.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from factbot import __version__
from factbot.bot.domain.errors import BadArgument
from factbot.bot.ingest.wikidata_sync import BATCH, SourceError

log = logging.getLogger("factbot.wikidata")

API_URL = "https://www.wikidata.org/w/api.php"
# Wikimedia asks bots to say who they are and how to reach the operator: FACTBOT_CONTACT adds that.
USER_AGENT = f"factbot/{__version__} (Wikidata sync of AI-industry leadership) Python-urllib"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass
class WikidataClient:
    api_url: str = API_URL
    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 3  # attempts after the first
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    language: str = "en"
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # requests sent, retries included (for the summary and the tests)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WikidataClient:
        url = env.get("WIKIDATA_API_URL", "").strip() or API_URL
        if urllib.parse.urlparse(url).scheme not in ("http", "https"):
            raise BadArgument(
                f"WIKIDATA_API_URL must be an http(s) URL such as {API_URL} (got {url[:60]!r})."
            )
        contact = " ".join(env.get("FACTBOT_CONTACT", "").split())[:200]
        agent = USER_AGENT.replace(")", f"; {contact})", 1) if contact else USER_AGENT
        raw_timeout = env.get("WIKIDATA_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else cls.timeout
        except ValueError:
            raise BadArgument(
                f"WIKIDATA_TIMEOUT must be a number of seconds (got {raw_timeout[:20]!r})."
            ) from None
        if not 0 < timeout <= 300:
            raise BadArgument(
                f"WIKIDATA_TIMEOUT must be between 0 and 300 seconds (got {raw_timeout[:20]!r})."
            )
        return cls(api_url=url, user_agent=agent, timeout=timeout)

    def search(self, name: str) -> list[dict[str, Any]]:
        answer = self._get(
            {
                "action": "wbsearchentities",
                "search": name,
                "language": self.language,
                "uselang": self.language,
                "type": "item",
                "limit": "10",
            }
        )
        results = answer.get("search")
        return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []

    def entities(self, ids: Sequence[str]) -> dict[str, Any]:
        if len(ids) > BATCH:
            raise ValueError(f"wbgetentities takes at most {BATCH} ids")
        if not ids:
            return {}
        answer = self._get(
            {
                "action": "wbgetentities",
                "ids": "|".join(ids),
                "props": "labels|aliases|claims|info",
                "languages": f"{self.language}|en-gb|mul",
            }
        )
        entities = answer.get("entities")
        if not isinstance(entities, dict):
            raise SourceError("the answer has no entities")
        return entities

    def _get(self, params: dict[str, str]) -> dict[str, Any]:
        query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "1", "maxlag": "5"})
        request = urllib.request.Request(
            f"{self.api_url}?{query}", headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self.requests += 1
            wait = delay
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    answer = json.loads(response.read().decode("utf-8"))
                if not isinstance(answer, dict):
                    raise SourceError("the answer is not a JSON object")
                error = answer.get("error")
                if isinstance(error, dict):
                    if error.get("code") != "maxlag":
                        raise SourceError(
                            f"Wikidata said {str(error.get('code'))[:40]}: {str(error.get('info'))[:120]}"
                        )
                    problem = "maxlag"
                else:
                    return answer
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS:
                    raise SourceError(f"HTTP {exc.code}") from None
                problem = f"HTTP {exc.code}"
                wait = _retry_after(exc.headers.get("Retry-After"), delay)
            except TimeoutError:
                problem = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    problem = f"no answer within {self.timeout:g} s"
                else:
                    problem = f"cannot connect ({type(exc.reason).__name__})"
            except (ValueError, UnicodeDecodeError):
                problem = "the answer is not JSON"
            except OSError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            if attempt == self.retries:
                raise SourceError(f"{problem}, after {self.retries + 1} attempt(s)")
            log.info("wikidata: %s; retrying in %.1f s", problem, wait)
            self.sleep(wait)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(header: str | None, default: float) -> float:
    try:
        return min(max(float(header or ""), 0.0), 120.0)
    except ValueError:
        return default
