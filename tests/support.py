"""Helpers shared by tests: build requests the way adapters do."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from factbot.bot.domain.port import Ask, Command, Reply, Request, Role

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DB = ROOT / "facts.db"
TODAY = date(2026, 11, 28)


class Handles(Protocol):
    """The core, or anything standing in front of it the way an adapter's runner does."""

    def handle(self, request: Request) -> Reply: ...


def run(
    core: Handles,
    command: Command,
    role: Role = Role.MEMBER,
    user: str = "u1",
    platform: str = "console",
    workspace: str | None = None,
) -> Reply:
    return core.handle(
        Request(command=command, platform=platform, user_id=user, workspace_id=workspace, role=role)
    )


def ask(core: Handles, question: str, **kwargs: object) -> Reply:
    return run(core, Ask(question), **kwargs)  # type: ignore[arg-type]
