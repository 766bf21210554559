"""The core's single entry point: Core.handle(Request) -> Reply, for every adapter.

Each command goes to one small handler function (asking, facts, proposals, feedback, freshness). User
errors (BotError) become short replies; anything else is logged with its traceback and answered with one
fixed apology, so no exception text ever reaches a chat. Rate limits are not decided here: the adapters'
runner admits platform requests before they reach the core.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date

from factbot.bot.answering.answerer import Answerer
from factbot.bot.domain import messages
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.health import Health
from factbot.bot.domain.port import (
    AboutText,
    AddFact,
    Ask,
    Complete,
    DecideProposal,
    EditFact,
    EndFact,
    Feedback,
    Gaps,
    Help,
    Leadership,
    RecentChanges,
    RemoveFact,
    Reply,
    ReplyKind,
    Request,
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
from factbot.bot.storage.best_effort import BestEffortLog, is_busy, write_problem
from factbot.bot.storage.store import Store
from factbot.bot.usecases import about, asking, facts, feedback, freshness, proposals, watches
from factbot.bot.usecases.services import Services

log = logging.getLogger("factbot.core")


class Core:
    def __init__(
        self,
        store: Store,
        today: Callable[[], date] = date.today,
        log_questions: bool = True,
        stale_after_days: int = 182,
    ):
        self.health = Health()  # "degraded" while the fact base refuses writes (GET /healthz reads it)
        self.services = Services(
            store=store,
            answerer=Answerer(store),
            today=today,
            log_questions=log_questions,
            stale_after_days=stale_after_days,  # answers on facts checked longer ago say so
            log=BestEffortLog(store, self.health),
        )

    @property
    def store(self) -> Store:
        return self.services.store

    @property
    def answerer(self) -> Answerer:
        return self.services.answerer

    def close(self) -> None:
        """At shutdown: write the question-log rows still waiting (this may wait for the lock)."""
        self.services.log.flush(wait=True)

    def handle(self, request: Request) -> Reply:
        """Answer any request: the handler's reply, a user error's message, or the fixed apology."""
        try:
            return self._dispatch(request)
        except BotError as exc:
            return Reply(text=str(exc), kind=ReplyKind.ERROR, ephemeral=True)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                log.warning("fact base busy handling %s: %s", type(request.command).__name__, exc)
                return Reply(text=messages.BUSY, kind=ReplyKind.ERROR, ephemeral=True)
            problem = write_problem(exc)
            self.health.failed(problem)
            log.error("could not write the fact base: %s", exc)
            return Reply(text=messages.CANNOT_WRITE, kind=ReplyKind.ERROR, ephemeral=True)
        except Exception:
            log.exception("unexpected error handling %s", type(request.command).__name__)
            return Reply(text=messages.APOLOGY, kind=ReplyKind.ERROR, ephemeral=True)

    def _dispatch(self, request: Request) -> Reply:
        ctx = self.services
        cmd = request.command
        match cmd:
            case Ask():
                return asking.ask(ctx, request, cmd)
            case Leadership():
                return asking.leadership(ctx, request, cmd.organization, cmd.picture)
            case Complete():
                return asking.complete(ctx, request, cmd)
            case Help():
                return asking.help(cmd.topic, request.platform)
            case AboutText():
                return about.about_text(ctx, request, cmd)
            case RecentChanges():
                return about.recent_changes(ctx, request, cmd)
            case AddFact():
                return facts.add(ctx, request, cmd)
            case EditFact():
                return facts.edit(ctx, request, cmd)
            case EndFact():
                return facts.end(ctx, request, cmd)
            case RemoveFact():
                return facts.remove(ctx, request, cmd.fact_id, removed=True)
            case RestoreFact():
                return facts.remove(ctx, request, cmd.fact_id, removed=False)
            case ShowHistory():
                return facts.history(ctx, request, cmd.fact_id)
            case Undo():
                return facts.undo(ctx, request)
            case SearchFacts():
                return facts.search(ctx, request, cmd.text)
            case StaleFacts():
                return freshness.stale(ctx, request, cmd.age)
            case VerifyFact():
                return freshness.verify(ctx, request, cmd)
            case Feedback():
                return feedback.feedback(ctx, request, cmd)
            case Gaps():
                return feedback.gaps(ctx, request)
            case SuggestFact():
                return proposals.suggest(ctx, request, cmd)
            case ReviewProposals():
                return proposals.review(ctx, request)
            case DecideProposal():
                return proposals.decide(ctx, request, cmd)
            case WatchOrg():
                return watches.watch(ctx, request, cmd)
            case SetDigest():
                return watches.digest(ctx, request, cmd)
        raise BadArgument("Unknown command.")  # pragma: no cover - the match is exhaustive
