"""What an answering step hands back: the chosen answer, how sure it is, and what to offer instead."""

from __future__ import annotations

from dataclasses import dataclass

from factbot.bot.answering.compose import Answer


@dataclass
class Resolution:
    answer: Answer | None
    confidence: float
    suggestions: list[str]
    notes: list[str]
    step: str = ""  # which step chose the facts ('relation', 'comparison', …), for the explanation
