"""Members propose, admins decide: proposals are not answered until approved; the proposer is told."""

from __future__ import annotations

import io
from pathlib import Path

from factbot.bot.domain.port import DecideProposal, ReviewProposals, SuggestFact
from factbot.bot.domain.port import Role as R
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.cli import main
from tests.support import ask, run

IDEA = SuggestFact("Acme Robotics", "ceo", "Jane Roe", start="2025-01", source_url="https://example.com/acme")


def test_a_proposal_is_not_answered_until_an_admin_approves_and_the_proposer_is_told(
    core: Core, store: Store
) -> None:
    proposed = run(core, IDEA, role=R.MEMBER, user="U7", platform="slack", workspace="T1")
    assert proposed.kind == "confirmation" and proposed.text.startswith("Thanks! Proposal #1 is waiting")
    assert not ask(core, "who runs acme robotics", platform="slack", workspace="T1").answered
    review = run(core, ReviewProposals(), role=R.WORKSPACE_ADMIN, platform="slack", workspace="T1")
    assert review.proposal_ids == (1,) and "by slack:U7" in review.fields[0].name
    approved = run(
        core, DecideProposal(1, True), role=R.WORKSPACE_ADMIN, user="UA", platform="slack", workspace="T1"
    )
    assert approved.kind == "confirmation" and approved.text.startswith(
        "Approved proposal #1: it is now fact #"
    )
    assert approved.notify is not None and approved.notify[0] == "U7"
    assert "approved" in approved.notify[1]
    answer = ask(core, "who runs acme robotics", platform="slack", workspace="T1")
    assert answer.text.startswith("Jane Roe has been CEO of Acme Robotics since January 2025")
    fact = store.fact(answer.fact_ids[0])
    assert fact.scope == "slack:T1" and "proposal #1" in fact.note
    assert [h.action for h in store.history(fact.id)] == ["add"] and store.history(fact.id)[
        0
    ].actor == "slack:UA"
    again = run(core, DecideProposal(1, False), role=R.WORKSPACE_ADMIN, platform="slack", workspace="T1")
    assert again.kind == "error" and "already approved" in again.text


def test_a_rejection_keeps_its_reason_and_tells_the_proposer(core: Core, store: Store) -> None:
    run(core, IDEA, role=R.MEMBER, user="U7", platform="discord", workspace="G1")
    rejected = run(core, DecideProposal(1, False, "no source says so"), role=R.GLOBAL_ADMIN, user="root")
    assert rejected.text == "Rejected proposal #1: no source says so."
    assert rejected.notify == ("U7", "Your proposal #1 was not accepted: no source says so.")
    assert store.proposal(1).status == "rejected" and store.proposal(1).reason == "no source says so"
    assert store.proposal(1).decided_by == "console:root"
    assert not ask(core, "who runs acme robotics", platform="discord", workspace="G1").answered


def test_members_cannot_decide_and_admins_only_decide_for_their_workspace(core: Core, store: Store) -> None:
    run(core, IDEA, role=R.MEMBER, user="U7", platform="slack", workspace="T1")
    for role, workspace in ((R.MEMBER, "T1"), (R.WORKSPACE_ADMIN, "T2")):
        assert (
            run(core, DecideProposal(1, True), role=role, platform="slack", workspace=workspace).kind
            == "error"
        )
    assert run(core, ReviewProposals(), role=R.MEMBER, platform="slack", workspace="T1").kind == "error"
    assert (
        run(core, ReviewProposals(), role=R.WORKSPACE_ADMIN, platform="slack", workspace="T2").proposal_ids
        == ()
    )
    assert store.proposal(1).status == "pending"


def test_proposals_are_checked_and_limited_per_person(core: Core, store: Store) -> None:
    bad = run(core, SuggestFact("Acme", "boss", "Jane"), role=R.MEMBER, platform="slack", workspace="T1")
    assert bad.kind == "error" and "Unknown relation" in bad.text
    bad_date = run(
        core, SuggestFact("Acme", "ceo", "Jane", start="2025-13"), platform="slack", workspace="T1"
    )
    assert bad_date.kind == "error"
    for i in range(5):
        assert (
            run(core, SuggestFact(f"Acme {i}", "ceo", "Jane"), platform="slack", workspace="T1").kind
            == "confirmation"
        )
    refused = run(core, SuggestFact("Acme 6", "ceo", "Jane"), platform="slack", workspace="T1")
    assert refused.kind == "error" and "5 proposals waiting" in refused.text
    assert len(store.proposals(None)) == 5
    assert store.find_entity("Acme 0", ["global", "slack:T1"]) is None  # nothing is created before approval


def test_the_console_chat_suggests_reviews_and_decides(db_path: Path) -> None:
    lines = [
        "fact suggest Acme Robotics | ceo | Jane Roe | 2025-01",
        "fact review",
        "fact approve 1",
        "who runs acme robotics",
        "fact suggest only | two",
    ]
    out = io.StringIO()
    assert main(["chat", "--db", str(db_path)], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out) == 0
    text = out.getvalue()
    assert "Proposal #1 is waiting" in text and "1 proposal(s) waiting for review" in text
    assert "Approved proposal #1" in text and "Jane Roe has been CEO of Acme Robotics" in text
    assert "Usage: fact suggest SUBJECT | RELATION | OBJECT" in text
