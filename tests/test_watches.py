"""Watches, weekly digests and the leadership picture: through the core, and end to end on the Slack and
Discord fakes (the real slack_sdk / discord.py posting notes and uploading the timeline).

Time is injected: the store's clock stamps the history, and the poster is handed `now`.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from slack_sdk.web.async_client import AsyncWebClient

from factbot import discord_adapter, slack_adapter
from factbot.bot.domain.port import (
    AddFact,
    DecideProposal,
    EndFact,
    Leadership,
    Request,
    Role,
    SetDigest,
    SuggestFact,
    WatchOrg,
)
from factbot.bot.ingest import transfer
from factbot.bot.storage.store import Store
from factbot.bot.usecases import watches
from factbot.bot.usecases.dispatch import Core
from factbot.cli import main
from factbot.runner import CoreRunner
from factbot.slack_adapter import SlackSettings
from factbot.watch_poster import WatchPoster
from tests.fakes.discord import CHANNEL_ID, FakeDiscord, point_discord_at
from tests.fakes.slack import FakeSlack, serve, signed_headers, slash_command_body
from tests.support import TODAY

SECRET = "test-signing-secret"
PNG = b"\x89PNG\r\n\x1a\n"
# A Saturday after the shipped base was built: the week of 2027-03-01 … 2027-03-07 (ISO week 9).
START = datetime(2027, 3, 6, 12, 0, tzinfo=UTC)
MONDAY = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def admin(
    command: Any, platform: str = "slack", channel: str | None = "C1", role: Role = Role.GLOBAL_ADMIN
) -> Request:
    return Request(
        command, platform=platform, user_id="UADMIN", workspace_id="T1", channel_id=channel, role=role
    )


def acme(core: Core) -> int:
    reply = core.handle(
        admin(
            AddFact(
                "Examplo AI", "ceo", "Ada Quellwater", start="2020-01", source_url="https://example.com/ada"
            )
        )
    )
    assert not reply.is_error, reply.text
    return reply.fact_ids[0]


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def timed(db_path: Path, clock: Clock) -> Iterator[tuple[Store, Core]]:
    store = Store(db_path, clock=clock)
    yield store, Core(store, today=lambda: clock.now.date())
    store.close()


# -- the core -----------------------------------------------------------------------------------------------


def test_only_admins_in_a_channel_may_watch(timed: tuple[Store, Core]) -> None:
    store, core = timed
    assert core.handle(admin(WatchOrg("Stability AI"), role=Role.MEMBER)).is_error
    no_channel = core.handle(admin(WatchOrg("Stability AI"), channel=None))
    assert no_channel.is_error and "channel" in no_channel.text
    unknown = core.handle(admin(WatchOrg("Nonesuch Widgets")))
    assert unknown.is_error and "Nonesuch" in unknown.text
    assert store.watches() == []
    ok = core.handle(admin(WatchOrg("stabilty ai"), role=Role.WORKSPACE_ADMIN))
    assert not ok.is_error and "Stability AI" in ok.text
    assert "already" in core.handle(admin(WatchOrg("Stability AI"))).text
    assert core.handle(admin(WatchOrg(""))).text == "This channel watches: Stability AI."
    assert not core.handle(admin(WatchOrg("Stability AI", on=False))).is_error
    assert core.handle(admin(WatchOrg("Stability AI", on=False))).is_error
    assert core.handle(admin(SetDigest("daily"))).is_error  # only weekly or off
    assert store.watches() == []


def test_one_change_is_noted_once_from_any_source_and_never_twice(
    timed: tuple[Store, Core], db_path: Path
) -> None:
    store, core = timed
    fact_id = acme(core)  # before the watch: not noted
    assert not core.handle(admin(WatchOrg("Examplo AI"))).is_error
    assert watches.collect(store, START) == 0
    core.handle(admin(EndFact(fact_id, "2027-02")))
    assert watches.collect(store, START) == 1
    assert watches.collect(store, START) == 0  # collecting again queues nothing
    other = Store(db_path)  # another process collecting the same base queues nothing either
    try:
        assert watches.collect(other, START) == 0
    finally:
        other.close()
    [note] = watches.pending(store, "slack")
    assert note.channel_id == "C1"
    assert note.text.startswith("Examplo AI: ended February 2027 — ")
    assert note.text.endswith("Source: example.com — https://example.com/ada") and "\n" not in note.text
    watches.delivered(store, [note.id])
    assert watches.pending(store, "slack") == []

    # An import and an approved proposal are changes like any other.
    jsonl = db_path.parent / "more.jsonl"
    jsonl.write_text(
        '{"subject": "Examplo AI", "relation": "ceo", "object": "Cora Samplewood", "start": "2026-12", '
        '"statement": "Cora Samplewood is CEO of Examplo AI.", "source_url": "https://example.com/cora"}\n',
        encoding="utf-8",
    )
    transfer.import_facts(store, jsonl, "console:op", "global", TODAY)
    member = Request(
        SuggestFact("Examplo AI", "chair", "Bram Testa", "2026-12", None, "https://example.com/b"),
        platform="slack",
        user_id="U1",
        workspace_id="T1",
    )
    suggested = core.handle(member)
    pid = int(suggested.text.split("#")[1].split()[0].rstrip(":"))
    assert not core.handle(admin(DecideProposal(pid, True))).is_error
    assert watches.collect(store, START) == 2
    texts = [n.text for n in watches.pending(store, "slack")]
    assert texts[0].startswith("Examplo AI: added — Cora Samplewood is CEO of Examplo AI.")
    assert texts[1].startswith("Examplo AI: added — ") and "Bram Testa" in texts[1]
    # Another organization's changes do not reach this channel.
    core.handle(admin(AddFact("Mockmind", "ceo", "Eve Example", start="2021")))
    assert watches.collect(store, START) == 0


def test_the_digest_comes_once_a_week(timed: tuple[Store, Core], clock: Clock) -> None:
    store, core = timed
    assert not core.handle(admin(SetDigest("weekly"))).is_error
    fact_id = acme(core)  # Saturday of week 48
    assert watches.collect(store, START) == 0  # the week is not over
    clock.now = START + timedelta(days=1)  # Sunday: still week 48
    core.handle(admin(EndFact(fact_id, "2027-02")))
    assert watches.collect(store, clock.now) == 0
    monday = MONDAY
    assert watches.collect(store, monday) == 1
    assert watches.collect(store, monday + timedelta(hours=5)) == 0
    [digest] = watches.pending(store, "slack")
    lines = digest.text.splitlines()
    assert lines[0] == "Leadership changes this week (1 March 2027 – 7 March 2027):"
    assert (
        len(lines) == 3
        and lines[1].startswith("• Examplo AI: added")
        and lines[2].startswith("• Examplo AI: ended")
    )
    assert watches.collect(store, monday + timedelta(days=6)) == 0
    assert watches.collect(store, monday + timedelta(days=7)) == 1  # the next Monday: a quiet week
    assert watches.pending(store, "slack")[-1].text.endswith("none recorded.")
    assert not core.handle(admin(SetDigest("off"))).is_error
    assert watches.collect(store, monday + timedelta(days=14)) == 0


def test_leadership_draws_a_timeline_and_the_console_writes_it(
    core: Core, db_path: Path, tmp_path: Path
) -> None:
    reply = core.handle(Request(Leadership("Stability AI", picture=True)))
    plain = core.handle(Request(Leadership("Stability AI")))
    assert reply.text == plain.text and reply.fields == plain.fields  # the text stays the answer
    assert reply.image is not None and reply.image.data.startswith(PNG) and plain.image is None
    assert reply.image.filename == "leadership-stability-ai.png"
    target = tmp_path / "t.png"
    out = io.StringIO()
    assert main(["leadership", "--db", str(db_path), "Stability AI", "--png", str(target)], stdout=out) == 0
    assert target.read_bytes().startswith(PNG) and "Prem Akkaraju" in out.getvalue()


def test_without_matplotlib_the_answer_stays_and_the_console_says_why(
    core: Core,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from factbot.bot.answering import timeline

    monkeypatch.setattr(timeline, "available", lambda: False)
    reply = core.handle(Request(Leadership("Stability AI", picture=True)))
    assert reply.image is None and not reply.is_error and "Prem Akkaraju" in reply.text
    out = io.StringIO()
    target = tmp_path / "t.png"
    assert main(["leadership", "--db", str(db_path), "Stability AI", "--png", str(target)], stdout=out) == 1
    assert "Prem Akkaraju" in out.getvalue() and not target.exists()
    assert "matplotlib is not installed" in capsys.readouterr().err


# -- Slack end to end ---------------------------------------------------------------------------------------


@dataclass
class SlackBot:
    fake: FakeSlack
    url: str
    http: aiohttp.ClientSession
    store: Store
    poster: WatchPoster
    client: AsyncWebClient

    async def command(self, command: str, text: str, user: str = "UADMIN", name: str = "r") -> dict[str, Any]:
        before = len(self.fake.calls_of("respond"))
        body = slash_command_body(command, text, user_id=user, response_url=self.fake.response_url(name))
        async with self.http.post(
            f"{self.url}/slack/events", data=body, headers=signed_headers(SECRET, body)
        ) as resp:
            assert resp.status == 200
        calls = await self.fake.wait_for("respond", count=before + 1)
        return calls[-1].args


@pytest_asyncio.fixture
async def slack(db_path: Path, clock: Clock) -> AsyncIterator[SlackBot]:
    async with FakeSlack() as fake:
        fake.add_user("UADMIN", is_admin=True)
        fake.add_user("U1")
        store = Store(db_path, clock=clock)
        runner = CoreRunner(Core(store, today=lambda: clock.now.date()))
        settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.base_url)
        client = slack_adapter.make_client(settings)
        app = slack_adapter.build_app(runner, settings, client)
        poster = WatchPoster(runner, "slack", slack_adapter.channel_sender(client), clock=clock)
        async with serve(slack_adapter.web_app(app)) as url, aiohttp.ClientSession() as http:
            yield SlackBot(fake, url, http, store, poster, client)
        runner.close()
        store.close()


@pytest.mark.asyncio
async def test_slack_a_watch_posts_one_note_for_one_change(slack: SlackBot) -> None:
    added = await slack.command(
        "/fact", "add Examplo AI | ceo | Ada Quellwater | 2020 | https://example.com/ada"
    )
    fact_id = int(added["text"].split("#")[1].split(":")[0])
    assert "now gets a note" in (await slack.command("/fact", "watch Examplo AI"))["text"]
    refused = await slack.command("/fact", "watch Examplo AI", user="U1")
    assert "only admins" in refused["text"]
    assert await slack.poster.poll_once() == 0
    await slack.command("/fact", f"end {fact_id} 2027-02")
    assert await slack.poster.poll_once() == 1
    assert await slack.poster.poll_once() == 0
    [post] = slack.fake.calls_of("chat.postMessage")
    assert post.args["channel"] == "C1" and post.args["unfurl_links"] is False
    assert (
        post.args["text"].startswith("Examplo AI: ended February 2027")
        and "https://example.com/ada" in post.args["text"]
    )


@pytest.mark.asyncio
async def test_slack_a_refused_note_is_given_up_and_an_outage_is_retried(slack: SlackBot) -> None:
    await slack.command("/fact", "add Examplo AI | ceo | Ada Quellwater | 2020 | https://example.com/ada")
    await slack.command("/fact", "watch Examplo AI")
    await slack.command("/fact", "add Examplo AI | cto | Bram Testa | 2021 | https://example.com/bram")
    slack.fake.fail_next("chat.postMessage", "not_in_channel")
    assert await slack.poster.poll_once() == 0  # refused for good: not tried again
    assert await slack.poster.poll_once() == 0
    await slack.command("/fact", "add Examplo AI | chair | Cora Samplewood | 2022 | https://example.com/cora")
    for _ in range(2):  # slack_sdk retries a dropped connection once, then the poster tries next round
        slack.fake.drop_next("chat.postMessage")
    assert await slack.poster.poll_once() == 0
    assert await slack.poster.poll_once() == 1
    delivered = slack.fake.calls_of("chat.postMessage", include_injected=False)
    assert len(delivered) == 1 and "Cora Samplewood" in delivered[0].args["text"]


@pytest.mark.asyncio
async def test_slack_the_digest_is_posted_once_a_week(slack: SlackBot, clock: Clock) -> None:
    assert "weekly post" in (await slack.command("/fact", "digest weekly"))["text"]
    await slack.command("/fact", "add Examplo AI | ceo | Ada Quellwater | 2020 | https://example.com/ada")
    assert await slack.poster.poll_once() == 0
    clock.now = MONDAY
    assert await slack.poster.poll_once() == 1
    clock.now += timedelta(days=3)
    assert await slack.poster.poll_once() == 0
    clock.now += timedelta(days=4)  # the Monday after
    assert await slack.poster.poll_once() == 1
    first, second = (c.args["text"] for c in slack.fake.calls_of("chat.postMessage"))
    assert first.startswith("Leadership changes this week (1 March 2027") and "Ada Quellwater" in first
    assert second.endswith("none recorded.")


@pytest.mark.asyncio
async def test_slack_leadership_uploads_the_timeline_after_the_text(slack: SlackBot) -> None:
    answer = await slack.command("/leadership", "Stability AI")
    assert "Prem Akkaraju" in answer["text"] and answer["response_type"] == "in_channel"
    [done] = await slack.fake.wait_for("files.completeUploadExternal")
    assert done.args["channel_id"] == "C1"
    [upload] = slack.fake.uploads.values()
    assert upload["filename"] == "leadership-stability-ai.png" and upload["data"].startswith(PNG)
    assert upload["shared_to"] == "C1" and upload["alt_txt"].startswith("Timeline of who held")
    # A refused upload costs the picture only.
    slack.fake.fail_next("files.getUploadURLExternal", "not_allowed_token_type")
    again = await slack.command("/leadership", "Stability AI", name="r2")
    assert "Prem Akkaraju" in again["text"]
    assert len(slack.fake.calls_of("files.completeUploadExternal")) == 1


# -- Discord end to end -------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def discord_bot(db_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    from tests.test_discord import running

    monkeypatch.setenv("FACTBOT_WATCH_POLL_SECONDS", "3600")  # the bot's own poller stays out of the way
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path) as bot:
                bot.core.store._clock = clock  # the history is stamped with the injected time
                bot.core.services.today = lambda: clock.now.date()
                yield bot


@pytest.mark.asyncio
async def test_discord_a_watch_posts_one_note_and_leadership_attaches_the_picture(
    discord_bot: Any, clock: Clock
) -> None:
    bot = discord_bot
    manage = "32"  # Manage Server
    added = await bot.interact(
        "fact add",
        {
            "subject": "Examplo AI",
            "relation": "ceo",
            "object": "Ada Quellwater",
            "since": "2020",
            "source": "https://example.com/ada",
        },
        member_permissions=manage,
    )
    fact_id = int(added["data"]["embeds"][0]["description"].split("#")[1].split(":")[0])
    watched = await bot.interact("fact watch", {"organization": "Examplo AI"}, member_permissions=manage)
    assert "now gets a note" in watched["data"]["embeds"][0]["description"]
    poster = WatchPoster(
        bot.factbot.runner, "discord", discord_adapter.channel_sender(bot.factbot.client), clock=clock
    )
    assert await poster.poll_once() == 0
    await bot.interact("fact end", {"id": fact_id, "date": "2027-02"}, member_permissions=manage)
    assert await poster.poll_once() == 1
    assert await poster.poll_once() == 0
    [post] = bot.fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    assert post.json["content"].startswith("Examplo AI: ended February 2027")
    assert post.json["allowed_mentions"] == {"parse": []}

    await bot.interact("leadership", {"organization": "Stability AI"})
    # Answered at once, or deferred and followed up when drawing took longer than Discord's budget.
    await bot.fake._wait(
        lambda: any(c.files for c in bot.fake.calls_to("POST", "/")),
        5.0,
        lambda: "no message with an attachment",
    )
    [sent] = [c for c in bot.fake.calls_to("POST", "/") if c.files]
    assert sent.files == ("leadership-stability-ai.png",)
    embed = (sent.json.get("data") or sent.json)["embeds"][0]
    assert "Prem Akkaraju" in embed["description"]
    assert embed["image"]["url"] == "attachment://leadership-stability-ai.png"


@pytest.mark.asyncio
async def test_discord_digest_once_a_week(discord_bot: Any, clock: Clock) -> None:
    bot = discord_bot
    assert (
        "weekly post"
        in (await bot.interact("fact digest", {"cadence": "weekly"}, member_permissions="32"))["data"][
            "embeds"
        ][0]["description"]
    )
    poster = WatchPoster(
        bot.factbot.runner, "discord", discord_adapter.channel_sender(bot.factbot.client), clock=clock
    )
    assert await poster.poll_once() == 0
    clock.now = MONDAY
    assert await poster.poll_once() == 1
    assert await poster.poll_once(clock.now + timedelta(days=2)) == 0
    [post] = bot.fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    assert post.json["content"].startswith("Leadership changes this week")


@pytest.mark.asyncio
async def test_discord_a_refused_picture_leaves_the_text_answer(discord_bot: Any) -> None:
    bot = discord_bot
    await bot.interact("leadership", {"organization": "Stability AI"})  # warm: drawing is quick from now on
    bot.fake.fail_next("/interactions/", 413, {"message": "Request entity too large", "code": 40005})
    await bot.interact("leadership", {"organization": "Stability AI"})
    calls = (await bot.fake.wait_for("POST", "/interactions/", count=3))[1:]
    assert [c.status for c in calls] == [413, 200] and calls[0].files and not calls[1].files
    embed = calls[1].json["data"]["embeds"][0]
    assert "Prem Akkaraju" in embed["description"] and "image" not in embed
