"""`factbot chat`: a console conversation driven through the real entry point with piped stdin."""

from __future__ import annotations

import io
from pathlib import Path

from factbot.cli import main


def test_chat_answers_questions_commands_and_teaching(db_path: Path) -> None:
    lines = [
        "who runs stabilty ai",
        "leadership openai",
        "/fact add Acme Robotics | ceo | Jane Roe | 2025-01 | https://example.com/acme",
        "who runs acme robotics",
        "/fact frobnicate",
        "/nonsense",
        "",
        "help",
        "quit",
        "who runs openai",  # after quit: never read
    ]
    out = io.StringIO()
    code = main(["chat", "--db", str(db_path)], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    text = out.getvalue()
    assert code == 0
    assert "Prem Akkaraju has been CEO of Stability AI" in text
    assert "OpenAI is led by Sam Altman" in text
    assert "Added fact #" in text
    assert "Jane Roe has been CEO of Acme Robotics since January 2025" in text
    assert "Unknown fact command 'frobnicate'" in text
    assert "Unknown command /nonsense" in text
    assert "I answer questions about the AI industry" in text
    assert text.count("Sam Altman has been CEO") == 0


def test_chat_ends_at_end_of_input(db_path: Path) -> None:
    out = io.StringIO()
    assert main(["chat", "--db", str(db_path)], stdin=io.StringIO("who founded anthropic"), stdout=out) == 0
    assert "Anthropic was founded in 2021" in out.getvalue()
