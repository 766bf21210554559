"""The console adapter: renders core replies as plain text or JSON, and runs the interactive chat."""

from __future__ import annotations

import json
from typing import Any, TextIO

from factbot.bot.domain.errors import BotError
from factbot.bot.domain.port import Reply, Request, Role
from factbot.bot.usecases import parsing
from factbot.bot.usecases.dispatch import Core


def console_request(command: Any, user: str) -> Request:
    """The local operator owns the fact base: a global admin."""
    return Request(command=command, platform="console", user_id=user, role=Role.GLOBAL_ADMIN)


def render_text(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"  {f.name}: {f.value}" for f in reply.fields]
    for s in reply.sources:
        url = f" — {s.url}" if s.url and s.url != s.title else ""
        lines.append(f"  Source: {s.title}{url} (as of {s.as_of})")
    if reply.suggestions:
        lines.append("  Did you mean: " + " · ".join(reply.suggestions))
    if reply.explanation:
        lines.append("  Why:")
        lines += [f"    {e}" for e in reply.explanation]
    return "\n".join(lines)


def render_line(reply: Reply) -> str:
    """One line per answer, for `factbot ask -` in plain mode."""
    return " ".join(reply.text.split())


def whole_text(reply: Reply) -> str:
    """The answer as a person reads it: the headline and then every list line."""
    return "\n".join([reply.text, *(f"{f.name}: {f.value}" for f in reply.fields)])


def to_json(reply: Reply) -> dict[str, Any]:
    """`answer` is the whole answer (headline and list lines); `fields` keeps the structure for renderers."""
    data: dict[str, Any] = {
        "answered": reply.answered,
        "answer": whole_text(reply),
        "confidence": reply.confidence,
        "facts": list(reply.fact_ids),
        "sources": [{"url": s.url, "title": s.title, "as_of": s.as_of} for s in reply.sources],
        "suggestions": list(reply.suggestions),
        "fields": [{"name": f.name, "value": f.value} for f in reply.fields],
        "kind": reply.kind,
    }
    if reply.explanation:
        data["explanation"] = list(reply.explanation)
    return data


def render_json(reply: Reply) -> str:
    return json.dumps(to_json(reply), ensure_ascii=False)


def chat(core: Core, user: str, stdin: TextIO, stdout: TextIO, interactive: bool) -> int:
    """A console conversation: questions, 'leadership ORG', 'fact …' commands; 'quit' or EOF ends it."""
    if interactive:
        stdout.write("factbot — ask about AI companies. 'help' for commands, 'quit' to leave.\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in ("quit", "exit", ":q"):
            return 0
        if not line.strip():
            continue
        try:
            command = parsing.parse_line(line)
        except BotError as exc:
            stdout.write(f"{exc}\n")
            continue
        reply = core.handle(console_request(command, user))
        stdout.write(render_text(reply) + "\n")
        stdout.flush()
