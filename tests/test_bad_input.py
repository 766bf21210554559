"""Bad input everywhere: a short, clear message, exit 1 for commands, never a traceback, nothing changed.

Each case runs through the CLI entry point (`main([...])`) and, where it maps to a command, through
`core.handle` as a global admin, comparing row counts before and after.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from factbot.bot.domain import messages
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Command,
    EditFact,
    EndFact,
    Leadership,
    RemoveFact,
    Reply,
    RestoreFact,
    Role,
    SearchFacts,
    ShowHistory,
)
from factbot.bot.storage.store import Store
from factbot.bot.usecases import parsing
from factbot.bot.usecases.dispatch import Core
from tests.cli_helpers import Cli, Result, assert_user_error, counts
from tests.support import run

ADMIN = Role.GLOBAL_ADMIN
SQL = "'; DROP TABLE facts; --"
ADD = ("facts", "add", "Acme Robotics", "ceo", "Jane Roe")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Cli:
    return Cli(capsys, db_path)


def _one(db: Path, sql: str, params: tuple[object, ...] = ()) -> object:
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def _ended_fact(db: Path) -> tuple[int, str]:
    """A seed fact that already has a start and an end date."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT id, end FROM facts WHERE end IS NOT NULL AND start IS NOT NULL AND removed = 0 "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


def _admin(core: Core, command: Command) -> Reply:
    return run(core, command, role=ADMIN)


def _assert_error_reply(reply: Reply) -> None:
    assert reply.kind == "error", reply
    assert reply.text and len(reply.text) < 400
    assert reply.text != messages.APOLOGY  # a user error, not a crash
    assert "Traceback" not in reply.text and "Error" not in reply.text


def _assert_no_crash(result: Result) -> None:
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err
    if result.code == 1:
        assert result.err.startswith("error: ")
    assert messages.APOLOGY not in result.err + result.out


# -- commands that must fail cleanly and change nothing ----------------------------------------------------

CLI_ERRORS: list[tuple[list[str], str]] = [
    (["ask", ""], "Ask me something"),
    (["ask", "   \t  "], "Ask me something"),
    (["ask", "\x00\x01\x07"], "Ask me something"),
    (["leadership", "   "], "organization"),
    (["facts", "search", "   "], "search"),
    (["facts", "history", "999999"], "no fact #999999"),
    (["facts", "history", "999999999999999999999"], "fact id"),
    (["facts", "end", "abc"], "fact id"),
    (["facts", "remove", "-1"], "fact id"),
    (["facts", "restore", "999999"], "no fact #999999"),
    (["facts", "edit", "999999", "statement=x"], "no fact #999999"),
    (["facts", "edit", "1", "bogus=1"], "Cannot edit 'bogus'"),
    (["facts", "edit", "1", "no assignment here"], "Usage"),
    (["facts", "edit", "1", "statement="], "statement is empty"),
    (["facts", "edit", "1", "start=2024-13"], "month 13"),
    (["facts", "edit", "1", "as_of=yesterday"], "as_of"),
    (["facts", "edit", "1", "source_url=javascript:alert(1)"], "http"),
    (["facts", "edit", "1", "relation=wizard"], "Unknown relation"),
    (["facts", "end", "1", "2024-13"], "month 13"),
    (["facts", "end", "1", "1990"], "before start"),
    (["facts", "restore", "1"], "not removed"),
    ([*ADD, "--since", "2024-13"], "month 13"),
    ([*ADD, "--since", "2024-02-30"], "not a real day"),
    ([*ADD, "--since", "yesterday"], "2024-06"),
    ([*ADD, "--since", "2024-6"], "2024-06"),
    ([*ADD, "--since", "1066"], "year"),
    ([*ADD, "--since", "2024-05", "--until", "2024-01"], "before start"),
    ([*ADD, "--source", "ftp://x"], "http"),
    ([*ADD, "--source", "javascript:alert(1)"], "http"),
    ([*ADD, "--source", "not a url"], "http"),
    ([*ADD, "--source", "http://"], "http"),
    ([*ADD, "--source", "https://exa mple.com/x"], "http"),
    (["facts", "add", "Acme Robotics", "wizard", "Jane Roe"], "Unknown relation"),
    (["facts", "add", "Acme Robotics", SQL, "Jane Roe"], "Unknown relation"),
    (["facts", "add", "A" * 101, "ceo", "Jane Roe"], "subject is too long"),
    (["facts", "add", "Acme Robotics", "ceo", "J" * 301], "object is too long"),
    ([*ADD, "--statement", "s" * 501], "statement is too long"),
    (["facts", "add", "", "ceo", "Jane Roe"], ""),
    (["facts", "add", "Acme Robotics", "ceo", "   "], "object is empty"),
    (["facts", "add", "Acme Robotics", "ceo", "\x00\x01"], "object is empty"),
    (["facts", "add", "Stability AI", "ceo", "Stability AI"], "same"),
    (["facts", "add", "Stability AI", "ceo", "Prem Akkaraju", "--since", "2024-06"], "already stored"),
    # A misspelt known name is refused, never silently taken as that entity (nor made a new one).
    (["facts", "add", "Stabilty AI", "ceo", "Prem Akkaraju", "--since", "2024-06"], "did you mean stability ai"),
]


@pytest.mark.parametrize(("argv", "says"), CLI_ERRORS, ids=[" ".join(a)[:50] for a, _ in CLI_ERRORS])
def test_cli_bad_input_is_a_short_error_and_changes_nothing(
    cli: Cli, db_path: Path, argv: list[str], says: str
) -> None:
    before = counts(db_path)
    result = cli(*argv)
    assert_user_error(result)
    assert says.lower() in result.err.lower()
    assert counts(db_path) == before


CORE_ERRORS: list[Command] = [
    Ask(""),
    Ask(" \n\t "),
    Leadership(""),
    Leadership("coca cola"),
    SearchFacts("  "),
    ShowHistory(999999),
    RemoveFact(999999),
    RestoreFact(1),
    EndFact(999999),
    EndFact(1, "2024-13"),
    EndFact(1, "yesterday"),
    EndFact(1, "1990"),
    EditFact(1, (("bogus", "1"),)),
    EditFact(1, (("end", "2024-02-30"),)),
    EditFact(1, (("source_url", "ftp://x"),)),
    EditFact(1, ()),
    AddFact("Acme Robotics", "ceo", "Jane Roe", start="2024-13"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", start="2024-02-30"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", start="yesterday"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", start="2024-06", end="2024-01"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", source_url="ftp://x"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", source_url="javascript:alert(1)"),
    AddFact("Acme Robotics", "ceo", "Jane Roe", source_url="not a url"),
    AddFact("Acme Robotics", "wizard", "Jane Roe"),
    AddFact("A" * 101, "ceo", "Jane Roe"),
    AddFact("", "ceo", "Jane Roe"),
    AddFact("Acme Robotics", "ceo", ""),
    AddFact("Acme Robotics", "ceo", "Acme Robotics"),
]


@pytest.mark.parametrize("command", CORE_ERRORS, ids=[repr(c)[:60] for c in CORE_ERRORS])
def test_core_bad_input_is_an_error_reply_and_changes_nothing(
    core: Core, store: Store, db_path: Path, command: Command
) -> None:
    before = counts(db_path)
    _assert_error_reply(_admin(core, command))
    assert counts(db_path) == before


def test_core_refuses_a_bad_id_typed_as_text() -> None:
    for text in ("history abc", "end 12x", "remove #", "restore 1.5", "history ²", "end ① 2024"):
        with pytest.raises(BadArgument):
            parsing.parse_fact(text)


def test_cli_superscript_digit_id_is_a_clean_error(cli: Cli, db_path: Path) -> None:
    """'²'.isdigit() is True but int('²') fails: the id check must still answer with a short error."""
    before = counts(db_path)
    assert_user_error(cli("facts", "history", "²"))
    assert counts(db_path) == before


def test_ending_an_already_ended_fact_without_a_date_keeps_its_end(cli: Cli, db_path: Path) -> None:
    """`facts end ID` defaults to today; on a fact that ended years ago that would invent a tenure."""
    fid, end = _ended_fact(db_path)
    before = counts(db_path)
    result = cli("facts", "end", str(fid))
    assert_user_error(result)
    assert _one(db_path, "SELECT end FROM facts WHERE id = ?", (fid,)) == end
    assert counts(db_path) == before


# -- questions: odd text is answered or politely not, never a crash ------------------------------------


def test_a_100_kb_question_is_handled(core: Core, store: Store, cli: Cli) -> None:
    huge = "who runs stability ai " + "blah " * 20_000
    assert len(huge) > 100_000
    reply = _admin(core, Ask(huge))
    assert reply.kind != "error" and len(reply.text) < 2_000
    stored = store.db.execute("SELECT max(length(question)) FROM questions").fetchone()[0]
    assert stored <= 500
    result = cli("ask", huge)
    _assert_no_crash(result)
    assert result.code == 0 and len(result.out) < 5_000
    batch = cli("ask", "--json", "-", stdin=huge + "\nwho runs openai\n")
    assert batch.code == 0 and len(batch.out.splitlines()) == 2


@pytest.mark.parametrize(
    "question",
    [
        "who runs\x00 stability\x07 ai\x1b\x7f",
        "who runs \u202estability ai\u202c\u200b",
        "who runs stability ai 🚀🔥",
        "من يدير Stability AI؟",
        "מי מנהל את Stability AI?",
        'who\'s the "CEO" of stability ai; --',
    ],
)
def test_odd_characters_around_a_real_question_still_answer(core: Core, question: str) -> None:
    reply = _admin(core, Ask(question))
    assert reply.answered, reply.text
    assert "Prem Akkaraju" in reply.text


@pytest.mark.parametrize(
    "question", [SQL, "' OR '1'='1", 'Robert"); DROP TABLE facts;--', "🚀🔥💥", "what's up?"]
)
def test_hostile_or_meaningless_questions_are_not_answered_and_change_no_fact(
    core: Core, db_path: Path, cli: Cli, question: str
) -> None:
    before = counts(db_path)
    reply = _admin(core, Ask(question))
    assert not reply.answered
    assert reply.text != messages.APOLOGY
    result = cli("ask", "--json", question)
    _assert_no_crash(result)
    assert counts(db_path) == before


@pytest.mark.parametrize("question", ["ما هو الطقس في باريس", "מה מזג האוויר בפריז"])
def test_a_question_in_right_to_left_script_is_not_called_empty(core: Core, question: str) -> None:
    """A real question in Arabic or Hebrew is not 'empty': say it is unknown, not 'Ask me something'."""
    reply = _admin(core, Ask(question))
    assert reply.text != messages.EMPTY_QUESTION
    assert reply.kind != "error"


# -- search: FTS syntax is plain text ----------------------------------------------------------------------

FTS_TEXTS = [
    '"',
    "*",
    "NEAR(",
    "NEAR(a b",
    "AND OR NOT",
    ":",
    "^",
    "object:",
    "(",
    ")",
    "-",
    "a*b",
    SQL,
    "🚀",
]


@pytest.mark.parametrize("text", FTS_TEXTS)
def test_search_treats_fts_syntax_as_text(core: Core, db_path: Path, cli: Cli, text: str) -> None:
    before = counts(db_path)
    reply = _admin(core, SearchFacts(text))
    assert reply.kind in ("list", "error")
    assert reply.text != messages.APOLOGY
    _assert_no_crash(cli("facts", "search", text))
    assert counts(db_path) == before


@pytest.mark.parametrize("text", ['stability "ai', "stability*", "NEAR(stability", "stability AND OR NOT"])
def test_search_with_fts_syntax_next_to_a_word_still_finds_it(core: Core, text: str) -> None:
    reply = _admin(core, SearchFacts(text))
    assert reply.kind == "list" and reply.fact_ids, reply.text
    assert any("Stability AI" in f.name for f in reply.fields)


# -- odd text in facts is stored verbatim, as data ---------------------------------------------------------


def test_sql_quotes_in_fact_fields_are_stored_verbatim(core: Core, store: Store, db_path: Path) -> None:
    before = counts(db_path)["facts"]
    subject, obj, statement = 'O\'Brien "Labs"; --', "Robert'); DROP TABLE facts;--", f"Said {SQL} twice"
    reply = _admin(core, AddFact(subject, "other", obj, statement=statement))
    assert reply.kind == "confirmation", reply.text
    fact = store.fact(reply.fact_ids[0])
    assert (fact.subject, fact.object, fact.statement) == (subject, obj, statement)
    assert counts(db_path)["facts"] == before + 1
    found = _admin(core, SearchFacts("Robert DROP"))
    assert fact.id in found.fact_ids


def test_sql_quotes_through_the_cli_are_stored_verbatim(cli: Cli, db_path: Path) -> None:
    result = cli("facts", "add", "Bobby Tables Inc", "other", SQL, "--statement", SQL)
    assert result.code == 0, result.err
    assert _one(db_path, "SELECT count(*) FROM facts WHERE object = ? AND statement = ?", (SQL, SQL)) == 1
    assert cli("ask", "who runs stability ai").out.startswith("Prem Akkaraju")


@pytest.mark.parametrize(
    ("subject", "obj", "statement"),
    [
        ("Emoji Labs", "🚀 Rocket model", "Emoji Labs released 🚀 Rocket model."),
        ("Acme Robotics", "Jane Roe", "ג'יין רו מנהלת את Acme — مرحبا"),
        ("Acme Robotics", "שלום עולם", "Hebrew object."),
        ("Acme Robotics", "مرحبا بالعالم", "Arabic object."),
        ("שלום בע״מ", "Jane Roe", "Hebrew subject."),
    ],
    ids=["emoji", "rtl-statement", "hebrew-object", "arabic-object", "hebrew-subject"],
)
def test_unicode_in_fact_fields_is_stored_verbatim(
    core: Core, store: Store, subject: str, obj: str, statement: str
) -> None:
    reply = _admin(core, AddFact(subject, "other", obj, statement=statement))
    assert reply.kind == "confirmation", reply.text
    fact = store.fact(reply.fact_ids[0])
    assert (fact.subject, fact.object, fact.statement) == (subject, obj, statement)


def test_control_characters_in_fact_fields_are_dropped_not_stored(core: Core, store: Store) -> None:
    reply = _admin(core, AddFact("Ctrl\x00Char\x07 Labs", "other", "a\x1b[31mb\u202ec", statement="x\x00y"))
    assert reply.kind == "confirmation", reply.text
    fact = store.fact(reply.fact_ids[0])
    for value in (fact.subject, fact.object, fact.statement):
        assert not any(ord(c) < 32 or c == "\u202e" for c in value), repr(value)


# -- files and the fact base itself ------------------------------------------------------------------------


def test_import_of_unreadable_or_unknown_files_is_a_clean_error(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80")
    odd = tmp_path / "facts.txt"
    odd.write_text('{"subject": "A"}\n', encoding="utf-8")
    not_object = tmp_path / "list.jsonl"
    not_object.write_text("[1, 2]\n", encoding="utf-8")
    wrong_type = tmp_path / "types.jsonl"
    wrong_type.write_text('{"subject": "A Co", "relation": "ceo", "object": "B C", "start": 2024}\n')
    no_header = tmp_path / "noheader.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    before = counts(db_path)
    for path in (tmp_path / "missing.jsonl", tmp_path, binary, odd, not_object, wrong_type, no_header):
        result = cli("facts", "import", str(path))
        assert result.code == 1 and result.out == "", (path, result)
        assert result.err.startswith("error: ") and "Traceback" not in result.err, result.err
    assert counts(db_path) == before


def test_a_file_that_is_not_a_fact_base_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not SQLite\n" * 50, encoding="utf-8")
    result = cli("ask", "who runs openai", db=bogus)
    assert_user_error(result)
    assert bogus.read_text(encoding="utf-8").startswith("these are my notes")


def test_a_directory_as_fact_base_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    assert_user_error(cli("ask", "who runs openai", db=tmp_path))


# -- unexpected failures never leak exception text ---------------------------------------------------------


def test_an_unexpected_exception_becomes_the_fixed_apology(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> Reply:
        raise RuntimeError("secret-token-xyz")

    monkeypatch.setattr(core.answerer, "answer", boom)
    reply = _admin(core, Ask("who runs stability ai"))
    assert reply.kind == "error"
    assert reply.text == messages.APOLOGY
    shown = " ".join([reply.text, *reply.suggestions, *(f.value for f in reply.fields), *reply.explanation])
    assert "secret-token-xyz" not in shown and "RuntimeError" not in shown


def test_an_unexpected_exception_in_a_change_becomes_the_apology_and_changes_nothing(
    core: Core, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret-token-xyz")

    monkeypatch.setattr(store, "_history", boom)
    before = counts(db_path)
    reply = _admin(core, AddFact("Acme Robotics", "ceo", "Jane Roe", start="2025-01"))
    assert reply.text == messages.APOLOGY and "secret-token-xyz" not in reply.text
    assert counts(db_path) == before  # the half-done insert was rolled back


def test_cli_unexpected_exception_shows_only_the_apology(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> Reply:
        raise RuntimeError("secret-token-xyz")

    monkeypatch.setattr("factbot.bot.answering.answerer.Answerer.answer", boom)
    result = cli("ask", "who runs stability ai")
    assert result.code == 1 and result.out == ""
    error_line = next(line for line in result.err.splitlines() if line.startswith("error: "))
    assert error_line == f"error: {messages.APOLOGY}"
    batch = cli("ask", "--json", "-", stdin="who runs openai\n")
    assert "secret-token-xyz" not in batch.out and messages.APOLOGY in batch.out
