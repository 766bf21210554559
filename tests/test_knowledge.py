"""What the broader fact base knows and how names are read: people, tickers and product names as
entities; ambiguous short names only with supporting context; edits that keep the sentence true."""

from __future__ import annotations

import pytest

from factbot.bot.domain.port import Ask, EditFact, EndFact, Role, SearchFacts, ShowHistory, StaleFacts
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from tests.support import ask, run


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who is lip-bu tan", "Intel"),  # a person as an entity, with roles
        ("who is the ceo of nvda", "Jensen Huang"),  # a ticker
        ("who runs z.ai", "Zhang Peng"),  # a product name people use for the company
        ("who leads gdm", "Demis Hassabis"),
        ("who runs oai", "Sam Altman"),  # an ambiguous alias with a relation cue
        ("who is the ceo of stability", "Prem Akkaraju"),
        ("when was r1 released", "DeepSeek-R1"),
        ("what is r1", "DeepSeek-R1"),  # a question that names nothing else
        ("tell me about inflection", "Mustafa Suleyman"),
        ("how much did meta sink into scale ai", "$14.3 billion"),  # supported by a linked entity
    ],
)
def test_names_people_use_are_understood(core: Core, question: str, expected: str) -> None:
    reply = ask(core, question)
    assert reply.answered, (question, reply.text)
    assert expected in reply.text + " ".join(f.value for f in reply.fields), (question, reply.text)


@pytest.mark.parametrize(
    "question",
    [
        "how do i improve the stability of my code",
        "is inflection a good sign for stocks",
        "x marks the spot",
        "ernie and bert went to the store",
        "what is the magic number",
        "the character of my writing",
    ],
)
def test_an_ambiguous_name_without_context_is_not_an_entity(core: Core, question: str) -> None:
    reply = run(core, Ask(question, explain=True))
    assert not reply.answered, (question, reply.text)
    assert "entity: none recognised" in "\n".join(reply.explanation), reply.explanation


def test_invented_is_not_read_as_invested(core: Core) -> None:
    reply = run(core, Ask("who invented the transformer", explain=True))
    explanation = "\n".join(reply.explanation)
    assert "invested" not in explanation and "corrected: 'invented'" not in explanation, explanation
    # A real typo of the cue word is still forgiven.
    typo = run(core, Ask("who invsted in anthropic", explain=True))
    assert "relation: invested_in" in "\n".join(typo.explanation)


def test_editing_the_object_rewrites_the_sentence_in_answers_search_and_history(
    core: Core, store: Store
) -> None:
    admin = Role.GLOBAL_ADMIN
    fact = next(
        f for f in store.all_facts() if f.subject == "Stability AI" and f.relation == "ceo" and f.end is None
    )
    assert "Prem Akkaraju" in fact.statement
    edited = run(core, EditFact(fact.id, (("object", "Jane Roe"),)), role=admin)
    assert edited.kind == "confirmation", edited.text
    assert "sentence was rewritten" in edited.text
    now = store.fact(fact.id)
    assert "Jane Roe" in now.statement and "Prem Akkaraju" not in now.statement
    found = run(core, SearchFacts("Akkaraju"), role=admin)
    assert fact.id not in found.fact_ids
    assert fact.id in run(core, SearchFacts("Jane Roe"), role=admin).fact_ids
    history = run(core, ShowHistory(fact.id), role=admin)
    assert "Prem Akkaraju" in " ".join(f.value for f in history.fields)  # the old sentence is kept there
    # A sentence the bot generated is regenerated quietly when the dates change.
    ended = run(core, EndFact(fact.id, "2026-10"), role=admin)
    assert ended.kind == "confirmation" and "sentence was rewritten" not in ended.text
    assert store.fact(fact.id).statement == "Jane Roe — CEO of Stability AI (Jun 2024–Oct 2026)."


def test_new_dates_under_a_hand_written_sentence_flag_it_until_it_is_rewritten(
    core: Core, store: Store
) -> None:
    admin = Role.GLOBAL_ADMIN
    fact = next(f for f in store.all_facts() if f.subject == "Cohere" and f.relation == "ceo" and f.end is None)
    written = fact.statement
    ended = run(core, EndFact(fact.id, "2026-10"), role=admin)
    assert "may no longer fit the new dates" in ended.text
    flagged = store.fact(fact.id)
    assert flagged.statement == written and flagged.needs_rewrite and flagged.end == "2026-10"
    stale = run(core, StaleFacts("40y"), role=admin)
    assert fact.id in stale.fact_ids
    assert any("sentence to re-check" in f.value for f in stale.fields if f.name.startswith(f"#{fact.id} "))
    assert "sentence to re-check" in run(core, ShowHistory(fact.id), role=admin).text
    run(core, EditFact(fact.id, (("statement", "Aidan Gomez led Cohere until October 2026."),)), role=admin)
    assert not store.fact(fact.id).needs_rewrite
    assert fact.id not in run(core, StaleFacts("40y"), role=admin).fact_ids


def test_a_new_statement_given_with_the_edit_is_kept(core: Core, store: Store) -> None:
    fact = store.all_facts()[0]
    run(
        core,
        EditFact(fact.id, (("object", "Someone Else"), ("statement", "Someone Else did it."))),
        role=Role.GLOBAL_ADMIN,
    )
    assert store.fact(fact.id).statement == "Someone Else did it."
