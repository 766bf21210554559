"""Follow-up questions: through `factbot chat --json` (the console contract) and Core.handle(Request)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from factbot.bot.domain.port import Ask, Leadership, Reply, Request
from factbot.bot.storage.store import Store
from factbot.bot.usecases.conversation import Conversations
from factbot.bot.usecases.dispatch import Core
from factbot.cli import main
from tests.support import TODAY


def chat(db_path: Path, *lines: str, command: str = "chat") -> list[dict[str, Any]]:
    out = io.StringIO()
    argv = (
        [command, "--json", "--db", str(db_path)]
        if command == "chat"
        else ["ask", "--json", "-", "--db", str(db_path)]
    )
    assert main(argv, stdin=io.StringIO("".join(f"{line}\n" for line in lines)), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_chat_json_keeps_the_conversation_one_object_per_line(db_path: Path) -> None:
    answers = chat(
        db_path,
        "who's running stability ai now?",
        "who ran it before him?",
        "",
        "fact frobnicate 3",
        "and earlier?",
    )
    assert len(answers) == 5  # a blank line and a bad command still get their object
    first, before, blank, bad, earlier = answers
    assert first["answered"] and first["answer"].startswith("Prem Akkaraju has been CEO of Stability AI")
    assert before["answered"] and "before Prem Akkaraju" in before["answer"]
    assert "Emad Mostaque" in before["answer"] and before["sources"]
    assert set(before) >= {
        "answered",
        "answer",
        "confidence",
        "facts",
        "sources",
        "suggestions",
        "fields",
        "kind",
    }
    assert blank["kind"] == "error" and bad["kind"] == "error" and not bad["answered"]
    assert (
        earlier["answered"]
        and "Stability AI" in earlier["answer"]
        and "before Shan Shan Wong: Emad Mostaque" in earlier["answer"]  # the interims came right before Prem
    )


def test_ellipsis_relation_and_time_carry_over(db_path: Path) -> None:
    _, other_org, founders, its_ceo, cto, year = chat(
        db_path,
        "who is the ceo of openai?",
        "and anthropic?",
        "who founded it",
        "who is its ceo",
        "and cto?",
        "who was openai's ceo in 2023? ",
    )
    assert other_org["answer"].startswith("Dario Amodei has been CEO of Anthropic")
    assert "Anthropic was founded" in founders["answer"]
    assert cto["answered"] and "Anthropic" in cto["answer"]
    assert its_ceo["answered"]
    assert year["answer"].startswith("In 2023, the CEO of OpenAI was")
    [in_2019] = chat(db_path, "who was openai's ceo in 2023?", "and in 2019?")[1:]
    # `answer` is the whole answer as read (issue 9): the headline, then its list lines.
    assert (
        in_2019["answer"]
        == "In 2019, Sam Altman was CEO of OpenAI (since 2019).\nNow: Sam Altman (CEO, since 2019)"
    )
    mistral = chat(db_path, "who runs mistral", "and cto?")
    assert mistral[1]["answer"].startswith("Timothée Lacroix has been CTO of Mistral AI")


def test_a_follow_up_with_nothing_to_lean_on_asks_who_is_meant(db_path: Path) -> None:
    for command in ("chat", "ask"):
        [alone] = chat(db_path, "who replaced her", command=command)
        assert alone["kind"] == "clarify" and not alone["answered"]
        assert alone["answer"] == "Who do you mean by 'her'? Please ask again with the name."
    # Two founders are equally likely to be 'he': factbot asks rather than guessing, and offers both.
    _, which = chat(db_path, "who founded google?", "when was he born?")
    assert which["kind"] == "clarify" and "Larry Page or Sergey Brin" in which["answer"]
    assert which["suggestions"] == ["Who is Larry Page?", "Who is Sergey Brin?"]
    # Out of scope, then a fragment: not answered as a fresh question.
    _, fragment = chat(db_path, "what's the weather in paris tomorrow?", "and in berlin?")
    assert not fragment["answered"]


def test_factbot_ask_stays_stateless(db_path: Path) -> None:
    first, second = chat(db_path, "who's running stability ai now?", "who ran it before him?", command="ask")
    assert first["answered"]
    assert second["kind"] == "clarify" and not second["answered"]


def test_the_answer_says_whom_a_pronoun_was_taken_for(db_path: Path) -> None:
    _, taken = chat(db_path, "who's running stability ai now?", "who ran it before him?")
    assert taken["answer"].startswith("Taking 'him' as Prem Akkaraju: ")


def ask(
    core: Core, question: str, conversation: str | None, user: str = "U1", platform: str = "slack"
) -> Reply:
    return core.handle(Request(Ask(question), platform=platform, user_id=user, conversation=conversation))


def test_conversations_never_mix_and_leadership_starts_one(store: Store) -> None:
    core = Core(store, today=lambda: TODAY, log_questions=False)
    assert ask(core, "who founded anthropic", "dm:D1").answered
    assert "Dario Amodei" in ask(core, "who is its ceo", "dm:D1").text
    assert ask(core, "who is its ceo", "dm:D2", user="U2").kind == "clarify"  # another person's DM
    assert ask(core, "who is its ceo", "dm:D1", platform="discord").kind == "clarify"  # another platform
    assert ask(core, "who is its ceo", None).kind == "clarify"  # no conversation at all
    core.handle(Request(Leadership("mistral"), platform="slack", conversation="thread:C1:1.1"))
    assert "Mistral" in ask(core, "who founded it", "thread:C1:1.1").text


def test_conversations_are_bounded_in_number_and_age(store: Store) -> None:
    now = [0.0]
    core = Core(store, today=lambda: TODAY, log_questions=False)
    core.services.conversations = Conversations(max_conversations=2, ttl_seconds=900, clock=lambda: now[0])
    for key in ("a", "b", "c"):
        assert ask(core, "who founded anthropic", key).answered
    assert ask(core, "who is its ceo", "a").kind == "clarify"  # the oldest was let go
    assert "Dario Amodei" in ask(core, "who is its ceo", "c").text
    now[0] += 16 * 60
    assert ask(core, "who is its ceo", "c").kind == "clarify"  # 15 minutes later it is forgotten
    assert len(core.services.conversations) <= 2


def test_a_question_of_its_own_is_not_bent_by_the_conversation(store: Store) -> None:
    core = Core(store, today=lambda: TODAY, log_questions=False)
    ask(core, "who runs stability ai?", "t")
    fresh = ask(core, "who founded anthropic?", "t")
    assert "Anthropic was founded" in fresh.text
    assert ask(core, "who runs openai", "t").text.startswith("Sam Altman has been CEO of OpenAI")


def test_when_did_he_start_and_after_him_read_the_role_talked_about(db_path: Path) -> None:
    *_, start = chat(db_path, "who is the ceo of google?", "who was ceo before him?", "when did he start?")
    # 'start' alone would read as founding; in a talk about Google's CEOs it means his time as CEO.
    assert (
        start["answer"].split("\n")[0]
        == "Taking 'he' as Larry Page: Larry Page was CEO of Google (2011–Aug 2015)."
    )
    assert "\nNow: Sundar Pichai (CEO, since 10 August 2015)" in start["answer"]
    _, after = chat(db_path, "who was chair of openai before bret taylor?", "and after him?")
    assert "In November 2023, the chair of OpenAI was" in after["answer"] and "Bret Taylor" in after["answer"]
