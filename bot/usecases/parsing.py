"""The text grammar of `fact …` commands, shared by every adapter that receives them as one line of text
(Slack's /fact, the console chat), so the grammar and its error messages are the same everywhere."""

from __future__ import annotations

import re

from factbot.bot.domain import validation
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Command,
    DecideProposal,
    EditFact,
    EndFact,
    Feedback,
    Gaps,
    Help,
    Leadership,
    RemoveFact,
    RestoreFact,
    ReviewProposals,
    SearchFacts,
    SetDigest,
    ShowHistory,
    StaleFacts,
    SuggestFact,
    Undo,
    VerifyFact,
    WatchOrg,
)

ADD_USAGE = "Usage: fact add SUBJECT | RELATION | OBJECT [| SINCE [| SOURCE_URL]]"
SUGGEST_USAGE = "Usage: fact suggest SUBJECT | RELATION | OBJECT [| SINCE [| SOURCE_URL]]"
_EDIT_PAIR = re.compile(r"(?:^|\s)([A-Za-z_]+)=")


def parse_fact(text: str) -> Command:
    """Parse the text after 'fact' (e.g. 'end 12 2024-06') into a command; BadArgument says the usage."""
    text = text.strip()
    verb, _, rest = text.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("", "help", "?"):
        return Help("fact")
    if verb == "add":
        return _parse_add(rest)
    if verb == "edit":
        fact_id, _, assignments = rest.partition(" ")
        return EditFact(_id(fact_id, "edit"), _parse_assignments(assignments))
    if verb == "end":
        parts = rest.split()
        if not 1 <= len(parts) <= 2:
            raise BadArgument("Usage: fact end ID [DATE]")
        return EndFact(_id(parts[0], "end"), parts[1] if len(parts) == 2 else None)
    if verb in ("remove", "delete", "rm"):
        return RemoveFact(_id(rest, "remove"))
    if verb == "restore":
        return RestoreFact(_id(rest, "restore"))
    if verb in ("history", "log"):
        return ShowHistory(_id(rest, "history"))
    if verb == "undo":
        return Undo()
    if verb in ("search", "find"):
        if not rest:
            raise BadArgument("Usage: fact search TEXT")
        return SearchFacts(rest)
    if verb == "gaps":
        return Gaps()
    if verb in ("suggest", "propose"):
        add = _parse_add(rest, usage=SUGGEST_USAGE)
        return SuggestFact(add.subject, add.relation, add.object, add.start, None, add.source_url)
    if verb == "review":
        return ReviewProposals()
    if verb in ("approve", "reject"):
        pid, _, reason = rest.partition(" ")
        return DecideProposal(_id(pid, verb), verb == "approve", reason.strip())
    if verb == "feedback":
        ids, _, rest2 = rest.partition(" ")
        vote, _, comment = rest2.strip().partition(" ")
        if vote.lower() not in ("up", "down") or not ids:
            raise BadArgument("Usage: fact feedback ID[,ID…] up|down [WHAT IS WRONG]")
        return Feedback(
            tuple(_id(i, "feedback") for i in ids.split(",")), vote.lower() == "up", comment.strip()
        )
    if verb == "stale":
        return StaleFacts(rest or None)
    if verb == "verify":
        fact_id, _, url = rest.partition(" ")
        return VerifyFact(_id(fact_id, "verify"), url.strip())
    if verb in ("watch", "unwatch"):
        return WatchOrg(rest, on=verb == "watch")
    if verb == "digest":
        return SetDigest(rest)
    raise BadArgument(f"Unknown fact command {verb[:20]!r}. Try: fact help")


def parse_line(line: str) -> Command:
    """One chat line: '/fact …', '/leadership ORG', '/ask …', 'help', or else a question."""
    text = line.strip()
    word, _, rest = text.lstrip("/").partition(" ")
    word = word.lower()
    if text.startswith("/") or word in ("fact", "facts", "leadership"):
        if word in ("fact", "facts"):
            return parse_fact(rest)
        if word == "leadership":
            if not rest.strip():
                raise BadArgument("Usage: leadership ORGANIZATION")
            return Leadership(rest.strip())
        if word == "ask":
            return Ask(rest)
        if word == "help":
            return Help(rest)
        if text.startswith("/"):
            raise BadArgument(f"Unknown command /{word[:20]}. Try: help")
    return Ask(text)


def _parse_add(rest: str, usage: str = ADD_USAGE) -> AddFact:
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) < 3 or len(parts) > 5 or not all(parts[:3]):
        raise BadArgument(usage)
    since = parts[3] if len(parts) > 3 and parts[3] else None
    url = parts[4] if len(parts) > 4 else ""
    return AddFact(subject=parts[0], relation=parts[1], object=parts[2], start=since, source_url=url)


def _parse_assignments(text: str) -> tuple[tuple[str, str], ...]:
    marks = list(_EDIT_PAIR.finditer(text))
    if not marks or text[: marks[0].start()].strip():
        raise BadArgument("Usage: fact edit ID field=value [field=value …]")
    pairs = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        pairs.append((m.group(1), text[m.end() : end].strip()))
    return tuple(pairs)


def _id(text: str, verb: str) -> int:
    if not text.strip():
        raise BadArgument(f"Usage: fact {verb} ID")
    return validation.fact_id(text)
