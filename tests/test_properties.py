"""Property-based tests (hypothesis): arbitrary unicode, huge inputs and malformed structures against

1. the matcher, through the core (an Ask never crashes, never apologises, stays within its contract);
2. the command grammar and every command it yields, run as a member and as a global admin;
3. the importer (all-or-nothing, bad lines named by number, idempotent);
4. the Slack and Discord renderers (stored text made inert, platform limits kept).

Every property works on a private copy of the committed facts.db (`fresh_core`): asking shares one per
test function, properties that change facts take a fresh one per example so failures replay and shrink.
Each property counts the examples it ran; the module prints one summary line when it finishes (also in
`pytest -rA` output and in property_example_counts.txt under pytest's base temp directory).
FACTBOT_PROPERTY_SCALE=10 runs ten times as many examples.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from factbot import discord_render, slack_render
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.port import (
    CHANGING,
    AddFact,
    Ask,
    EditFact,
    EndFact,
    Field,
    Gaps,
    Help,
    Leadership,
    RemoveFact,
    Reply,
    Request,
    RestoreFact,
    Role,
    SearchFacts,
    ShowHistory,
    Source,
    Undo,
)
from factbot.bot.domain.text import clean_input
from factbot.bot.ingest.transfer import FIELDS, import_facts
from factbot.bot.storage.store import EDITABLE, Store
from factbot.bot.usecases import parsing
from factbot.bot.usecases.dispatch import Core
from tests.support import EMBEDDED_DB, ROOT, TODAY

pytestmark = pytest.mark.slow  # durability/property runs: CI runs them (pytest -m slow)


COMMAND_TYPES = (
    Ask,
    Leadership,
    AddFact,
    EditFact,
    EndFact,
    RemoveFact,
    RestoreFact,
    ShowHistory,
    Undo,
    SearchFacts,
    Gaps,
    Help,
)
ASK_KINDS = {"answer", "unknown", "help", "error"}
ALL_KINDS = {"answer", "unknown", "help", "confirmation", "list", "error", "limited", "clarify"}
ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")  # ASCII digits only, unlike \d
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # everything str.splitlines() splits on


def examples(n: int) -> int:
    """max_examples, scaled by FACTBOT_PROPERTY_SCALE (e.g. 10 for a long hunt; the default keeps ~30 s)."""
    return max(1, int(n * float(os.environ.get("FACTBOT_PROPERTY_SCALE", "1"))))


# Shrink failures, but skip the costly 'explain' phase: it keeps a failing run from taking minutes.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)

# -- example counts, reported when the module finishes -------------------------------------------------

EXAMPLES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_example_counts(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    yield
    counts = ", ".join(f"{name}={n}" for name, n in EXAMPLES.items())
    line = f"hypothesis examples run: {sum(EXAMPLES.values())} ({counts})"
    (tmp_path_factory.getbasetemp() / "property_example_counts.txt").write_text(line + "\n", encoding="utf-8")
    print(f"\n{line}")  # captured: shown under 'Captured stdout teardown' by `pytest -rA`
    capman = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None:  # and on the terminal whatever the capture mode
        with capman.global_and_fixture_disabled() if capman is not None else nullcontext():
            reporter.write("\n")
            reporter.write_line(line)


def counted(name: str) -> None:
    EXAMPLES[name] += 1


def weighted(*options: tuple[int, SearchStrategy[Any]]) -> SearchStrategy[Any]:
    """One of the strategies, by weight (st.one_of flattens nested one_ofs into equal shares)."""
    return st.sampled_from([s for weight, s in options for _ in range(weight)]).flatmap(lambda s: s)


# -- a private fact base -------------------------------------------------------------------------------


@contextmanager
def fresh_core() -> Iterator[Core]:
    """A core over a private copy of the committed facts.db (about 9 ms), in its own temporary directory.

    Properties that only read (asking) share one per test function; properties that change facts open
    one per example, so every example starts from the same state and hypothesis can replay and shrink it.
    """
    with tempfile.TemporaryDirectory(prefix="factbot-props-") as tmp:
        path = Path(tmp) / "facts.db"
        shutil.copyfile(EMBEDDED_DB, path)
        store = Store(path)
        try:
            yield Core(store, today=lambda: TODAY)
        finally:
            store.close()


def snapshot(store: Store) -> dict[str, object]:
    """Row counts (facts removed or not, history, entities, names) and a digest of every fact's row."""
    state: dict[str, object] = {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("facts", "history", "entities", "names")
    }
    rows = store.db.execute("SELECT * FROM facts ORDER BY id").fetchall()
    state["facts_digest"] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def _stored_dates(store: Store, fact_ids: tuple[int, ...]) -> list[tuple[int, str, str]]:
    """(fact id, column, value) for every start/end/as_of of these facts."""
    out = []
    for fid in fact_ids:
        row = store.db.execute("SELECT start, end, as_of FROM facts WHERE id = ?", [fid]).fetchone()
        if row is not None:
            out += [(fid, col, v) for col, v in zip(("start", "end", "as_of"), row, strict=True) if v]
    return out


# -- material: names and questions the bot knows, and nasty characters ---------------------------------


def _known_names() -> list[str]:
    with closing(sqlite3.connect(f"file:{EMBEDDED_DB}?mode=ro", uri=True)) as conn:
        return sorted({r[0] for r in conn.execute("SELECT name FROM names")})


def _known_questions() -> list[str]:
    lines = (ROOT / "tests" / "data" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


NAMES = _known_names()
QUESTIONS = _known_questions()
SPECIAL_CHARS = (
    [chr(c) for c in range(0x00, 0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + list("\ufeff\u2028\u2029\u00a0\u3000\u180e\ufffd\uffff")
    + list("שלום עולם مرحبا بالعالم")  # right-to-left scripts
    + list("\u0301\u0308\u0327\u0345\u20dd\u0489\u093f\u0e31")  # combining marks
    + ["😀", "👩", "💻", "🇺", "🇸", "🏳", "\ufe0f"]
    + list("İıſẞﬁǅ＠＜＞＃｜Å")
    + list("٢٠٤२४²①፩𝟐１")  # digits that are not ASCII
    + list("<>&@!#|*_~`\\'\"=/:;,.?-()[]{}%$^+ \t")
)
CHAR = st.one_of(st.sampled_from(SPECIAL_CHARS), st.characters(codec="utf-8"))  # utf-8: no surrogates
TOKENS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U012ABCDEF>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#C0123456>",
    "<!subteam^S123|@team>",
    "@everyone",
    "@here",
    "!channel",
    "@U012ABC",
    "**bold**",
    "`code`",
    "||spoiler||",
    "[x](https://evil.example)",
    "&amp;",
    "&lt;",
    "'; DROP TABLE facts; --",
    "%s %d {0} {name}",
    "👩‍💻",
    "🇺🇸",
    "🧑🏽",
    "e\u0301\u0301\u0301",
    "\u202eevil\u202c",
    "\x00",
    "NaN",
]
CUES = [
    "who is the ceo of",
    "who runs",
    "who founded",
    "when was",
    "released",
    "before",
    "former",
    "first",
    "latest",
    "now",
    "in 2023",
    "in November 2023",
    "cto",
    "chief scientist of",
    "invested in",
    "acquired",
    "what did",
    "do with",
    "hi",
    "help",
]

TEXT = st.text(CHAR, max_size=60)
SHORT = st.text(CHAR, max_size=12)
BLANK = st.text(st.sampled_from([*[chr(c) for c in range(0x20)], " ", "\u3000", "\u200b", *"?!.,-_'"]))


def _repeat(block: str, times: int) -> str:
    """`block` repeated, at most ~100k characters: huge inputs without a huge hypothesis buffer."""
    return (block * min(times, 100_000 // len(block) + 1))[:100_000]


LONG = st.builds(_repeat, st.text(CHAR, min_size=1, max_size=40), st.integers(1, 100_000))
PIECE = st.one_of(TEXT, st.sampled_from(NAMES), st.sampled_from(CUES), st.sampled_from(TOKENS))
QUESTION = st.one_of(
    st.text(CHAR, max_size=300),
    st.sampled_from(QUESTIONS),
    st.lists(PIECE, max_size=8).map(" ".join),
    st.builds(lambda q, noise: f"{q}{noise}", st.sampled_from(QUESTIONS), PIECE),
    st.builds(lambda noise, q: f"{noise} {q}", PIECE, st.sampled_from(QUESTIONS)),
    LONG,
    st.builds(lambda q, pad: f"{q} {pad}", st.sampled_from(QUESTIONS), LONG),
    BLANK,
)


def _blank(question: str) -> bool:
    """No letter or digit once control characters are dropped, the text cut and accents taken off."""
    cleaned = unicodedata.normalize("NFKD", clean_input(question))
    return not any(c.isalnum() and not unicodedata.combining(c) for c in cleaned)


# -- 1. the matcher through the core ------------------------------------------------------------------


def _check_ask(question: str, reply: Reply, explain: bool) -> None:
    assert reply.text != messages.APOLOGY, f"internal error for {question[:200]!r}"
    assert reply.kind in ASK_KINDS, reply
    assert isinstance(reply.confidence, float | int) and math.isfinite(reply.confidence)
    assert 0.0 <= reply.confidence <= 1.0, reply
    assert len(reply.suggestions) <= 3, reply.suggestions
    assert all(isinstance(s, str) and s for s in reply.suggestions)
    blank = _blank(question)
    assert (reply.kind == "error") == blank, (question[:200], reply)
    if blank:
        assert reply.text == messages.EMPTY_QUESTION
    if not explain:
        assert reply.explanation == ()
    elif reply.kind in ("answer", "unknown"):
        assert reply.explanation and all(isinstance(line, str) for line in reply.explanation)


def test_ask_never_crashes_and_keeps_its_contract() -> None:
    with fresh_core() as core:

        @settings(max_examples=examples(200), deadline=None, phases=PHASES)
        @given(question=QUESTION, workspace=st.sampled_from([None, "T1"]))
        def ask_property(question: str, workspace: str | None) -> None:
            counted("ask")
            plain = core.handle(Request(Ask(question), platform="slack", workspace_id=workspace))
            _check_ask(question, plain, explain=False)
            explained = core.handle(
                Request(Ask(question, explain=True), platform="slack", workspace_id=workspace)
            )
            _check_ask(question, explained, explain=True)
            assert explained == plain  # explaining changes nothing but the explanation (compare=False)

        ask_property()


# -- 2. the command grammar, and every command it yields through the core ---------------------------------


def _valid_date(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{min(day, 28):02d}"


VALID_DATE = st.builds(
    _valid_date, st.integers(1900, 2100), st.none() | st.integers(1, 12), st.none() | st.integers(1, 31)
)
BAD_DATES = [
    "2024-13",
    "2024-02-30",
    "2024-00",
    "2024-06-00",
    "2024-6",
    "1899",
    "2101",
    "24",
    "June 2024",
    "2024/06",
    "0000",
    "99999",
    "2024-06-31",
    "٢٠٢٤",
    "२०२४-०६",
    "２０２４",
    "2024-06-25T10:00",
]
DIGITS = ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "০১২৩৪৫৬৭৮৯"]  # Arabic-Indic, Devanagari, ...
OTHER_DIGIT_DATE = st.builds(
    lambda d, digits: d.translate(str.maketrans("0123456789", digits)), VALID_DATE, st.sampled_from(DIGITS)
)
DATE = st.one_of(VALID_DATE, st.sampled_from(BAD_DATES), OTHER_DIGIT_DATE, SHORT)
PLAUSIBLE_DATE = weighted((3, VALID_DATE), (1, st.sampled_from(BAD_DATES)), (1, OTHER_DIGIT_DATE))
NO_SPACE = st.text(CHAR.filter(lambda c: not c.isspace()), max_size=40)
HOST = st.one_of(
    st.from_regex(r"[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){0,2}", fullmatch=True),
    NO_SPACE.filter(lambda s: "/" not in s),  # unicode hosts, brackets, fullwidth '#', ...
)
# Hosts urlparse chokes on: brackets, characters whose NFKC form is one of '/?#@:'.
NASTY_HOST = st.builds(
    lambda a, c, b: f"{a}{c}{b}",
    st.from_regex(r"[a-z]{0,6}", fullmatch=True),
    st.sampled_from(["[", "]", "＃", "＠", "／", "？", "﹖", "℀", "：", "ﬁ", "Ｅ"]),
    st.from_regex(r"[a-z.]{0,6}", fullmatch=True),
)
URL = weighted(
    (
        3,
        st.builds(
            lambda scheme, host, path: f"{scheme}://{host}/{path}",
            st.sampled_from(["http", "https"]),
            HOST,
            NO_SPACE,
        ),
    ),
    (
        2,
        st.builds(
            lambda scheme, host: f"{scheme}://{host}/x", st.sampled_from(["http", "https"]), NASTY_HOST
        ),
    ),
    (
        1,
        st.sampled_from(
            [
                "",
                "ftp://example.com/x",
                "http://",
                "https://",
                "javascript:alert(1)",
                "http://a b",
                "//example.com/x",
                "<https://example.com/x>",
                "http://[",
                "http://[::1",
                "https://exa＃mple.com/",
                "https://example.com/" + "a" * 600,
            ]
        ),
    ),
    (1, TEXT),
)
VALID_RELATION = st.sampled_from(
    [*relations.RELATIONS, "CEO", "Co-Founder", "chief executive", "chairman", "investor"]
)
RELATION = st.one_of(
    st.sampled_from(
        [*relations.RELATIONS, "CEO", "Co-Founder", "chief executive", "chairman", "investor", "boss", ""]
    ),
    SHORT,
)
LIVE_ID = st.integers(1, 200).map(str)  # the seed holds facts 1..172; adds go on from there
FACT_ID = st.one_of(
    LIVE_ID,
    st.integers(1, 200).map(lambda i: f"#{i}"),
    st.integers(0, 10**15).map(str),
    st.sampled_from(["-1", "0", "1e3", "0x10", "٣", "１２", "12.0", "9" * 20, "#", "##7", "²"]),
    SHORT,
)
FIELD_NAME = st.one_of(
    st.sampled_from([*EDITABLE, "subject", "id", "scope", "removed", "Start", "END", "_"]),
    st.from_regex(r"[A-Za-z_]{1,12}", fullmatch=True),
)
SUBJECT = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda s: f"Acme {s}", SHORT),
    TEXT,
    LONG,
    st.builds(lambda pad: "!" * 200 + pad, SHORT),
)
VALUE = st.one_of(TEXT, DATE, URL, RELATION, st.sampled_from(NAMES), LONG, st.sampled_from(TOKENS))
PREFIX = st.sampled_from(["", "fact ", "/fact ", "facts ", "FACT ", "/Facts   ", " fact "])


def _add(prefix: str, subject: str, relation: str, obj: str, extra: list[str]) -> str:
    return f"{prefix}add {subject} | {relation} | {obj}" + "".join(f" | {x}" for x in extra)


# Commands that mostly get past the grammar and the id lookup, so the core's checks are what is tested.
def _plausible_add(subject: str, relation: str, obj: str, since: str | None, url: str | None) -> str:
    text = f"fact add {subject} | {relation} | {obj}"
    if since is not None or url is not None:
        text += f" | {since or ''}"
    return text + (f" | {url}" if url is not None else "")


PLAUSIBLE_COMMAND = weighted(
    (
        3,
        st.builds(
            _plausible_add,
            st.builds(lambda s: f"Acme {s}", SHORT) | st.sampled_from(NAMES),
            VALID_RELATION,
            st.builds(lambda s: f"Pat {s}", SHORT) | st.sampled_from(NAMES),
            st.none() | PLAUSIBLE_DATE,
            weighted((1, st.none()), (2, URL)),
        ),
    ),
    (1, st.builds(lambda i, url: f"fact edit {i} source_url={url}", LIVE_ID, URL)),
    (
        2,
        st.builds(
            lambda i, pairs: f"fact edit {i} " + " ".join(f"{k}={v}" for k, v in pairs),
            LIVE_ID,
            st.lists(
                st.tuples(
                    st.sampled_from(EDITABLE),
                    weighted((2, PLAUSIBLE_DATE), (2, URL), (1, VALID_RELATION), (1, TEXT)),
                ),
                min_size=1,
                max_size=3,
            ),
        ),
    ),
    (
        2,
        st.builds(lambda i, d: f"fact end {i}" + (f" {d}" if d else ""), LIVE_ID, st.none() | PLAUSIBLE_DATE),
    ),
    (
        1,
        st.builds(
            lambda verb, i: f"fact {verb} {i}", st.sampled_from(["remove", "restore", "history"]), LIVE_ID
        ),
    ),
    (1, st.sampled_from(["fact undo", "fact gaps"])),
)
COMMAND_TEXT = weighted(
    (3, PLAUSIBLE_COMMAND),
    (
        1,
        st.builds(_add, PREFIX, SUBJECT, RELATION, SUBJECT, st.lists(st.one_of(DATE, URL, TEXT), max_size=3)),
    ),
    (
        1,
        st.builds(
            lambda p, i, pairs: f"{p}edit {i} " + " ".join(f"{k}={v}" for k, v in pairs),
            PREFIX,
            FACT_ID,
            st.lists(st.tuples(FIELD_NAME, VALUE), max_size=4),
        ),
    ),
    (1, st.builds(lambda p, i, d: f"{p}end {i}" + (f" {d}" if d else ""), PREFIX, FACT_ID, st.none() | DATE)),
    (
        1,
        st.builds(
            lambda p, verb, i: f"{p}{verb} {i}",
            PREFIX,
            st.sampled_from(["remove", "delete", "rm", "restore", "history", "log", "REMOVE"]),
            FACT_ID,
        ),
    ),
    (
        1,
        st.builds(
            lambda p, verb, junk: f"{p}{verb}{junk}",
            PREFIX,
            st.sampled_from(["undo", "gaps", "help", "?", "", "bogus"]),
            st.sampled_from(["", " ", " extra words"]) | SHORT,
        ),
    ),
    (1, st.builds(lambda p, verb, t: f"{p}{verb} {t}", PREFIX, st.sampled_from(["search", "find"]), PIECE)),
    (
        1,
        st.builds(
            lambda word, t: f"{word} {t}",
            st.sampled_from(["leadership", "/leadership", "LEADERSHIP", "/ask", "/help", "/", "/nope"]),
            PIECE | LONG,
        ),
    ),
    (1, QUESTION),
)


@settings(max_examples=examples(500), deadline=None, phases=PHASES)
@given(text=st.one_of(COMMAND_TEXT, st.text(CHAR, max_size=200), LONG))
def test_parsers_return_a_command_or_a_bot_error(text: str) -> None:
    counted("parse_fact/parse_line")
    for parse in (parsing.parse_fact, parsing.parse_line):
        try:
            command = parse(text)
        except BotError as exc:
            assert str(exc)
        else:
            assert isinstance(command, COMMAND_TYPES), command


def _refusal_changes_nothing(core: Core, command: Any, role: Role) -> Reply:
    store = core.store
    before = snapshot(store)
    user = "admin" if role == Role.GLOBAL_ADMIN else "member"
    reply = core.handle(Request(command, user_id=user, role=role))
    assert reply.text != messages.APOLOGY, f"internal error for {command!r} as {role.name}"
    assert reply.kind in ALL_KINDS, reply
    if reply.kind == "error":
        assert snapshot(store) == before, f"a refusal changed the fact base: {command!r} -> {reply.text!r}"
    if role == Role.MEMBER and isinstance(command, CHANGING):
        assert reply.kind == "error", f"a member changed facts: {command!r} -> {reply.text!r}"
    return reply


@settings(max_examples=examples(300), deadline=None, phases=PHASES)
@given(texts=st.lists(weighted((1, PLAUSIBLE_COMMAND), (1, COMMAND_TEXT)), min_size=1, max_size=3))
def test_parsed_commands_never_apologise_and_refusals_change_nothing(texts: list[str]) -> None:
    """A few command lines in a row (so undo, end and restore meet facts just added or changed)."""
    counted("commands via core")
    with fresh_core() as core:
        for text in texts:
            commands = []
            for parse in (parsing.parse_line, parsing.parse_fact):
                try:
                    commands.append(parse(text))
                except BotError:
                    continue
            for command in dict.fromkeys(commands):
                for role in (Role.MEMBER, Role.GLOBAL_ADMIN):
                    _refusal_changes_nothing(core, command, role)


ANY_DIGITS_DATE = weighted((1, VALID_DATE), (2, OTHER_DIGIT_DATE))
DATED_COMMAND = st.one_of(
    st.builds(lambda d: f"fact add Acme Dated | ceo | Pat Dated | {d}", ANY_DIGITS_DATE),
    st.builds(lambda i, d: f"fact end {i} {d}", LIVE_ID, ANY_DIGITS_DATE),
    st.builds(
        lambda i, field, d: f"fact edit {i} {field}={d}",
        LIVE_ID,
        st.sampled_from(["start", "end", "as_of"]),
        ANY_DIGITS_DATE,
    ),
    PLAUSIBLE_COMMAND,
)


@settings(max_examples=examples(150), deadline=None, phases=PHASES)
@given(text=DATED_COMMAND)
def test_successful_changes_store_iso_dates(text: str) -> None:
    """Whatever digits a date was typed in, a change that succeeds stores the ISO form (ASCII digits) that
    duplicate checks (`start IS ?`) and date comparisons rely on."""
    counted("stored dates are ISO")
    try:
        command = parsing.parse_line(text)
    except BotError:
        return  # not a command at all: the parser property covers that
    with fresh_core() as core:
        reply = core.handle(Request(command, user_id="admin", role=Role.GLOBAL_ADMIN))
        if reply.kind == "confirmation":
            odd = [d for d in _stored_dates(core.store, reply.fact_ids) if not ISO_DATE.fullmatch(d[2])]
            assert not odd, f"{text!r} stored dates that are not ISO: {odd}"


# -- 3. the importer ----------------------------------------------------------------------------------


def _valid_row(
    subject: str,
    relation: str,
    obj: str,
    start: str | None,
    end: str | None,
    texts: dict[str, str | None],
    url: str | None,
    as_of: str | None,
    unverified: bool,
) -> dict[str, Any]:
    """A row the importer must accept: required fields present, every field within its limit."""
    if start and end and dates.last_day(end) < dates.first_day(start):
        start, end = end, start
    row: dict[str, Any] = {"subject": f"Org {subject}", "relation": relation, "object": f"Pers {obj}"}
    row.update({"start": start, "end": end, "source_url": url, "source_date": as_of, **texts})
    if unverified:
        row["confidence"] = "unverified"
    return {k: v for k, v in row.items() if v is not None or k in ("start", "end")}


VALID_URL = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}"[:480],
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){0,2}", fullmatch=True),
    NO_SPACE.map(lambda s: s.rstrip("<>")),
)
VALID_ROW = st.builds(
    _valid_row,
    st.text(CHAR, max_size=40),
    st.sampled_from(list(relations.RELATIONS)),
    st.text(CHAR, max_size=40),
    st.none() | VALID_DATE,
    st.none() | VALID_DATE,
    st.fixed_dictionaries(
        {},
        optional={
            "statement": st.none() | st.text(CHAR, max_size=200),
            "source_title": st.none() | st.text(CHAR, max_size=100),
            "note": st.none()
            | st.text(CHAR, max_size=200)
            | st.builds(_repeat, st.text(CHAR, min_size=1, max_size=3), st.integers(1, 300)),
        },
    ),
    st.none() | VALID_URL,
    st.none() | VALID_DATE,
    st.booleans(),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(CHAR, max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
NOT_TEXT = st.one_of(
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(JSON_VALUE, max_size=3),
    st.dictionaries(st.text(max_size=5), JSON_VALUE, max_size=2),
)
LIMITS = {
    "subject": 100,
    "object": 300,
    "statement": 500,
    "source_title": 200,
    "note": 1000,
    "source_url": 500,
}
BAD_URLS = [
    "ftp://example.com/x",
    "http://",
    "not a url",
    "javascript:alert(1)",
    "http://a b",
    "//example.com/x",
]


def one_line(text: str) -> str:
    return text.translate({ord(c): " " for c in LINE_BREAKS})


def _dumps(row: object) -> str:
    return json.dumps(row, ensure_ascii=True)


def _checked(row: dict[str, Any]) -> dict[str, Any]:
    """The row without confidence=unverified, which the importer skips before checking anything."""
    return {k: v for k, v in row.items() if k != "confidence"}


def _wrong_type(row: dict[str, Any], name: str, value: object) -> str:
    return _dumps({**_checked(row), name: value})


def _missing(row: dict[str, Any], name: str, blank: str | None) -> str:
    bad = _checked(row)
    if blank is None:
        bad.pop(name)
    else:
        bad[name] = blank
    return _dumps(bad)


def _huge(row: dict[str, Any], name: str, times: int) -> str:
    return _dumps({**_checked(row), name: "x" * (LIMITS[name] + times)})


def _bad_date(row: dict[str, Any], name: str, value: str) -> str:
    return _dumps({**_checked(row), name: value})


# (line text, whether it is "valid", "bad" or "maybe" on its own; "blank" lines are skipped)
JSONL_LINE = st.one_of(
    st.tuples(VALID_ROW.map(_dumps), st.just("valid")),
    st.tuples(st.builds(lambda t: "}" + one_line(t), TEXT), st.just("bad")),
    st.tuples(
        st.one_of(
            st.lists(JSON_VALUE, max_size=3),
            st.integers(),
            st.floats(),
            st.text(CHAR, max_size=20),
            st.booleans(),
            st.none(),
        ).map(_dumps),
        st.just("bad"),
    ),
    st.tuples(st.builds(_wrong_type, VALID_ROW, st.sampled_from(FIELDS), NOT_TEXT), st.just("bad")),
    st.tuples(
        st.builds(
            _missing,
            VALID_ROW,
            st.sampled_from(["subject", "relation", "object"]),
            st.sampled_from([None, "", "   ", "\u200b"]),
        ),
        st.just("bad"),
    ),
    st.tuples(
        st.builds(_huge, VALID_ROW, st.sampled_from(list(LIMITS)), st.integers(1, 100_000)), st.just("bad")
    ),
    st.tuples(
        st.builds(
            _bad_date,
            VALID_ROW,
            st.sampled_from(["start", "end", "source_date"]),
            st.sampled_from(BAD_DATES[:13]),
        ),
        st.just("bad"),
    ),
    st.tuples(
        st.builds(
            lambda row, u: _dumps({**_checked(row), "source_url": u}), VALID_ROW, st.sampled_from(BAD_URLS)
        ),
        st.just("bad"),
    ),
    st.tuples(
        st.builds(lambda row: _dumps({**_checked(row), "relation": "boss"}), VALID_ROW), st.just("bad")
    ),
    st.tuples(
        st.dictionaries(st.sampled_from([*FIELDS, "confidence", "id", ""]), JSON_VALUE, max_size=6).map(
            _dumps
        ),
        st.just("maybe"),
    ),
    st.tuples(TEXT.map(one_line), st.just("maybe")),
    st.tuples(st.sampled_from(["", "   ", "\t"]), st.just("blank")),
)


def _write(core: Core, text: str, fmt: str) -> Path:
    path = Path(core.store.path).parent / f"import.{fmt}"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _physical_lines(text: str, fmt: str) -> int:
    if fmt == "jsonl":
        return len(text.splitlines())
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _import_checked(
    core: Core, text: str, fmt: str, known_bad: set[int] | frozenset[int] = frozenset()
) -> bool:
    """Import; either it succeeds or it raises BadArgument naming line numbers and nothing changed.

    Returns whether the import succeeded; known_bad: lines that must be reported if anything is."""
    store = core.store
    before = snapshot(store)
    try:
        report = import_facts(store, _write(core, text, fmt), "test:import", "global", TODAY, fmt=fmt)
    except BadArgument as exc:
        message = str(exc)
        named = [int(n) for n in re.findall(r"^line (\d+): ", message, flags=re.MULTILINE)]
        assert message.startswith("Nothing imported: "), message
        assert named, message
        assert all(1 <= n <= _physical_lines(text, fmt) for n in named), message
        if "\n… and " not in message:
            assert known_bad <= set(named), (sorted(known_bad), message)
        assert snapshot(store) == before, "a failed import changed the fact base"
        return False
    assert not known_bad, f"lines {sorted(known_bad)} are bad but the import succeeded: {report}"
    after = snapshot(store)
    assert after["facts"] == before["facts"] + report.added
    assert after["history"] == before["history"] + report.added
    return True


@settings(max_examples=examples(120), deadline=None, phases=PHASES)
@given(lines=st.lists(JSONL_LINE, max_size=12), trailing=st.booleans())
def test_import_jsonl_mixed_lines_all_or_nothing(lines: list[tuple[str, str]], trailing: bool) -> None:
    counted("import jsonl (mixed lines)")
    text = "\n".join(line for line, _ in lines) + ("\n" if trailing else "")
    bad = {n for n, (_, kind) in enumerate(lines, start=1) if kind == "bad"}
    with fresh_core() as core:
        ok = _import_checked(core, text, "jsonl", bad)
    if all(kind in ("valid", "blank") for _, kind in lines):
        assert ok, "a file of valid rows was refused"


def _deep(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _escaped(row: dict[str, Any], name: str, units: list[int]) -> str:
    """A row whose field holds \\uXXXX escapes, lone surrogates included (syntactically valid JSON)."""
    text = _dumps({**_checked(row), name: "@@MARK@@"})
    return text.replace('"@@MARK@@"', '"Org ' + "".join(f"\\u{u:04x}" for u in units) + '"')


PATHOLOGICAL_LINE = st.one_of(
    st.builds(_deep, st.integers(1, 5_000), st.sampled_from(["array", "object"])),
    st.builds(lambda digits: "1" * digits, st.integers(1, 10_000)),
    st.builds(
        lambda row, digits: _dumps(_checked(row))[:-1] + ', "subject": ' + "7" * digits + "}",
        VALID_ROW,
        st.integers(1, 10_000),
    ),
)
SURROGATE_LINE = st.builds(
    _escaped,
    VALID_ROW,
    st.sampled_from(["subject", "object", "statement", "note", "source_title"]),
    st.lists(st.integers(0xD800, 0xDFFF) | st.integers(0x20, 0x7E), min_size=1, max_size=4),
)


@settings(max_examples=examples(60), deadline=None, phases=PHASES)
@given(
    lines=st.lists(
        st.one_of(
            st.tuples(PATHOLOGICAL_LINE, st.just("bad")), st.tuples(VALID_ROW.map(_dumps), st.just("valid"))
        ),
        min_size=1,
        max_size=4,
    )
)
def test_import_jsonl_deep_or_huge_json_is_reported_not_raised(lines: list[tuple[str, str]]) -> None:
    """Nesting thousands deep and numbers thousands of digits long: a line-numbered refusal, never a crash."""
    counted("import jsonl (deep/huge json)")
    bad = {n for n, (_, kind) in enumerate(lines, start=1) if kind == "bad"}
    with fresh_core() as core:
        _import_checked(core, "\n".join(line for line, _ in lines), "jsonl", bad)


@settings(max_examples=examples(60), deadline=None, phases=PHASES)
@given(lines=st.lists(st.one_of(SURROGATE_LINE, VALID_ROW.map(_dumps)), min_size=1, max_size=4))
def test_import_jsonl_lone_surrogate_escapes_are_reported_not_raised(lines: list[str]) -> None:
    """'\\ud800' is valid JSON syntax but no text SQLite can store: import the line some way or refuse it."""
    counted("import jsonl (surrogate escapes)")
    with fresh_core() as core:
        _import_checked(core, "\n".join(lines), "jsonl")


CSV_CELL = st.one_of(
    TEXT, VALUE, st.sampled_from(NAMES), st.sampled_from(['"', '""', ",", '"a,b"', "a\nb", "\r\n"])
)
CSV_HEADER = st.one_of(
    st.permutations([*FIELDS, "confidence"]).flatmap(
        lambda f: st.integers(3, len(f)).map(lambda n: ",".join(f[:n]))
    ),
    st.just(",".join(FIELDS)),
    st.lists(st.sampled_from([*FIELDS, "", "x", "subject"]), max_size=6).map(",".join),
    TEXT.map(one_line),
)


def _csv_rows(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


CSV_TEXT = st.one_of(
    st.builds(
        lambda h, body: f"{h}\n{body}",
        CSV_HEADER,
        st.lists(st.lists(CSV_CELL, max_size=12), max_size=8).map(_csv_rows),
    ),
    st.builds(lambda h, body: f"{h}\n{body}", CSV_HEADER, st.text(CHAR, max_size=300)),
    st.lists(st.lists(CSV_CELL, max_size=6), max_size=6).map(_csv_rows),
    st.text(CHAR, max_size=500),
)


@settings(max_examples=examples(120), deadline=None, phases=PHASES)
@given(text=CSV_TEXT)
def test_import_csv_arbitrary_text_all_or_nothing(text: str) -> None:
    counted("import csv (arbitrary text)")
    header = next(iter(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")))), [])
    bad = {1} if not all(f in header for f in ("subject", "relation", "object")) else set()
    with fresh_core() as core:
        _import_checked(core, text, "csv", bad)


@settings(max_examples=examples(40), deadline=None, phases=PHASES)
@given(
    block=st.text(st.characters(codec="ascii", exclude_characters='",\r\n'), min_size=1, max_size=3),
    times=st.integers(1, 200_000),
    column=st.sampled_from(["subject", "object", "statement", "note"]),
    quoted=st.booleans(),
)
def test_import_csv_huge_fields_are_reported_not_raised(
    block: str, times: int, column: str, quoted: bool
) -> None:
    """A CSV cell far over every limit (up to 200k characters) is a bad line, not a crash."""
    counted("import csv (huge fields)")
    row = {"subject": "Org Huge", "relation": "ceo", "object": "Pers Huge", column: block * times}
    cells = [row.get(f, "") for f in ("subject", "relation", "object", "statement", "note")]
    line = ",".join(f'"{c}"' if quoted else c for c in cells)
    with fresh_core() as core:
        _import_checked(core, f"subject,relation,object,statement,note\n{line}\n", "csv")


def _twice(core: Core, text: str, fmt: str, rows: list[dict[str, Any]]) -> None:
    store = core.store
    path = _write(core, text, fmt)
    before = snapshot(store)
    try:
        first = import_facts(store, path, "test:import", "global", TODAY, fmt=fmt)
    except BadArgument as exc:
        pytest.fail(f"a valid {fmt} file was refused: {exc}")
    taken = sum(1 for r in rows if r.get("confidence") != "unverified")
    assert first.added + first.unchanged == taken, first
    middle = snapshot(store)
    assert middle["facts"] == before["facts"] + first.added
    second = import_facts(store, path, "test:import", "global", TODAY, fmt=fmt)
    assert second.added == 0, second
    assert second.unchanged == taken, second
    assert snapshot(store) == middle, "importing the same file again changed the fact base"


@settings(max_examples=examples(80), deadline=None, phases=PHASES)
@given(rows=st.lists(VALID_ROW, min_size=1, max_size=8), ascii_only=st.booleans(), blank_after=st.booleans())
def test_import_valid_jsonl_twice_adds_nothing_the_second_time(
    rows: list[dict[str, Any]], ascii_only: bool, blank_after: bool
) -> None:
    """Any JSON writer's output is valid JSONL: with ensure_ascii=False, U+2028 or U+0085 stay raw."""
    counted("import jsonl twice")
    lines = [json.dumps(r, ensure_ascii=ascii_only) for r in rows]
    with fresh_core() as core:
        _twice(core, ("\n\n" if blank_after else "\n").join(lines) + "\n", "jsonl", rows)


@settings(max_examples=examples(60), deadline=None, phases=PHASES)
@given(rows=st.lists(VALID_ROW, min_size=1, max_size=8))
def test_import_valid_csv_twice_adds_nothing_the_second_time(rows: list[dict[str, Any]]) -> None:
    counted("import csv twice")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FIELDS, "confidence"])
    writer.writeheader()
    writer.writerows(rows)
    with fresh_core() as core:
        _twice(core, out.getvalue(), "csv", rows)


# -- 4. the renderers -----------------------------------------------------------------------------------


def _render_text(longest: int) -> SearchStrategy[str]:
    return st.one_of(
        TEXT,
        st.lists(PIECE, max_size=6).map(" ".join),
        st.builds(
            _repeat,
            st.sampled_from(["<", ">", "&", "<!channel>", "@everyone ", "*_~", "a", "é"]),
            st.integers(1, longest),
        ),
        st.sampled_from(TOKENS),
    )


RENDER_TEXT = _render_text(8_000)  # over Slack's 3000 and Discord's 4096, even before escaping
FIELD_TEXT = _render_text(1_500)  # over a Discord field's 1024; 30 of them pass the 6000 total
SOURCE = st.builds(
    Source,
    FIELD_TEXT,
    st.one_of(VALID_URL, URL, st.sampled_from(["", "!channel", "!here|x", "@U012ABC", "#C0123456"])),
    FIELD_TEXT,
)
REPLY = st.builds(
    Reply,
    text=RENDER_TEXT | LONG,
    fields=st.builds(
        lambda rich, filler: (*rich, *(Field(f"field {i}", "v" * size) for i, size in enumerate(filler))),
        st.lists(st.builds(Field, FIELD_TEXT, FIELD_TEXT), max_size=4),
        st.lists(st.integers(0, 1_100), max_size=30),
    ),
    sources=st.lists(SOURCE, max_size=4).map(tuple),
    suggestions=st.lists(FIELD_TEXT, max_size=6).map(tuple),
    answered=st.booleans(),
    kind=st.sampled_from(sorted(ALL_KINDS)),
)
SOURCES_REPLY = st.builds(Reply, text=TEXT, sources=st.lists(SOURCE, min_size=1, max_size=12).map(tuple))
SLACK_PINGS = ("<!channel", "<!here", "<!everyone", "<@", "<#", "<!subteam")


def _slack_texts(blocks: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, text object) for every text object in the blocks."""
    for block in blocks:
        if "text" in block:
            yield block["type"], block["text"]
        for element in block.get("elements", ()):
            if element.get("type") == "button":
                yield "button", element["text"]
            else:
                yield "context", element


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@settings(max_examples=examples(300), deadline=None, phases=PHASES)
@given(reply=REPLY)
def test_slack_blocks_escape_stored_text_and_keep_limits(reply: Reply) -> None:
    counted("slack blocks")
    blocks = slack_render.blocks(reply)
    for where, obj in _slack_texts(blocks):
        text = obj["text"]
        if obj["type"] == "plain_text":
            assert "<" not in text and ">" not in text, f"unescaped text in a {where}: {text[:120]!r}"
            assert text, where
        if where == "section":
            assert len(text) <= slack_render.SECTION_LIMIT, f"section text of {len(text)} characters"
    first = blocks[0]["text"]["text"]
    if len(slack_render.escape(reply.text)) <= slack_render.SECTION_LIMIT:
        assert _unescape(first) == (reply.text or " ")  # escaping loses nothing when the result fits
    assert not any(p in slack_render.fallback_text(reply) for p in SLACK_PINGS)


@settings(max_examples=examples(300), deadline=None, phases=PHASES)
@given(suggestions=st.lists(RENDER_TEXT, min_size=1, max_size=6))
def test_slack_buttons_keep_limits(suggestions: list[str]) -> None:
    counted("slack buttons")
    buttons = [
        element
        for block in slack_render.blocks(Reply(text="", suggestions=tuple(suggestions)))
        for element in block.get("elements", ())
        if element.get("type") == "button"
    ]
    assert len(buttons) == min(len(suggestions), 5)
    for button in buttons:
        text = button["text"]["text"]
        assert "<" not in text and ">" not in text, text
        assert len(text) <= slack_render.BUTTON_TEXT_LIMIT, f"button text of {len(text)} characters"
        assert len(button["value"]) <= slack_render.BUTTON_VALUE_LIMIT


@settings(max_examples=examples(200), deadline=None, phases=PHASES)
@given(reply=SOURCES_REPLY)
def test_slack_source_lines_never_become_mentions(reply: Reply) -> None:
    """Sources go into mrkdwn as <url|title>: the only raw '<' is that link, and it never pings.

    Stored URLs are validated (http/https) before they reach a Source, so a non-http URL here is
    defence in depth: the renderer promises inert output for whatever Reply it is given."""
    counted("slack source mrkdwn")
    for where, obj in _slack_texts(slack_render.blocks(reply)):
        if where != "context":
            continue
        text = obj["text"]
        assert not any(p in text for p in SLACK_PINGS), f"mention syntax in mrkdwn: {text[:160]!r}"
        assert text.count("<") <= 1 and text.count(">") <= 1, text[:160]
        if "<" in text:
            assert text.startswith("Source: <") and "|" in text, text[:160]


DISCORD_LIMIT_EDGE = st.builds(
    lambda total, empties, description_len: (total, empties, description_len),
    st.integers(5_980, 6_000),
    st.integers(0, 3),
    st.integers(0, 4_096),
)


def _check_embed(reply: Reply) -> None:
    embed = discord_render.embed(reply)
    assert len(embed.description or "") <= discord_render.DESCRIPTION_LIMIT
    assert len(embed.fields) <= discord_render.FIELDS_LIMIT
    for f in embed.fields:
        assert f.name and len(f.name) <= discord_render.FIELD_NAME_LIMIT
        assert f.value and len(f.value) <= discord_render.FIELD_VALUE_LIMIT
    assert len(embed) <= discord_render.EMBED_TOTAL_LIMIT, f"embed of {len(embed)} characters"


@settings(max_examples=examples(300), deadline=None, phases=PHASES)
@given(reply=REPLY)
def test_discord_embed_keeps_discord_limits(reply: Reply) -> None:
    counted("discord embed")
    _check_embed(reply)


def _edge_reply(total: int, empties: int, description_len: int) -> Reply:
    """A reply whose rendered fields add up to just under Discord's 6000 total, some with empty names."""
    description = "d" * description_len
    room = max(0, total - description_len)
    fields = []
    while room > 0 and len(fields) < 20:
        value = "v" * min(room, discord_render.FIELD_VALUE_LIMIT)
        name = "" if len(fields) < empties else "n"
        room -= len(value) + len(name)
        fields.append(Field(name, value))
    return Reply(text=description, fields=tuple(fields))


@settings(max_examples=examples(200), deadline=None, phases=PHASES)
@given(edge=DISCORD_LIMIT_EDGE)
def test_discord_embed_total_at_the_limit(edge: tuple[int, int, int]) -> None:
    """Boundary values: the fields that survive the 6000-character trim must still fit once rendered."""
    counted("discord embed at 6000")
    _check_embed(_edge_reply(*edge))


MENTION_BITS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@",
        "<@!",
        "<@&",
        "<#",
        "@",
        "<",
        "!",
        "&",
        "1234567890",
        "\u200b",
        "\\",
        "*",
        "_",
        "`",
        ">",
        "|",
    ]
)
INERT_TEXT = st.one_of(FIELD_TEXT, st.lists(st.one_of(MENTION_BITS, SHORT), max_size=12).map("".join))


@settings(max_examples=examples(500), deadline=None, phases=PHASES)
@given(text=INERT_TEXT)
def test_discord_inert_never_pings(text: str) -> None:
    counted("discord inert")
    out = discord_render.inert(text)
    assert not re.search(r"@(everyone|here)", out), out[:160]
    assert not re.search(r"<@[0-9!&]", out), out[:160]
    assert not re.search(r"<#[0-9]", out), out[:160]
