"""Changing facts through handle(Request): who may do what, scopes, history, undo, and answers at once."""

from __future__ import annotations

import pytest

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import (
    AddFact,
    EditFact,
    EndFact,
    Gaps,
    Help,
    Leadership,
    RemoveFact,
    RestoreFact,
    SearchFacts,
    ShowHistory,
    Undo,
)
from factbot.bot.domain.port import Role as R
from factbot.bot.storage.store import Store
from factbot.bot.usecases import parsing
from factbot.bot.usecases.dispatch import Core
from tests.support import ask, run

ACME = AddFact("Acme Robotics", "ceo", "Jane Roe", start="2025-01", source_url="https://example.com/acme")


def _added_id(core: Core, role: R = R.GLOBAL_ADMIN, **kw: object) -> int:
    reply = run(core, ACME, role=role, **kw)  # type: ignore[arg-type]
    assert reply.kind == "confirmation", reply.text
    return reply.fact_ids[0]


def test_a_learned_fact_is_answered_at_once(core: Core) -> None:
    fid = _added_id(core)
    reply = ask(core, "who runs acme robotics")
    assert reply.answered and reply.text.startswith(
        "Jane Roe has been CEO of Acme Robotics since January 2025"
    )
    assert fid in reply.fact_ids
    assert reply.sources[0].url == "https://example.com/acme"


def test_members_cannot_change_facts_and_nothing_changes(core: Core, store: Store) -> None:
    fid = _added_id(core)
    before = (store.count_facts(include_removed=True), len(store.history(fid)))
    for command in [
        ACME,
        EndFact(fid),
        RemoveFact(fid),
        RestoreFact(fid),
        EditFact(fid, (("end", "2025"),)),
        Undo(),
    ]:
        reply = run(core, command, role=R.MEMBER, user="mallory", platform="slack", workspace="T1")
        assert reply.kind == "error" and reply.ephemeral
        assert "only admins" in reply.text
    assert (store.count_facts(include_removed=True), len(store.history(fid))) == before


def test_workspace_admins_change_only_their_own_workspace(core: Core, store: Store) -> None:
    global_fid = _added_id(core)
    t1 = {"role": R.WORKSPACE_ADMIN, "user": "ann", "platform": "slack", "workspace": "T1"}
    added = run(core, AddFact("Tiny Startup", "ceo", "Kim Lee"), **t1)  # type: ignore[arg-type]
    assert added.kind == "confirmation"
    local_fid = added.fact_ids[0]
    assert store.fact(local_fid).scope == "slack:T1"
    # Not global facts, not another workspace's.
    assert run(core, EndFact(global_fid), **t1).kind == "error"  # type: ignore[arg-type]
    t2 = {"role": R.WORKSPACE_ADMIN, "user": "bob", "platform": "slack", "workspace": "T2"}
    refused = run(core, RemoveFact(local_fid), **t2)  # type: ignore[arg-type]
    assert refused.kind == "error" and not store.fact(local_fid).removed
    # Their own: yes.
    assert run(core, EndFact(local_fid, "2026-01"), **t1).kind == "confirmation"  # type: ignore[arg-type]
    # From a DM (no workspace) a workspace admin cannot add.
    assert run(core, ACME, role=R.WORKSPACE_ADMIN, user="ann", platform="slack").kind == "error"


def test_scoped_facts_are_never_shown_in_another_workspace(core: Core) -> None:
    run(
        core,
        AddFact("Tiny Startup", "ceo", "Kim Lee"),
        role=R.WORKSPACE_ADMIN,
        platform="discord",
        workspace="G1",
    )
    here = ask(core, "who runs tiny startup", platform="discord", workspace="G1")
    there = ask(core, "who runs tiny startup", platform="discord", workspace="G2")
    assert here.answered and "Kim Lee" in here.text
    assert not there.answered and "Kim Lee" not in there.text + " ".join(there.suggestions)


def test_end_remove_restore_history_undo(core: Core, store: Store) -> None:
    fid = _added_id(core, user="root")
    admin = {"role": R.GLOBAL_ADMIN, "user": "root"}
    assert run(core, EndFact(fid, "2025-06"), **admin).kind == "confirmation"  # type: ignore[arg-type]
    assert "no current CEO" in ask(core, "who runs acme robotics").text
    assert run(core, RemoveFact(fid), **admin).kind == "confirmation"  # type: ignore[arg-type]
    assert not ask(core, "who runs acme robotics").answered
    assert run(core, RemoveFact(fid), **admin).kind == "error"  # type: ignore[arg-type]
    assert run(core, RestoreFact(fid), **admin).kind == "confirmation"  # type: ignore[arg-type]
    history = run(core, ShowHistory(fid))
    assert [f.name.split(" · ")[1].split(" by ")[0] for f in history.fields] == [
        "add",
        "end",
        "remove",
        "restore",
    ]
    assert all("console:root" in f.name for f in history.fields)
    # Undo walks back the actor's own changes one by one.
    assert "restore" in run(core, Undo(), **admin).text  # type: ignore[arg-type]
    assert store.fact(fid).removed
    assert "remove" in run(core, Undo(), **admin).text  # type: ignore[arg-type]
    assert "end" in run(core, Undo(), **admin).text  # type: ignore[arg-type]
    assert store.fact(fid).end is None
    assert ask(core, "who runs acme robotics").text.startswith("Jane Roe")
    # Another admin has nothing to undo.
    assert run(core, Undo(), role=R.GLOBAL_ADMIN, user="other").kind == "error"


def test_edit_validates_and_records_old_and_new(core: Core, store: Store) -> None:
    fid = _added_id(core)
    bad = run(core, EditFact(fid, (("end", "2024-01"),)), role=R.GLOBAL_ADMIN)
    assert bad.kind == "error" and "before start" in bad.text
    ok = run(
        core, EditFact(fid, (("statement", "Jane Roe leads Acme."), ("end", "2025-12"))), role=R.GLOBAL_ADMIN
    )
    assert ok.kind == "confirmation"
    last = store.history(fid)[-1]
    assert last.old == {"statement": store.history(fid)[0].new["statement"], "end": None}  # type: ignore[index]
    assert last.new == {"statement": "Jane Roe leads Acme.", "end": "2025-12"}


def test_duplicates_are_refused(core: Core) -> None:
    _added_id(core)
    again = run(core, ACME, role=R.GLOBAL_ADMIN)
    assert again.kind == "error" and "already stored" in again.text


def test_typed_subject_reuses_the_known_entity_only_by_its_exact_name(core: Core, store: Store) -> None:
    before = store.count_facts(include_removed=True)
    typo = run(core, AddFact("stabilty ai", "cfo", "Pat Doe"), role=R.GLOBAL_ADMIN)
    assert typo.kind == "error" and "Did you mean Stability AI?" in typo.text
    assert (
        store.count_facts(include_removed=True) == before
        and store.find_entity("stabilty ai", ["global"]) is None
    )
    reply = run(core, AddFact("stability  AI", "cfo", "Pat Doe"), role=R.GLOBAL_ADMIN)
    assert reply.kind == "confirmation"
    assert store.fact(reply.fact_ids[0]).subject == "Stability AI"
    assert "It is about Stability AI (an existing organization)." in reply.text
    by_alias = run(core, AddFact("SAI", "coo", "Pat Doe"), role=R.GLOBAL_ADMIN)
    assert store.fact(by_alias.fact_ids[0]).subject == "Stability AI"


def test_a_look_alike_name_becomes_a_new_entity_and_says_so(core: Core, store: Store) -> None:
    anthropic = store.find_entity("Anthropic", ["global"])
    assert anthropic is not None
    answers_before = ask(core, "who is the ceo of anthropic").text
    reply = run(
        core,
        AddFact("Anthropic Foundation", "ceo", "Pat Doe", source_url="https://example.com/a"),
        role=R.GLOBAL_ADMIN,
    )
    assert reply.kind == "confirmation", reply.text
    assert "New organization: Anthropic Foundation (not Anthropic" in reply.text
    fact = store.fact(reply.fact_ids[0])
    assert fact.subject == "Anthropic Foundation" and fact.subject_id != anthropic.id
    assert all(f.object != "Pat Doe" for f in store.facts_about(anthropic.id, ["global"]))
    assert ask(core, "who is the ceo of anthropic").text == answers_before
    new = run(core, AddFact("Zyxw Robotics", "ceo", "Pat Doe"), role=R.GLOBAL_ADMIN)
    assert "New organization: Zyxw Robotics." in new.text


def test_leadership_shows_now_and_before(core: Core) -> None:
    reply = run(core, Leadership("stabilty"))
    assert reply.text == "Stability AI is led by Prem Akkaraju (CEO, since June 2024)."
    fields = {f.name: f.value for f in reply.fields}
    assert "Shan Shan Wong and Christian Laforte" in fields["Before"]
    assert "Emad Mostaque" in fields["Before"]
    assert fields["Chair"].startswith("Sean Parker")
    unknown = run(core, Leadership("coca cola"))
    assert unknown.kind == "error" and "coca cola" in unknown.text


def test_search_and_gaps(core: Core) -> None:
    found = run(core, SearchFacts("Laforte"))
    assert found.kind == "list" and any("Christian Laforte" in f.name for f in found.fields)
    for _ in range(2):
        ask(core, "who is the ceo of coca cola")
    gaps = run(core, Gaps())
    assert gaps.fields[0].name == "2×" and "coca cola" in gaps.fields[0].value


def test_help_lists_the_fact_grammar(core: Core) -> None:
    text = run(core, Help("fact")).text
    assert "fact add SUBJECT | RELATION | OBJECT" in text and "invested_in" in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "add Acme | ceo | Jane Roe | 2025-01 | https://x.org",
            AddFact("Acme", "ceo", "Jane Roe", "2025-01", None, "https://x.org"),
        ),
        ("add Acme | ceo | Jane Roe", AddFact("Acme", "ceo", "Jane Roe")),
        ("end 12 2024-06", EndFact(12, "2024-06")),
        ("end #12", EndFact(12)),
        ("remove 3", RemoveFact(3)),
        ("history 3", ShowHistory(3)),
        ("undo", Undo()),
        ("search open ai", SearchFacts("open ai")),
        ("edit 4 statement=Two words end=2024", EditFact(4, (("statement", "Two words"), ("end", "2024")))),
        ("", Help("fact")),
    ],
)
def test_fact_grammar(line: str, expected: object) -> None:
    assert parsing.parse_fact(line) == expected


@pytest.mark.parametrize(
    "line", ["add only | two", "end", "end x", "remove", "edit 4", "edit 4 nothing", "frobnicate"]
)
def test_fact_grammar_errors_say_the_usage(line: str) -> None:
    with pytest.raises(BadArgument):
        parsing.parse_fact(line)


def test_complete_offers_organizations_prefix_first_and_typo_tolerant(core: Core) -> None:
    from factbot.bot.domain.port import Complete

    assert run(core, Complete("stab")).suggestions[0] == "Stability AI"
    assert "Anthropic" in run(core, Complete("antrop")).suggestions
    assert len(run(core, Complete("")).suggestions) == 25
    people = run(core, Complete("sam alt", kind="person")).suggestions
    assert people[0] == "Sam Altman"
    # A guild's own entity is offered there and nowhere else.
    run(
        core,
        AddFact("Zebra Labs", "ceo", "Kim Lee"),
        role=R.WORKSPACE_ADMIN,
        platform="discord",
        workspace="G1",
    )
    assert "Zebra Labs" in run(core, Complete("zebra"), platform="discord", workspace="G1").suggestions
    assert "Zebra Labs" not in run(core, Complete("zebra"), platform="discord", workspace="G2").suggestions


CHANGING = {
    "add": lambda fid: AddFact("Matrix Labs", "ceo", "Kim Lee"),
    "edit": lambda fid: EditFact(fid, (("statement", "Changed."),)),
    "end": lambda fid: EndFact(fid, "2026-01"),
    "remove": lambda fid: RemoveFact(fid),
    "restore": lambda fid: RestoreFact(fid),
    "undo": lambda fid: Undo(),
}


@pytest.mark.parametrize("action", list(CHANGING))
@pytest.mark.parametrize(
    ("role", "fact_scope", "allowed"),
    [
        (R.MEMBER, "global", False),
        (R.MEMBER, "own", False),
        (R.WORKSPACE_ADMIN, "global", False),
        (R.WORKSPACE_ADMIN, "other", False),
        (R.WORKSPACE_ADMIN, "own", True),
        (R.GLOBAL_ADMIN, "global", True),
        (R.GLOBAL_ADMIN, "other", True),
    ],
)
def test_who_may_change_what(
    core: Core, store: Store, action: str, role: R, fact_scope: str, allowed: bool
) -> None:
    """The README's table, command by command: the one permission check every platform goes through."""
    workspaces = {"global": None, "own": "T1", "other": "T2"}
    owner_role = R.GLOBAL_ADMIN if fact_scope == "global" else R.WORKSPACE_ADMIN
    setup = run(
        core,
        AddFact("Setup Co", "ceo", "Pat Doe", start="2020"),
        role=owner_role,
        user="owner",
        platform="slack",
        workspace=workspaces[fact_scope],
    )
    fid = setup.fact_ids[0]
    if action == "restore":
        run(
            core,
            RemoveFact(fid),
            role=owner_role,
            user="owner",
            platform="slack",
            workspace=workspaces[fact_scope],
        )
    if action == "undo":  # the actor's own last change, on this fact
        run(
            core, EndFact(fid, "2025-01"), role=R.GLOBAL_ADMIN, user="actor", platform="slack", workspace="T1"
        )
    before = (store.count_facts(include_removed=True), len(store.history(fid)), store.fact(fid))
    reply = run(core, CHANGING[action](fid), role=role, user="actor", platform="slack", workspace="T1")
    if action == "add":
        allowed = role != R.MEMBER  # adding needs no existing fact; where it lands is tested elsewhere
    if action == "undo":
        allowed = role != R.MEMBER and (role == R.GLOBAL_ADMIN or fact_scope == "own")
    if allowed:
        assert reply.kind == "confirmation", reply.text
    else:
        assert reply.kind == "error" and reply.ephemeral
        assert (store.count_facts(include_removed=True), len(store.history(fid)), store.fact(fid)) == before
