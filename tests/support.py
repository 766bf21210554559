"""Helpers shared by tests: build requests the way adapters do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.core import Core
from bot.port import Ask, Command, Reply, Request, Role

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DB = ROOT / "facts.db"
TODAY = date(2026, 11, 28)


def run(
    core: Core,
    command: Command,
    role: Role = Role.MEMBER,
    user: str = "u1",
    platform: str = "console",
    workspace: str | None = None,
) -> Reply:
    return core.handle(
        Request(command=command, platform=platform, user_id=user, workspace_id=workspace, role=role)
    )


def ask(core: Core, question: str, **kwargs: object) -> Reply:
    return run(core, Ask(question), **kwargs)  # type: ignore[arg-type]
