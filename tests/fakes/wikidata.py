"""A local imitation of the two Wikidata API actions factbot's sync uses, on 127.0.0.1 (http.server in a
thread, since the client is plain blocking urllib).

- ``?action=wbsearchentities&search=S&language=en&type=item&limit=N&format=json`` answers
  ``{"searchinfo": {"search": S}, "search": [{"id", "title", "pageid", "concepturi", "url", "label",
  "description", "match": {"type": "label"|"alias", "language": "en", "text"}, "aliases"?}], "success": 1}``:
  items whose English label or alias starts with S (ignoring case), labels first, as Wikidata does.
- ``?action=wbgetentities&ids=Q1|Q2&props=…&format=json`` answers ``{"entities": {id: entity}, "success": 1}``;
  an unknown id is ``{"id": id, "missing": ""}``; more than 50 ids is the API's ``toomanyvalues`` error.

Faults for tests: ``stall_next(n)`` answers the next n requests only after the client's timeout,
``fail_next(status, n)`` answers HTTP errors. Every request is recorded with its query and User-Agent.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JSONDict = dict[str, Any]
MAX_IDS = 50


def time_value(day: str) -> JSONDict:
    """A Wikidata time datavalue for '2024', '2024-06' or '2024-06-25' (precision 9, 10 or 11)."""
    parts = day.split("-")
    padded = parts + ["00"] * (3 - len(parts))
    return {
        "type": "time",
        "value": {
            "time": f"+{padded[0]}-{padded[1]}-{padded[2]}T00:00:00Z",
            "timezone": 0,
            "before": 0,
            "after": 0,
            "precision": {1: 9, 2: 10, 3: 11}[len(parts)],
            "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
        },
    }


def _item_snak(prop: str, qid: str) -> JSONDict:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {
            "type": "wikibase-entityid",
            "value": {"entity-type": "item", "numeric-id": int(qid[1:]), "id": qid},
        },
        "datatype": "wikibase-item",
    }


def statement(
    prop: str, qid: str, start: str | None = None, end: str | None = None, rank: str = "normal"
) -> JSONDict:
    """A statement like P169 (CEO) = qid, with P580 (start time) / P582 (end time) qualifiers."""
    qualifiers: JSONDict = {}
    for q, day in (("P580", start), ("P582", end)):
        if day:
            qualifiers[q] = [
                {"snaktype": "value", "property": q, "datavalue": time_value(day), "datatype": "time"}
            ]
    out: JSONDict = {
        "mainsnak": _item_snak(prop, qid),
        "type": "statement",
        "rank": rank,
        "id": f"{qid}${prop}",
    }
    if qualifiers:
        out["qualifiers"] = qualifiers
        out["qualifiers-order"] = list(qualifiers)
    return out


def item(
    qid: str,
    label: str,
    *,
    description: str = "",
    aliases: tuple[str, ...] = (),
    human: bool = False,
    claims: dict[str, list[JSONDict]] | None = None,
    modified: str = "2026-11-01T10:00:00Z",
) -> JSONDict:
    """An entity as wbgetentities returns it (English label, description and aliases; the claims given)."""
    all_claims: dict[str, list[JSONDict]] = dict(claims or {})
    instance = "Q5" if human else "Q4830453"  # human / business
    all_claims.setdefault("P31", [statement("P31", instance)])
    return {
        "type": "item",
        "id": qid,
        "title": qid,
        "pageid": int(qid[1:]) + 1000,
        "ns": 0,
        "lastrevid": 1,
        "modified": modified,
        "labels": {"en": {"language": "en", "value": label}},
        "descriptions": {"en": {"language": "en", "value": description}} if description else {},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]} if aliases else {},
        "claims": all_claims,
    }


@dataclass
class Request:
    action: str
    query: dict[str, str]
    user_agent: str


@dataclass
class FakeWikidata:
    entities: dict[str, JSONDict] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    stall_seconds: float = 1.0  # longer than the tests' client timeout
    _stalls: int = 0
    _failures: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def add(self, *entities: JSONDict) -> None:
        for e in entities:
            self.entities[e["id"]] = e

    def stall_next(self, times: int = 1) -> None:
        self._stalls += times

    def fail_next(self, status: int, times: int = 1) -> None:
        self._failures.extend([status] * times)

    def of(self, action: str) -> list[Request]:
        return [r for r in self.requests if r.action == action]

    # -- answers ------------------------------------------------------------------------------------------

    def answer(self, query: dict[str, str]) -> tuple[int, JSONDict]:
        action = query.get("action", "")
        if query.get("format") != "json":
            return 400, {"error": {"code": "badformat", "info": "format=json expected by this fake"}}
        if action == "wbsearchentities":
            return 200, self._search(query)
        if action == "wbgetentities":
            ids = [i for i in query.get("ids", "").split("|") if i]
            if len(ids) > MAX_IDS:
                return 200, {
                    "error": {
                        "code": "toomanyvalues",
                        "info": f'Too many values supplied for parameter "ids". The limit is {MAX_IDS}.',
                    }
                }
            return 200, {
                "entities": {i: self.entities.get(i, {"id": i, "missing": ""}) for i in ids},
                "success": 1,
            }
        return 200, {
            "error": {
                "code": "unknown_action",
                "info": f'Unrecognized value for parameter "action": {action}.',
            }
        }

    def _search(self, query: dict[str, str]) -> JSONDict:
        text = query.get("search", "").casefold().strip()
        limit = int(query.get("limit", "7"))
        by_label, by_alias = [], []
        for e in self.entities.values():
            if e.get("type") != "item":
                continue
            label = e["labels"].get("en", {}).get("value", "")
            aliases = [a["value"] for a in e.get("aliases", {}).get("en", [])] if e.get("aliases") else []
            result = {
                "id": e["id"],
                "title": e["id"],
                "pageid": e.get("pageid", 0),
                "concepturi": f"http://www.wikidata.org/entity/{e['id']}",
                "url": f"//www.wikidata.org/wiki/{e['id']}",
                "label": label,
                "description": e.get("descriptions", {}).get("en", {}).get("value", "")
                if e.get("descriptions")
                else "",
                "repository": "wikidata",
            }
            if text and label.casefold().startswith(text):
                by_label.append({**result, "match": {"type": "label", "language": "en", "text": label}})
            else:
                hit = next((a for a in aliases if text and a.casefold().startswith(text)), None)
                if hit:
                    by_alias.append(
                        {
                            **result,
                            "match": {"type": "alias", "language": "en", "text": hit},
                            "aliases": [hit],
                        }
                    )
        return {
            "searchinfo": {"search": query.get("search", "")},
            "search": (by_label + by_alias)[:limit],
            "success": 1,
        }


@contextmanager
def serve(fake: FakeWikidata) -> Iterator[FakeWikidata]:
    """Serve the fake on 127.0.0.1 (port 0) until the block ends; fake.url is the api.php address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parsed.query))
            with fake._lock:
                fake.requests.append(
                    Request(query.get("action", ""), query, self.headers.get("User-Agent", ""))
                )
                stall = fake._stalls > 0
                fake._stalls -= int(stall)
                failure = fake._failures.pop(0) if fake._failures else None
            if stall:
                time.sleep(fake.stall_seconds)
            if failure is not None:
                self.send_response(failure)
                self.send_header("Retry-After", "0")
                self.end_headers()
                return
            status, body = (
                fake.answer(query) if parsed.path == "/w/api.php" else (404, {"error": "not found"})
            )
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a stalled answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
