"""Abuse limits: a token bucket per user, a cooldown on repeated questions per channel, the console exempt."""

from __future__ import annotations

import pytest

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import Ask, Reply, Request
from factbot.bot.settings import LimitSettings, Settings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.limits import Admission, Limiter
from tests.support import TODAY, ask


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class Limited:
    """The core behind the runner's admission step, called the way CoreRunner calls them."""

    def __init__(self, core: Core, admission: Admission):
        self.core, self.admission = core, admission

    def handle(self, request: Request) -> Reply:
        return self.admission.refusal(request) or self.core.handle(request)


@pytest.fixture
def limited(store: Store, clock: Clock) -> Limited:
    limiter = Limiter(LimitSettings(per_minute=20, burst=10, repeat_cooldown=30), clock=clock)
    return Limited(Core(store, today=lambda: TODAY), Admission(limiter))


def _ask(core: Limited, n: int, user: str = "u1") -> list[str]:
    return [ask(core, "who runs openai", platform="slack", user=user, workspace="T1").kind for _ in range(n)]


def test_a_burst_then_one_notice_then_silence(limited: Limited) -> None:
    replies = [ask(limited, "who runs openai", platform="slack", user="u1") for _ in range(14)]
    assert [r.kind for r in replies[:10]] == ["answer"] * 10
    assert [r.kind for r in replies[10:]] == ["limited"] * 4
    assert [r.silent for r in replies[10:]] == [False, True, True, True]  # only the first refusal speaks


def test_the_notice_says_when_to_come_back_and_the_bucket_refills(limited: Limited, clock: Clock) -> None:
    _ask(limited, 10)
    notice = ask(limited, "who runs anthropic", platform="slack", user="u1")
    assert notice.kind == "limited" and not notice.silent and "about 3 s" in notice.text
    clock.now += 3  # 20 a minute: one question every 3 s
    assert ask(limited, "who runs anthropic", platform="slack", user="u1").answered
    assert ask(limited, "who runs mistral", platform="slack", user="u1").kind == "limited"


def test_one_users_flood_does_not_limit_another(limited: Limited) -> None:
    _ask(limited, 50, user="flooder")
    assert ask(limited, "who runs openai", platform="slack", user="someone-else").answered


def test_the_same_question_in_the_same_channel_is_answered_once_per_cooldown(
    limited: Limited, clock: Clock
) -> None:
    def channel_ask(user: str, channel: str) -> str:
        request = Request(
            command=Ask("Who runs OpenAI?"),
            platform="discord",
            user_id=user,
            workspace_id="G",
            channel_id=channel,
        )
        reply = limited.handle(request)
        return "silent" if reply.silent else reply.kind

    assert channel_ask("a", "c1") == "answer"
    assert channel_ask("b", "c1") == "limited"  # told the answer is right above (issue 11 row 16)
    assert channel_ask("b", "c1") == "silent"  # and told only once
    assert channel_ask("b", "c2") == "answer"  # another channel
    clock.now += 31
    assert channel_ask("b", "c1") == "answer"


def test_the_console_is_never_limited(store: Store) -> None:
    core = Limited(Core(store, today=lambda: TODAY), Admission(Limiter(LimitSettings(per_minute=1, burst=1))))
    assert all(ask(core, "who runs openai").answered for _ in range(30))


def test_limits_come_from_the_environment_and_bad_values_are_refused() -> None:
    settings = Settings.from_env(
        {"FACTBOT_RATE_PER_MINUTE": "5", "FACTBOT_RATE_BURST": "2", "FACTBOT_REPEAT_COOLDOWN": "0"}
    )
    assert settings.limits == LimitSettings(per_minute=5, burst=2, repeat_cooldown=0)
    assert Settings.from_env({}).limits == LimitSettings(per_minute=20, burst=10, repeat_cooldown=30)
    for bad in ("fast", "-1", "0", "nan"):
        with pytest.raises(BadArgument, match="FACTBOT_RATE_PER_MINUTE"):
            Settings.from_env({"FACTBOT_RATE_PER_MINUTE": bad})
