"""The console adapter: renders core replies as plain text or JSON, and runs the interactive chat."""

from __future__ import annotations

import json
import uuid
from typing import Any, TextIO

from factbot.bot.domain import messages
from factbot.bot.domain.errors import BotError
from factbot.bot.domain.port import Ask, Reply, ReplyKind, Request, Role
from factbot.bot.usecases import parsing
from factbot.bot.usecases.dispatch import Core
from factbot.logs import escape_controls


def console_request(command: Any, user: str, conversation: str | None = None) -> Request:
    """The local operator owns the fact base: a global admin. `conversation`: a chat session's key."""
    return Request(
        command=command, platform="console", user_id=user, role=Role.GLOBAL_ADMIN, conversation=conversation
    )


def render_text(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"  {f.name}: {f.value}" for f in reply.fields]
    for s in reply.sources:
        url = f" — {s.url}" if s.url and s.url != s.title else ""
        lines.append(f"  Source: {s.title}{url} ({s.dated})")
    if reply.suggestions:
        lines.append("  Did you mean: " + " · ".join(reply.suggestions))
    if reply.explanation:
        lines.append("  Why:")
        lines += [f"    {e}" for e in reply.explanation]
    # Stored text never reaches the terminal raw: an escape sequence in a fact is shown, not obeyed.
    return "\n".join(escape_controls(line, keep_newlines=True) for line in lines)


def render_line(reply: Reply) -> str:
    """One line per answer, for `factbot ask -` in plain mode."""
    return escape_controls(" ".join(reply.text.split()))


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
        "sources": [{"url": s.url, "title": s.title, "as_of": s.as_of or None} for s in reply.sources],
        "suggestions": list(reply.suggestions),
        "fields": [{"name": f.name, "value": f.value} for f in reply.fields],
        "kind": reply.kind,
    }
    if reply.explanation:
        data["explanation"] = list(reply.explanation)
    return data


def render_json(reply: Reply) -> str:
    return json.dumps(to_json(reply), ensure_ascii=False)


def chat(
    core: Core,
    user: str,
    stdin: TextIO,
    stdout: TextIO,
    interactive: bool,
    as_json: bool = False,
    explain: bool = False,
) -> int:
    """A console conversation: questions (follow-ups read against the earlier ones), 'leadership ORG',
    'fact …' commands; 'quit' or EOF ends it. as_json: one JSON object per input line, nothing else."""
    session = f"chat-{uuid.uuid4().hex}"
    if interactive and not as_json:
        stdout.write("factbot — ask about AI companies. 'help' for commands, 'quit' to leave.\n")
    while True:
        if interactive and not as_json:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in ("quit", "exit", ":q"):
            return 0
        if not line.strip():
            if as_json:  # one object per input line, so a script can pair questions and answers
                stdout.write(render_json(Reply(text=messages.EMPTY_QUESTION, kind=ReplyKind.ERROR)) + "\n")
            continue
        try:
            command = parsing.parse_line(line)
        except BotError as exc:
            error = Reply(text=str(exc), kind=ReplyKind.ERROR)
            stdout.write((render_json(error) if as_json else str(exc)) + "\n")
            continue
        if explain and isinstance(command, Ask):
            command = Ask(command.question, explain=True)
        reply = core.handle(console_request(command, user, session))
        stdout.write((render_json(reply) if as_json else render_text(reply)) + "\n")
        stdout.flush()
