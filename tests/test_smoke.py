from factbot.bot.usecases.dispatch import Core
from tests.support import ask


def test_answers_the_founding_question(core: Core) -> None:
    reply = ask(core, "who's running stabilty ai now?")
    assert reply.answered
    assert reply.text.startswith("Prem Akkaraju has been CEO of Stability AI since June 2024")
