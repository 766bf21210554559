"""Running for months: a real `factbot slack --http` process logs one JSON line per event, never logs a
secret, and on SIGTERM finishes the answer in flight and closes the fact base cleanly."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from factbot.logs import JsonFormatter, Redacting
from tests.fakes.slack import (
    FakeSlack,
    app_mention,
    event_callback,
    json_body,
    serve,
    signed_headers,
    slash_command_body,
)
from tests.support import ROOT

BOT_TOKEN = "xoxb-1111111111-2222222222-SECRETSECRETSECRET"
SIGNING_SECRET = "signing-secret-0123456789abcdef"


async def _read_json_lines(stream: asyncio.StreamReader, lines: list[dict[str, Any]], raw: list[str]) -> None:
    while line := await stream.readline():
        text = line.decode()
        raw.append(text)
        lines.append(json.loads(text))  # every line must be JSON


async def _wait_for_line(lines: list[dict[str, Any]], key: str, timeout: float = 20) -> dict[str, Any]:
    async with asyncio.timeout(timeout):
        while True:
            for line in lines:
                if key in line:
                    return line
            await asyncio.sleep(0.02)


@pytest.mark.asyncio
async def test_a_real_slack_process_logs_json_hides_secrets_and_stops_gracefully(db_path: Path) -> None:
    release = asyncio.Event()
    received: list[dict[str, Any]] = []

    async def slow_response_url(request: web.Request) -> web.Response:
        received.append(await request.json())
        await release.wait()  # hold the bot's respond() until the test says so
        return web.Response(text="ok")

    slow = web.Application()
    slow.router.add_post("/hold", slow_response_url)
    async with FakeSlack() as fake, serve(slow) as hold_url, aiohttp.ClientSession() as http:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "FACTBOT_LOG_LEVEL": "DEBUG",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "factbot",
            "slack",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            str(db_path),
            "--log-format",
            "json",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        assert proc.stderr is not None
        lines: list[dict[str, Any]] = []
        raw: list[str] = []
        reader = asyncio.create_task(_read_json_lines(proc.stderr, lines, raw))
        try:
            listening = await _wait_for_line(lines, "port")
            url = f"http://127.0.0.1:{listening['port']}"

            body = json_body(event_callback(app_mention("who runs openai"), event_id="EvOps1"))
            async with http.post(
                f"{url}/slack/events", data=body, headers=signed_headers(SIGNING_SECRET, body)
            ) as resp:
                assert resp.status == 200
            await fake.wait_for("chat.postMessage")

            # An answer in flight: the bot is inside respond() when SIGTERM arrives.
            command = slash_command_body("/ask", "who founded anthropic", response_url=f"{hold_url}/hold")
            async with http.post(
                f"{url}/slack/events", data=command, headers=signed_headers(SIGNING_SECRET, command)
            ) as resp:
                assert resp.status == 200
            async with asyncio.timeout(10):
                while not received:
                    await asyncio.sleep(0.02)
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.3)
            assert proc.returncode is None, "stopped before the answer in flight was finished"
            release.set()
            assert await asyncio.wait_for(proc.wait(), 15) == 0
            await asyncio.wait_for(reader, 5)
        finally:
            release.set()
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    assert "Anthropic was founded" in received[0]["text"]
    events = [line for line in lines if line.get("platform") == "slack" and "outcome" in line]
    assert {(e["event"], e["outcome"]) for e in events} >= {("Ask", "answer")}
    assert all(isinstance(e["ms"], float) for e in events)
    assert any("answers in flight finished" in line["message"] for line in lines)
    everything = "".join(raw)
    assert BOT_TOKEN not in everything and SIGNING_SECRET not in everything
    assert "SECRETSECRET" not in everything
    # Closed cleanly: the last connection checkpointed the WAL away, and the file is sound.
    assert not Path(f"{db_path}-wal").exists()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM questions").fetchone()[0] == 2


def test_json_lines_carry_the_event_fields() -> None:
    record = logging.makeLogRecord(
        {
            "msg": "slack %s",
            "args": ("Ask",),
            "levelname": "INFO",
            "name": "factbot.slack",
            "platform": "slack",
            "outcome": "answer",
            "ms": 0.42,
        }
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "slack Ask" and line["platform"] == "slack" and line["ms"] == 0.42
    assert line["level"] == "info" and line["time"].endswith("+00:00")


def test_token_shaped_strings_are_redacted_whoever_logs_them() -> None:
    record = logging.makeLogRecord(
        {"msg": "headers: %s", "args": ({"Authorization": f"Bearer {BOT_TOKEN}"},)}
    )
    Redacting((SIGNING_SECRET,)).filter(record)
    assert BOT_TOKEN not in record.getMessage() and "[redacted]" in record.getMessage()
    secret = logging.makeLogRecord({"msg": f"secret is {SIGNING_SECRET}"})
    Redacting((SIGNING_SECRET,)).filter(secret)
    assert SIGNING_SECRET not in secret.getMessage()
