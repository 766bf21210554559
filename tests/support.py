"""Helpers shared by tests: build requests the way adapters do."""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
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


def load_bench(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is not a package: its scripts run on their own)."""
    path = ROOT / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module
