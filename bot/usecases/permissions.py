"""The one place that decides who may change which facts; every adapter's requests pass through it.

| role              | ask, search, history, gaps | add                      | end/edit/remove/restore/undo      |
|-------------------|----------------------------|--------------------------|-----------------------------------|
| member            | yes                        | no                       | no                                |
| workspace admin   | yes                        | scoped to own workspace  | only facts of own workspace       |
| global admin      | yes                        | global                   | any fact                          |
"""

from __future__ import annotations

from factbot.bot.domain import messages
from factbot.bot.domain.errors import NotAllowed
from factbot.bot.domain.model import GLOBAL_SCOPE, Fact, visible_scopes
from factbot.bot.domain.port import DIRECT_SUFFIX, Request, Role

PLATFORMS = ("slack", "discord")


def scope_for_new_fact(request: Request) -> str:
    """Where a fact added by this request lives; refuses members."""
    if request.role == Role.GLOBAL_ADMIN:
        return GLOBAL_SCOPE
    if request.role == Role.WORKSPACE_ADMIN:
        if request.scope == GLOBAL_SCOPE:
            raise NotAllowed(messages.NO_WORKSPACE)
        return request.scope
    raise NotAllowed(messages.NOT_ALLOWED_CHANGE)


def check_may_change(request: Request, fact: Fact) -> None:
    """Raise NotAllowed unless the request's user may change this existing fact."""
    if request.role == Role.GLOBAL_ADMIN:
        return
    if request.role != Role.WORKSPACE_ADMIN:
        raise NotAllowed(messages.NOT_ALLOWED_CHANGE)
    if fact.scope != request.scope or request.scope == GLOBAL_SCOPE:
        raise NotAllowed(messages.NOT_ALLOWED_SCOPE)


def scopes_to_change(request: Request) -> list[str] | None:
    """Where a request may look a fact up by id to change it or see its history: global admins (the
    operators) anywhere, everyone else only in what their workspace can see."""
    return None if request.role == Role.GLOBAL_ADMIN else visible_scopes(request.scope)


def check_may_change_anything(request: Request) -> None:
    if request.role < Role.WORKSPACE_ADMIN:
        raise NotAllowed(messages.NOT_ALLOWED_CHANGE)
    if request.role == Role.WORKSPACE_ADMIN and request.scope == GLOBAL_SCOPE:
        # A workspace admin's rights end at their workspace; a request that names none (a DM, a payload
        # without a team id) must not fall through to the global scope.
        raise NotAllowed(messages.NO_WORKSPACE)


def proposal_scopes(request: Request) -> list[str] | None:
    """Whose proposals an admin reviews: a workspace admin only their own workspace's (proposers'
    names and text stay there), global admins all."""
    return None if request.role == Role.GLOBAL_ADMIN else [request.scope]


def text_scopes(request: Request) -> list[str]:
    """Where the people's text this request may read (gaps, comments) was written: its own workspace
    only. The console operator reads the global log and direct messages."""
    if request.platform == "console":
        return [GLOBAL_SCOPE, *(f"{p}{DIRECT_SUFFIX}" for p in PLATFORMS)]
    return [request.text_scope]
