"""Issue 11 replayed: each attack of the hardening table against the real Slack HTTP server (slack-bolt over
aiohttp, on the local fake Slack), the real Discord client, the real `factbot` process and CLI, and the
real SQLite file. Each test names the table row it replays."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from factbot import logs, slack_adapter
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    DecideProposal,
    EditFact,
    Feedback,
    Gaps,
    Request,
    ReviewProposals,
    Role,
    ShowHistory,
    StaleFacts,
    SuggestFact,
    Undo,
)
from factbot.bot.settings import LimitSettings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.http_guard import HttpLimits
from factbot.limits import Admission, Limiter
from factbot.runner import CoreRunner
from factbot.slack_adapter import ConfigError, SlackSettings
from tests.cli_helpers import Cli, assert_user_error, counts
from tests.fakes.slack import (
    FakeSlack,
    app_mention,
    dm_message,
    event_callback,
    json_body,
    signed_headers,
    slash_command_body,
)
from tests.support import ROOT, TODAY

SECRET = "security-signing-secret"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Cli:
    return Cli(capsys, db_path)


@dataclass
class Server:
    """factbot's Slack HTTP mode, served by serve_http itself (guard, health check and all)."""

    fake: FakeSlack
    url: str
    store: Store
    core: Core
    runner: CoreRunner
    http: aiohttp.ClientSession
    log: io.StringIO
    events: int = 0

    async def send(self, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
        headers = headers if headers is not None else signed_headers(SECRET, body)
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=headers) as resp:
            return resp.status, await resp.text()

    async def health(self) -> tuple[int, str]:
        async with self.http.get(f"{self.url}/healthz") as resp:
            return resp.status, await resp.text()

    async def event(self, event: dict[str, Any], team: str = "T1") -> None:
        self.events += 1
        status, _ = await self.send(json_body(event_callback(event, event_id=f"EvS{self.events}", team_id=team)))
        assert status == 200

    async def posted(self, count: int) -> dict[str, Any]:
        calls = await self.fake.wait_for("chat.postMessage", count=count, include_injected=False)
        return calls[count - 1].args

    async def command(self, command: str, text: str, user: str = "U1", team: str = "T1") -> str:
        """Run a slash command; everything the user was shown, as text."""
        self.events += 1
        name = f"r{self.events}"
        before = len(self.fake.calls_of("respond"))
        body = slash_command_body(
            command, text, user_id=user, team_id=team, response_url=self.fake.response_url(name)
        )
        status, _ = await self.send(body)
        assert status == 200
        calls = await self.fake.wait_for("respond", count=before + 1)
        return _text([c.args for c in calls if c.args.get("_name") == name][-1])


def _text(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """The root logger as `factbot slack` configures it (throttle and redaction), into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(logs.Throttle())
    handler.addFilter(logs.Redacting((SECRET,)))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@asynccontextmanager
async def slack_server(
    db_path: Path,
    limits: HttpLimits | None = None,
    admission: Admission | None = None,
    guard_checks_signatures: bool = True,
) -> AsyncIterator[Server]:
    """As `factbot slack --http` serves (the guard checks signatures first), or with slack-bolt alone
    checking them (to replay what reaches its logging)."""
    async with FakeSlack() as fake:
        fake.add_user("U1")
        fake.add_user("U2")
        fake.add_user("UADMIN", is_admin=True, team_id="T1")
        fake.add_user("UADMIN2", is_admin=True, team_id="T2")
        fake.add_user("UGUEST", is_admin=True, team_id="T9")  # an admin of another team (Slack Connect)
        store = Store(db_path)
        core = Core(store, today=lambda: TODAY)
        runner = CoreRunner(core, admission)
        settings = SlackSettings(
            bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.base_url, admins=frozenset({"UGLOBAL"})
        )
        app = slack_adapter.build_app(runner, settings)
        stop = asyncio.Event()
        with captured_logs() as log:
            task = asyncio.create_task(
                slack_adapter.serve_http(
                    app, runner, "127.0.0.1", 0, stop, limits=limits,
                    signing_secret=SECRET if guard_checks_signatures else None,
                )
            )
            port = await _listening_port(log, task)
            async with aiohttp.ClientSession() as http:
                try:
                    yield Server(fake, f"http://127.0.0.1:{port}", store, core, runner, http, log)
                finally:
                    stop.set()
                    await asyncio.wait_for(task, 15)
        runner.close()
        store.close()


async def _listening_port(log: io.StringIO, task: asyncio.Task[None]) -> int:
    async with asyncio.timeout(10):
        while True:
            if task.done():
                task.result()
            for line in log.getvalue().splitlines():
                if "listening for Slack on http://127.0.0.1:" in line:
                    return int(line.rsplit(":", 1)[1].split("/")[0])
            await asyncio.sleep(0.01)


def member(command: Any, user: str = "U1", team: str | None = "T1", channel: str | None = "C1") -> Request:
    return Request(command=command, platform="slack", user_id=user, workspace_id=team, channel_id=channel)


def admin(command: Any, team: str | None = "T1", user: str = "UADMIN") -> Request:
    return Request(
        command=command, platform="slack", user_id=user, workspace_id=team, role=Role.WORKSPACE_ADMIN
    )


# -- row 1: one unsigned POST froze the bot for minutes --------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("guard_checks_signatures", [True, False])
async def test_row1_a_huge_unsigned_post_is_refused_at_once_and_logged_bounded(
    db_path: Path, guard_checks_signatures: bool
) -> None:
    async with slack_server(db_path, guard_checks_signatures=guard_checks_signatures) as s:
        body = b"token=x&text=" + b"a" * 900_000  # slack-bolt logs the whole body at INFO
        started = time.monotonic()
        status, _ = await s.send(body, {"Content-Type": "application/x-www-form-urlencoded",
                                        "X-Slack-Request-Timestamp": str(int(time.time())),
                                        "X-Slack-Signature": "v0=bad",
                                        "User-Agent": "b" * 8000})
        assert status == 401
        assert await s.health() == (200, "ok")
        assert time.monotonic() - started < 20  # it took 5+ minutes: the regex was quadratic
        longest = max(len(line) for line in s.log.getvalue().splitlines())
        assert longest < logs.MAX_MESSAGE + 200, longest


def test_row1_redaction_cost_grows_linearly_with_the_text() -> None:
    small, large = "a" * 20_000, "a" * 2_000_000
    timings = []
    for text in (small, large):
        started = time.perf_counter()
        logs.redact(text)
        timings.append(time.perf_counter() - started)
    # 100× the text: a quadratic regex took 10,000× longer (minutes); linear is ~100×.
    assert timings[1] < 2.0, timings
    assert logs.redact("Bot MTAxMjM0NTY3ODkwMTIzNDU2.GhIjKl.abcdefghijklmnopqrstuvwxyz012") == "Bot [redacted]"


# -- row 2: answering depended on writing the question log -----------------------------------------------


@pytest.mark.asyncio
async def test_row2_answers_do_not_wait_for_a_writer_holding_the_lock(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        with closing(sqlite3.connect(db_path, isolation_level=None)) as importer:
            importer.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
            started = time.monotonic()
            await s.event(app_mention("who founded anthropic"))
            answer = await s.posted(1)
            assert time.monotonic() - started < 5  # it waited 10 s, then apologised
            assert "Dario Amodei" in _text(answer)
            before = s.store.question_count()
            importer.execute("COMMIT")
        await s.event(app_mention("who is the zorblax of quuxcorp", ts="1700000000.000009"))
        await s.posted(2)
        assert s.store.question_count() == before + 2  # the held-back question went in afterwards


@pytest.mark.asyncio
async def test_row2_a_full_or_read_only_fact_base_still_answers_and_health_says_degraded(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        assert await s.health() == (200, "ok")
        s.store.db.execute("PRAGMA query_only = 1")  # SQLite refuses writes as on a read-only file
        await s.event(app_mention("who founded anthropic"))
        assert "Dario Amodei" in _text(await s.posted(1))
        status, text = await s.health()
        assert status == 200 and text.startswith("degraded: the fact base is read-only"), text
        refused = await s.command("/fact", "remove 1", user="UGLOBAL")
        assert "cannot be written" in refused
        s.store.db.execute("PRAGMA query_only = 0")

        pages = s.store.db.execute("PRAGMA page_count").fetchone()[0]
        s.store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
        for i in range(200):
            reply = await s.runner.handle(member(Ask(f"what is thing {i} " + "x" * 400), channel=None))
            assert reply.kind != "error", reply.text
            if not s.runner.health().ok:
                break
        assert (await s.health())[1].startswith("degraded: the disk is full")
        s.store.db.execute("PRAGMA max_page_count = 1073741823")
        await s.runner.handle(member(Ask("who runs openai"), channel=None))
        assert await s.health() == (200, "ok")


# -- row 3: private text crossed workspaces --------------------------------------------------------------


@pytest.mark.asyncio
async def test_row3_direct_messages_and_comments_stay_out_of_other_workspaces_gaps(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        await s.event(dm_message("is zorblax quuxcorp laying off the london team"))
        await s.posted(1)
        for team in ("T1", "T2"):
            gaps = await s.command("/fact", "gaps", team=team)
            assert "zorblax" not in gaps, team
        await s.command("/fact", "feedback 1 down our secret merger talk is wrong", team="T1")
        assert "secret merger" in await s.command("/fact", "gaps", team="T1")
        assert "secret merger" not in await s.command("/fact", "gaps", team="T2")


@pytest.mark.asyncio
async def test_row3_discord_direct_messages_stay_out_of_guild_gaps(db_path: Path) -> None:
    from tests.fakes.discord import FakeDiscord, point_discord_at
    from tests.test_discord import running

    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path) as bot:
                await fake.dispatch("MESSAGE_CREATE", fake.message_create("zorblax quuxcorp layoffs", guild_id=None))
                await fake.wait_for("POST", "/channels/")
                gaps = await bot.interact("fact gaps", {})
                assert "zorblax" not in json.dumps(gaps)


# -- row 4: workspace names leaked through suggestions ---------------------------------------------------


@pytest.mark.asyncio
async def test_row4_a_workspaces_names_are_never_suggested_to_another(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        added = s.core.handle(admin(AddFact("Zyxwvut Stealth Labs", "ceo", "Jane Quietly")))
        assert added.kind == "confirmation", added.text
        assert "Zyxwvut" in await s.command("/leadership", "zyxwvut stealth labz", team="T1")
        assert "Zyxwvut" not in await s.command("/leadership", "zyxwvut stealth labz", team="T2")
        assert "Zyxwvut" not in await s.command("/ask", "who runs zyxwvut stealth labz", team="T2")


# -- row 5: export onto the live fact base truncated it --------------------------------------------------


def test_row5_export_onto_the_live_fact_base_is_refused(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    before = counts(db_path)
    size = db_path.stat().st_size
    assert_user_error(cli("facts", "export", str(db_path)))
    assert db_path.stat().st_size == size and counts(db_path) == before
    other = tmp_path / "other.db"
    Store(other).close()
    assert_user_error(cli("facts", "export", str(other)))  # any fact base, not only the live one
    out = tmp_path / "facts.jsonl"
    assert cli("facts", "export", str(out)).code == 0
    assert not list(tmp_path.glob(".*.partial"))


# -- row 6: only questions were rate-limited --------------------------------------------------------------


@pytest.mark.asyncio
async def test_row6_every_member_command_is_limited(db_path: Path) -> None:
    admission = Admission(Limiter(LimitSettings(per_minute=20, burst=10, repeat_cooldown=30)))
    async with slack_server(db_path, admission=admission) as s:
        replies = [await s.runner.handle(member(StaleFacts())) for _ in range(40)]
        assert sum(r.kind != "limited" for r in replies) <= 2  # reports cost five questions each
        for command in (Gaps(), ShowHistory(1)):
            assert (await s.runner.handle(member(command))).kind == "limited"
        assert (await s.runner.handle(member(Ask("who runs openai"), user="U2"))).answered  # others unharmed


# -- row 7: slow-loris -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_row7_stalled_connections_are_cut_and_capped(db_path: Path) -> None:
    limits = HttpLimits(max_connections=30, head_timeout=0.5, body_timeout=0.5)
    async with slack_server(db_path, limits=limits) as s:
        port = int(s.url.rsplit(":", 1)[1])
        slow_body = await asyncio.open_connection("127.0.0.1", port)
        slow_body[1].write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
        stalled = []
        for _ in range(60):  # twice the cap: the rest are closed at once
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # and never the rest
            stalled.append((reader, writer))
        async with asyncio.timeout(10):
            for reader, _ in stalled:
                await reader.read()  # the server closes every one of them
            assert b"408" in await slow_body[0].read()
        for _, writer in [*stalled, slow_body]:
            writer.close()
        assert await s.health() == (200, "ok")
        assert len(s.log.getvalue()) < 200_000


# -- row 8: Socket Mode ignored SIGTERM while Slack was unreachable --------------------------------------


async def _factbot_process(db_path: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "factbot", *args, "--db", str(db_path),
        cwd=ROOT, env={**os.environ, **env},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )


@pytest.mark.asyncio
async def test_row8_socket_mode_stops_on_sigterm_while_slack_is_unreachable(db_path: Path) -> None:
    proc = await _factbot_process(
        db_path, "slack", SLACK_BOT_TOKEN="xoxb-1-2-x", SLACK_APP_TOKEN="xapp-1-A-x",
        SLACK_API_URL="http://127.0.0.1:9/",
    )
    assert proc.stderr is not None
    await asyncio.sleep(3)  # importing, then retrying a connection that is refused
    assert proc.returncode is None
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 10) == 0
    await proc.stderr.read()


# -- row 10: admin scope ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_row10_no_team_id_is_no_global_approval_and_guests_are_not_admins(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        proposed = s.core.handle(
            Request(SuggestFact("Quuxcorp", "ceo", "Ann Other"), platform="console", user_id="op")
        )
        pid = int(proposed.text.split("#")[1].split()[0].rstrip(":."))
        refused = s.core.handle(admin(DecideProposal(pid, True), team=None))
        assert refused.kind == "error" and "inside their workspace" in refused.text
        assert s.store.proposal(pid).status == "pending"
        fact = s.core.handle(admin(AddFact("Guestco", "ceo", "Gee Host"))).fact_ids[0]
        said = await s.command("/fact", f"remove {fact}", user="UGUEST", team="T1")
        assert "only admins" in said and not s.store.fact(fact).removed
        said = await s.command("/fact", f"remove {fact}", user="UADMIN", team="T1")
        assert s.store.fact(fact).removed, said


# -- row 11: export then import lost the scope -----------------------------------------------------------


def test_row11_export_then_import_keeps_each_facts_scope(cli: Cli, core: Core, db_path: Path, tmp_path: Path) -> None:
    fact_id = core.handle(admin(AddFact("Scopedco", "ceo", "Sue Scope"))).fact_ids[0]
    out = tmp_path / "out.jsonl"
    assert cli("facts", "export", str(out)).code == 0
    fresh = tmp_path / "fresh.db"
    Store(fresh).close()
    assert cli("facts", "import", str(out), db=fresh).code == 0
    store = Store(fresh)
    try:
        [copy] = [f for f in store.all_facts() if f.subject == "Scopedco"]
        assert copy.scope == "slack:T1" == core.store.fact(fact_id).scope
    finally:
        store.close()


# -- row 12: a replayed signed /fact undo ran twice ------------------------------------------------------


@pytest.mark.asyncio
async def test_row12_a_replayed_signed_command_runs_once(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        first = s.core.handle(admin(AddFact("Replayco", "ceo", "Rita Replay")))
        s.core.handle(admin(AddFact("Replayco", "cto", "Tom Twice")))
        body = slash_command_body("/fact", "undo", user_id="UADMIN", team_id="T1",
                                  response_url=s.fake.response_url("undo"))
        headers = signed_headers(SECRET, body)
        assert (await s.send(body, headers))[0] == 200
        await s.fake.wait_for("respond", count=1)
        assert (await s.send(body, dict(headers)))[0] == 200  # the same bytes, within five minutes
        await asyncio.sleep(0.5)
        undos = [h for f in first.fact_ids for h in s.store.history(f + 1) if h.action == "undo"]
        assert len(undos) == 1
        assert not s.store.fact(first.fact_ids[0]).removed  # the second undo would have removed it


# -- row 13: forged log lines, a 500 for a bad timestamp -------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("guard_checks_signatures", [True, False])
async def test_row13_no_forged_log_lines_and_a_bad_timestamp_is_a_401(
    db_path: Path, guard_checks_signatures: bool
) -> None:
    async with slack_server(db_path, guard_checks_signatures=guard_checks_signatures) as s:
        forged = b"text=hi\nCRITICAL factbot.core admin password reset by attacker\n"
        status, _ = await s.send(forged, {"Content-Type": "application/x-www-form-urlencoded",
                                          "X-Slack-Request-Timestamp": str(int(time.time())),
                                          "X-Slack-Signature": "v0=bad"})
        assert status == 401
        assert not any(line.startswith("CRITICAL") for line in s.log.getvalue().splitlines())
        status, text = await s.send(b"{}", {"Content-Type": "application/json",
                                            "X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=x"})
        assert status == 401, text
        assert "Traceback" not in s.log.getvalue()


# -- row 14: control characters ---------------------------------------------------------------------------


def test_row14_control_characters_never_reach_a_stored_source_url_nor_the_terminal(
    cli: Cli, core: Core, db_path: Path
) -> None:
    for url in ("https://example.com/\x1b]8;;evil\x07", "https://exa\u202emple.com", "https://e\u200bx.com/"):
        for reply in (
            core.handle(admin(AddFact("Escapeco", "ceo", f"Esc Ape {len(url)}", source_url=url))),
            core.handle(member(SuggestFact("Escapeco", "ceo", "Esc Ape", source_url=url))),
        ):
            assert reply.kind == "confirmation", reply.text
    stored = [f.source_url for f in core.store.all_facts() if f.subject == "Escapeco"]
    proposed = [p.source_url for p in core.store.proposals(None)]
    for url in (*stored, *proposed):
        assert url.isprintable() and "\u202e" not in url and "\u200b" not in url, repr(url)
    assert "https://example.com" in proposed
    added = core.handle(admin(AddFact("Escapeco", "ceo", "Esc Ape")))
    with closing(sqlite3.connect(db_path)) as conn, conn:  # a row stored before this check existed
        conn.execute("UPDATE facts SET source_url = ? WHERE id = ?", ["https://x.com/\x1b[2J", added.fact_ids[0]])
    shown = cli("facts", "history", str(added.fact_ids[0]))
    assert shown.code == 0 and "\x1b" not in shown.out and "\\u001b[2J" in shown.out


# -- row 15: a 0-byte file and a newer schema ------------------------------------------------------------


def test_row15_an_empty_file_and_a_newer_schema_are_refused_untouched(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = cli("ask", "who runs openai", db=empty)
    assert_user_error(result)
    assert "empty (0 bytes)" in result.err and empty.stat().st_size == 0
    assert_user_error(cli("db", "seed", db=empty))
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    result = cli("ask", "who runs openai")
    assert_user_error(result)
    assert "newer factbot" in result.err
    assert db_path.read_bytes() == before


# -- row 16: undo over another admin's change; silence for a different user ------------------------------


def test_row16_undo_refuses_when_another_admin_changed_the_fact_later(core: Core) -> None:
    fact_id = core.handle(admin(AddFact("Undoco", "ceo", "Una Do"))).fact_ids[0]
    edited = core.handle(admin(EditFact(fact_id, (("object", "Ed Itor"),)), user="UOTHER"))
    assert edited.kind == "confirmation", edited.text
    refused = core.handle(admin(Undo()))
    assert refused.kind == "error" and "changed again later by slack:UOTHER" in refused.text
    assert core.store.fact(fact_id).object == "Ed Itor" and not core.store.fact(fact_id).removed


@pytest.mark.asyncio
async def test_row16_a_different_user_repeating_a_question_hears_something(db_path: Path) -> None:
    admission = Admission(Limiter(LimitSettings(per_minute=20, burst=10, repeat_cooldown=30)))
    async with slack_server(db_path, admission=admission) as s:
        await s.event(app_mention("who founded anthropic", user="U1"))
        await s.posted(1)
        await s.event(app_mention("who founded anthropic", user="U2", ts="1700000000.000005"))
        # Only U2 is told (issue 12: notices on mentions are ephemeral, never posted to the channel).
        [said] = [c.args for c in await s.fake.wait_for("chat.postEphemeral")]
        assert said["user"] == "U2" and "answered that in this channel" in _text(said)


# -- row 17: tracebacks instead of one line, and loose files ---------------------------------------------


@pytest.mark.asyncio
async def test_row17_a_member_asking_for_stale_9999y_gets_one_line(db_path: Path) -> None:
    async with slack_server(db_path) as s:
        said = await s.command("/fact", "stale 9999y")
        assert "at most 100 years" in said
        assert "Traceback" not in s.log.getvalue()


def test_row17_cli_errors_are_one_line(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_user_error(cli("facts", "export", str(tmp_path / "missing" / "out.jsonl")))
    assert_user_error(cli("db", "backup", str(tmp_path / "missing" / "copy.db")))
    for name, value in (("FACTBOT_STALE_AFTER", "soon"), ("FACTBOT_RATE_BURST", "lots")):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            result = cli("ask", "who runs openai")
            assert_user_error(result)
            assert name in result.err


def test_row17_csv_exports_neutralise_formulas_and_imports_take_bom_and_bounded_files(
    cli: Cli, core: Core, tmp_path: Path
) -> None:
    core.handle(
        Request(AddFact("Formulaco", "ceo", '=HYPERLINK("http://evil")'), platform="console", role=Role.GLOBAL_ADMIN)
    )
    core.handle(
        Request(AddFact("Formulaco", "cto", "@SUM(A1)"), platform="console", user_id="op", role=Role.GLOBAL_ADMIN)
    )
    out = tmp_path / "facts.csv"
    assert cli("facts", "export", str(out)).code == 0
    cells = [c for line in out.read_text(encoding="utf-8").splitlines() for c in line.split(",")]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert any(c.startswith("'@SUM") for c in cells)

    fresh = tmp_path / "fresh.db"
    Store(fresh).close()
    bom = tmp_path / "excel.csv"
    bom.write_bytes("\ufeffsubject,relation,object\nBomco,ceo,Bo Mann\n".encode())
    assert cli("facts", "import", str(bom), db=fresh).code == 0
    assert cli("facts", "import", str(out), db=fresh).code == 0
    store = Store(fresh)
    try:
        objects = {f.object for f in store.all_facts()}
        assert {"Bo Mann", "@SUM(A1)"} <= objects  # the quote is taken off again on import
    finally:
        store.close()

    huge = tmp_path / "huge.jsonl"
    huge.write_text('{"subject": "' + "x" * 300_000 + '"}\n', encoding="utf-8")
    for path, fmt in ((huge, "jsonl"), (Path("/dev/zero"), "jsonl")):
        started = time.monotonic()
        result = cli("facts", "import", str(path), "--format", fmt, db=fresh)
        assert_user_error(result)
        assert time.monotonic() - started < 10


def test_row17_edit_refuses_an_object_that_is_its_own_subject(core: Core) -> None:
    fact_id = core.handle(admin(AddFact("Selfco", "ceo", "Sam Self"))).fact_ids[0]
    reply = core.handle(admin(EditFact(fact_id, (("object", "Selfco"),))))
    assert reply.kind == "error" and "same" in reply.text
    assert core.store.fact(fact_id).object == "Sam Self"


@pytest.mark.asyncio
async def test_row17_a_bad_discord_token_is_one_line(db_path: Path) -> None:
    from tests.fakes.discord import FakeDiscord

    async with FakeDiscord(token="good-token") as fake:
        proc = await _factbot_process(
            db_path, "discord", DISCORD_TOKEN="bad", DISCORD_API_URL=fake.api_base,
            DISCORD_GATEWAY_URL=fake.gateway_url,
        )
        assert proc.stderr is not None
        code = await asyncio.wait_for(proc.wait(), 30)
        err = (await proc.stderr.read()).decode()
    assert code == 1, err
    assert "Traceback" not in err and "Discord refused DISCORD_TOKEN" in err


# -- row 18: what admins and members see -----------------------------------------------------------------


def test_row18_workspace_admins_review_only_their_own_proposals(core: Core) -> None:
    core.handle(member(SuggestFact("Zyxwa Quanta", "ceo", "Al Pha"), user="UA", team="T1"))
    core.handle(member(SuggestFact("Vortequil Systems", "ceo", "Bea Ta"), user="UB", team="T2"))
    core.handle(member(SuggestFact("Plumbrite Works", "ceo", "Gam Ma"), user="UC", team=None))
    shown = core.handle(admin(ReviewProposals(), team="T1"))
    text = json.dumps([shown.text, *(f.name + f.value for f in shown.fields)])
    assert "Zyxwa Quanta" in text and "Vortequil Systems" not in text and "Plumbrite Works" not in text and "slack:UB" not in text


def test_row18_members_do_not_see_the_operators_account_name(cli: Cli, core: Core) -> None:
    added = cli("facts", "add", "Opco", "ceo", "Op Erator")
    assert added.code == 0, added.err
    fact_id = int(added.out.split("#")[1].split()[0].rstrip(":."))
    history = core.handle(member(ShowHistory(fact_id)))
    text = json.dumps([f.name for f in history.fields])
    assert "console:" not in text and "the operator" in text


def test_row18_a_token_pasted_into_slack_api_url_is_not_echoed() -> None:
    token = "xoxb-123456789-987654321-SECRETSECRET"
    with pytest.raises(ConfigError) as caught:
        SlackSettings.from_env(
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s" * 20, "SLACK_API_URL": token},
            http=True,
            admins=frozenset(),
        )
    assert "SECRET" not in str(caught.value) and "SLACK_API_URL" in str(caught.value)


# -- further attacks ---------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("guard_checks_signatures", [True, False])
async def test_unsigned_bodies_slack_bolt_cannot_parse_are_refused_not_a_500(
    db_path: Path, guard_checks_signatures: bool
) -> None:
    async with slack_server(db_path, guard_checks_signatures=guard_checks_signatures) as s:
        unsigned = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=x"}
        for body, kind in (
            (b"[" * 200_000, "application/json"),  # bolt's json.loads: RecursionError
            (b"\xff\xfe\x00 not utf-8", "application/json"),  # bolt's decode: UnicodeDecodeError
            (b"payload=" + b"%5B" * 100_000, "application/x-www-form-urlencoded"),
        ):
            status, _ = await s.send(body, {**unsigned, "Content-Type": kind})
            assert status in (400, 401), body[:20]
        assert "Traceback" not in s.log.getvalue()
        await s.event(app_mention("who founded anthropic"))  # signed requests still go through
        assert "Dario Amodei" in _text(await s.posted(1))


def test_feedback_on_a_read_only_base_still_thanks_and_is_kept_for_later(core: Core) -> None:
    core.store.db.execute("PRAGMA query_only = 1")
    reply = core.handle(member(Feedback((1,), helpful=False, comment="wrong")))
    assert reply.kind == "confirmation"
    assert not core.health.status().ok
    core.store.db.execute("PRAGMA query_only = 0")
    core.handle(member(Gaps()))  # the next write flushes what waited
    assert core.health.status().ok


@pytest.mark.asyncio
async def test_row8_a_refused_slack_token_ends_socket_mode_with_one_line(db_path: Path) -> None:
    async with FakeSlack() as fake:
        for _ in range(20):
            fake.fail_next("apps.connections.open", "invalid_auth")
        proc = await _factbot_process(
            db_path, "slack", SLACK_BOT_TOKEN="xoxb-1-2-x", SLACK_APP_TOKEN="xapp-1-A-x",
            SLACK_API_URL=fake.base_url,
        )
        assert proc.stderr is not None
        code = await asyncio.wait_for(proc.wait(), 30)  # the SDK retried a refused token forever
        err = (await proc.stderr.read()).decode()
    assert code == 1, err
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in err and "Traceback" not in err


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
    reason="needs root and setpriv to run factbot as another user",
)
def test_row2_a_read_only_fact_base_file_still_answers(tmp_path: Path) -> None:
    """The real thing: the file is chmod 444 and factbot runs as a user who may not write it."""
    import shutil
    import subprocess
    import tempfile

    from tests.support import EMBEDDED_DB

    drop = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
    probe = subprocess.run([*drop, "-c", "import factbot"], cwd=ROOT, capture_output=True, timeout=60)
    if probe.returncode != 0:  # e.g. an interpreter under /root whose install the other user cannot read
        pytest.skip("the unprivileged user cannot import factbot from this interpreter's install")
    folder = Path(tempfile.mkdtemp(prefix="factbot-ro-"))
    try:
        folder.chmod(0o777)
        db = folder / "facts.db"
        shutil.copyfile(EMBEDDED_DB, db)
        db.chmod(0o444)
        result = subprocess.run(
            ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             sys.executable, "-m", "factbot", "ask", "who founded anthropic", "--db", str(db)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={**os.environ, "XDG_DATA_HOME": str(folder)},
        )
        assert result.returncode == 0, result.stderr
        assert "Dario Amodei" in result.stdout
        assert "Traceback" not in result.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_row6_reports_read_a_bounded_window_of_the_question_log(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbot.bot.storage import question_log

    for _ in range(3):
        core.handle(member(Ask("what does glorbnax corp sell")))
    assert "glorbnax" in json.dumps([f.value for f in core.handle(member(Gaps())).fields])
    monkeypatch.setattr(question_log, "QUESTION_WINDOW", 5)
    for i in range(5):
        core.handle(member(Ask(f"who runs openai {i}")))
    # however long the log, a report reads only the newest QUESTION_WINDOW questions
    assert "glorbnax" not in json.dumps([f.value for f in core.handle(member(Gaps())).fields])
