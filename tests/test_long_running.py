"""What long-running bots share through the fact base: event dedupe across processes, the question log's
retention with ask counts kept incrementally, runtime settings, the health check's write probe and WAL
checkpoints taken beside the answers."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from factbot.bot.bootstrap import build, build_from_seed
from factbot.bot.domain.errors import BadArgument
from factbot.bot.settings import Settings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import TODAY, ask


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_an_event_is_claimed_once_across_two_connections_until_it_expires(tmp_path: Path) -> None:
    clock = Clock()
    first, second = Store(tmp_path / "f.db", clock=clock), Store(tmp_path / "f.db", clock=clock)
    try:
        assert first.first_time("slack:Ev1", ttl_seconds=600)
        assert not second.first_time("slack:Ev1", ttl_seconds=600)
        assert not first.first_time("slack:Ev1", ttl_seconds=600)
        assert second.first_time("slack:Ev2", ttl_seconds=600)
        clock.now += timedelta(seconds=601)
        assert second.first_time("slack:Ev1", ttl_seconds=600)  # expired: a new event after all
    finally:
        first.close()
        second.close()


def test_expired_event_ids_are_swept_so_the_table_stays_small(tmp_path: Path) -> None:
    clock = Clock()
    store = Store(tmp_path / "f.db", clock=clock)
    try:
        for i in range(1200):
            store.first_time(f"e{i}", ttl_seconds=1)
            clock.now += timedelta(seconds=0.1)
        assert store.events_remembered() < 600
    finally:
        store.close()


def test_the_question_log_forgets_old_questions_but_ask_counts_stay(db_path: Path) -> None:
    clock = Clock()
    store = Store(db_path, clock=clock, question_log_days=90)
    try:
        core = Core(store, today=lambda: TODAY)
        reply = ask(core, "who runs anthropic")
        assert reply.answered
        fact = reply.fact_ids[0]
        before = store.ask_counts([fact])[fact]
        assert before >= 1
        ask(core, "who is the boss of zzyzx corp")
        logged = store.question_count()
        clock.now += timedelta(days=91)
        ask(core, "who runs anthropic")  # logging also sweeps what is past the retention
        assert store.question_count() == 1 < logged
        assert store.ask_counts([fact])[fact] == before + 1
        assert store.ask_counts()[fact] == before + 1
    finally:
        store.close()


def test_a_retention_of_zero_keeps_every_question(db_path: Path) -> None:
    clock = Clock()
    store = Store(db_path, clock=clock, question_log_days=0)
    try:
        core = Core(store, today=lambda: TODAY)
        ask(core, "who runs anthropic")
        clock.now += timedelta(days=4000)
        ask(core, "who runs anthropic")
        assert store.question_count() == 2
    finally:
        store.close()


def test_the_upgrade_counts_what_the_old_log_holds(db_path: Path) -> None:
    path = db_path
    store = Store(path)
    core = Core(store, today=lambda: TODAY)
    reply = ask(core, "who runs anthropic")
    fact = reply.fact_ids[0]
    # Pretend the file predates the counts table: drop it and step the schema back to before the runtime migration (v7).
    store.db.execute("DROP TABLE fact_asks")
    for table in ("events_seen", "runtime_settings", "heartbeats"):
        store.db.execute(f"DROP TABLE {table}")
    store.db.execute("DROP INDEX IF EXISTS idx_questions_at")
    store.db.execute("PRAGMA user_version = 6")
    store.close()
    again = Store(path)
    try:
        assert again.ask_counts([fact]) == {fact: 1}
    finally:
        again.close()


def test_runtime_settings_and_the_heartbeat_probe(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    store = Store(path)
    try:
        assert store.runtime_setting("discord.commands") is None
        store.set_runtime_setting("discord.commands", "abc")
        store.set_runtime_setting("discord.commands", "def")
        assert store.runtime_setting("discord.commands") == "def"
        store.heartbeat("slack-1")
        store.heartbeat("slack-1")
        assert store.db.execute("SELECT count(*) FROM heartbeats").fetchone()[0] == 1
    finally:
        store.close()


@pytest.mark.parametrize("raw", ["-1", "abc", "1e3", "100001"])
def test_bad_retention_settings_name_the_variable(raw: str) -> None:
    with pytest.raises(BadArgument, match="FACTBOT_QUESTION_LOG_DAYS"):
        Settings.from_env({"FACTBOT_QUESTION_LOG_DAYS": raw})


def test_retention_and_health_port_settings() -> None:
    settings = Settings.from_env({"FACTBOT_QUESTION_LOG_DAYS": "30", "FACTBOT_HEALTH_PORT": "8080"})
    assert settings.question_log_days == 30 and settings.health_port == 8080
    assert Settings.from_env({}).question_log_days == 90 and Settings.from_env({}).health_port is None
    with pytest.raises(BadArgument, match="FACTBOT_HEALTH_PORT"):
        Settings.from_env({"FACTBOT_HEALTH_PORT": "70000"})


def test_finished_conversations_are_swept_not_kept_until_the_cap(store: Store) -> None:
    from factbot.bot.usecases.conversation import Conversations, Focus

    now = [0.0]
    memory = Conversations(max_conversations=10_000, ttl_seconds=60, clock=lambda: now[0])
    for i in range(1000):
        memory.put(f"thread:{i}", Focus())
        now[0] += 1.0
    assert len(memory) <= 61  # the last minute's conversations, not a thousand


@pytest.mark.asyncio
async def test_health_is_down_when_the_fact_base_cannot_be_read_and_ok_otherwise(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from factbot import health
    from factbot.runner import CoreRunner

    store = Store(db_path)
    runner = CoreRunner(Core(store, today=lambda: TODAY))

    async def connected() -> health.Check:
        return health.Check(True, "fake platform")

    try:
        assert (await health.Health(runner, connected).report())["status"] == "ok"
        assert store.db.execute("SELECT count(*) FROM heartbeats").fetchone()[0] == 1  # really written

        def damaged() -> None:
            raise sqlite3.DatabaseError("file is not a database")

        monkeypatch.setattr(store, "probe_read", damaged)
        report = await health.Health(runner, connected).report()
        assert report["status"] == "down" and not report["database"]["readable"]
        assert "file is not a database" in report["database"]["detail"]
    finally:
        runner.close()
        store.close()


def test_a_bot_checkpoints_its_log_on_a_thread_of_its_own_not_inside_answers(tmp_path: Path) -> None:
    base = tmp_path / "f.db"
    build_from_seed(base)
    app = build(Settings(db_path=str(base)))
    try:  # the answering connection no longer checkpoints at SQLite's usual 1,000 pages
        assert app.store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 20_000
    finally:
        app.close()
    store = Store(base)
    store.checkpoint_in_background(interval=0.05)
    core = Core(store, today=lambda: TODAY)
    try:
        for i in range(400):  # each answer commits a question-log row: ~3 WAL pages, 5.3 MB unchecked
            ask(core, f"who runs openai {i}")
            if i % 50 == 49:  # a quiet moment, as between chat messages: a checkpoint there is complete,
                time.sleep(0.15)  # so the next commit starts the log over (back-to-back ones never let it)
        wal_bytes = (tmp_path / "f.db-wal").stat().st_size
    finally:
        store.close()
    assert wal_bytes < 2_500_000  # the thread's checkpoints let the log start over again and again
    reopened = Store(base)
    try:
        assert ask(Core(reopened, today=lambda: TODAY), "who runs openai").answered
    finally:
        reopened.close()
