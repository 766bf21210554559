"""`factbot wikidata …`: compare the fact base with Wikidata and queue the differences for review.

    factbot wikidata sync [ORG…]      every global organization, or the ones named
    factbot wikidata link ORG QID     say which item an organization is (when search cannot be sure)

Kept apart from cli.py so the console's main module stays small; cli.py only registers these.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from typing import TextIO

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import GLOBAL_SCOPE
from factbot.bot.storage.store import Store

MAX_LISTED = 15


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    wd = sub.add_parser(
        "wikidata",
        parents=[common],
        help="compare the fact base with Wikidata; differences go to the review queue",
        description="Differences (new roles, ended roles, changed dates) become proposals: review them with "
        "`factbot chat` → fact review / fact approve ID / fact reject ID. Nothing is written to facts before "
        "an admin approves. WIKIDATA_API_URL changes the API address; FACTBOT_CONTACT goes into the User-Agent.",
    )
    wsub = wd.add_subparsers(dest="action", metavar="ACTION")
    wsub.required = True
    sync = wsub.add_parser("sync", parents=[common], help="propose what Wikidata says differently")
    sync.add_argument("organizations", nargs="*", metavar="ORG", help="default: every global organization")
    link = wsub.add_parser("link", parents=[common], help="store the Wikidata item (Q…) of an organization")
    link.add_argument("organization")
    link.add_argument("qid")


def run(store: Store, args: argparse.Namespace, stdout: TextIO) -> int:
    if args.action == "link":
        return _link(store, args.organization, args.qid, stdout)
    from factbot.bot.ingest import wikidata_sync  # only this command pays for these imports
    from factbot.wikidata_client import WikidataClient

    client = WikidataClient.from_env(os.environ)

    def progress(done: int, total: int, what: str) -> None:
        if sys.stderr.isatty() or total >= 20:
            print(f"\r[{done}/{total}] {what[:60]:<60}", end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)

    report = wikidata_sync.sync(store, client, args.organizations, date.today(), progress)
    stdout.write(report.summary() + "\n")
    if report.proposal_ids:
        ids = ", ".join(f"#{i}" for i in report.proposal_ids[:MAX_LISTED])
        more = len(report.proposal_ids) - MAX_LISTED
        stdout.write(f"New proposals: {ids}{f' and {more} more' if more > 0 else ''} (review: fact review)\n")
    for title, items in (
        ("Not confirmed", report.unconfirmed),
        ("Failed", report.failed),
        ("Skipped", report.skipped),
    ):
        if items:
            shown = items[:MAX_LISTED]
            tail = [f"… and {len(items) - MAX_LISTED} more"] if len(items) > MAX_LISTED else []
            stdout.write(f"{title}:\n" + "".join(f"  {line}\n" for line in [*shown, *tail]))
    # Every organization failing means Wikidata could not be reached at all: say so with the exit code.
    return 1 if report.failed and report.matched == 0 and not report.unconfirmed else 0


def _link(store: Store, name: str, qid: str, stdout: TextIO) -> int:
    qid = qid.strip().upper()
    if not re.fullmatch(r"Q[1-9][0-9]{0,11}", qid):
        raise BadArgument(f"A Wikidata item id looks like Q12345 (got {qid[:20]!r}).")
    entity = store.find_entity(name, [GLOBAL_SCOPE])
    if entity is None or entity.kind != "organization":
        raise BadArgument(f"No organization called {name[:60]!r} in the fact base.")
    store.set_qid(entity.id, qid)
    stdout.write(f"{entity.name} is Wikidata item {qid}.\n")
    return 0
