"""Helpers shared by tests: build requests the way adapters do."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Protocol

from factbot.bot.domain.port import Ask, Command, Reply, Request, Role

ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_DB = ROOT / "facts.db"
TODAY = date(2026, 11, 28)
# The shared reference sits beside the repo (../shared); FACTBOT_REFERENCE names it from a worktree elsewhere.
REFERENCE = Path(os.environ.get("FACTBOT_REFERENCE") or ROOT.parent / "shared" / "facts-reference.jsonl")


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
