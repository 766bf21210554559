"""The `factbot` command line. Its commands and output formats are a contract: scripts rely on them.

Exit codes: 0 done, 1 a user error (bad input, unknown id, …: one line on stderr), 2 a usage error.
Platform adapters are imported only by their own sub-commands, so `factbot ask` stays fast.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from factbot import __version__, console, logs, wikidata_cli
from factbot.bot.bootstrap import App, build, build_from_seed, open_store, refuse_empty_file
from factbot.bot.domain import messages, validation
from factbot.bot.domain.errors import BadArgument, BotError
from factbot.bot.domain.model import GLOBAL_SCOPE
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Command,
    EditFact,
    EndFact,
    Gaps,
    Leadership,
    RemoveFact,
    Reply,
    RestoreFact,
    SearchFacts,
    ShowHistory,
    StaleFacts,
    Undo,
    VerifyFact,
)
from factbot.bot.ingest import seed, transfer
from factbot.bot.settings import Settings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core

if TYPE_CHECKING:  # the bots' runtime (asyncio and its worker threads) is imported by the bot commands
    import asyncio

    from factbot.runner import CoreRunner

DESCRIPTION = """factbot answers questions about the AI industry from a sourced, time-aware fact base.

examples:
  factbot ask "who's running stabilty ai now?"
  factbot ask --json "who founded anthropic?"
  printf 'who runs openai\\nceo of mistral\\n' | factbot ask --json -
  factbot leadership "Stability AI"
  factbot facts add "Acme AI" ceo "Jane Doe" --since 2025-01 --source https://example.com/news
  factbot facts import ../shared/facts-reference.jsonl
  factbot db seed --fresh --db facts.db

The fact base is --db PATH, else $FACTBOT_DB, else ./facts.db (unless it is the shipped copy), else the
per-user fact base (built from the packaged seed on first use)."""


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a sub-command's own --db must not reset one given before the sub-command.
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="fact base file (default: $FACTBOT_DB or ./facts.db)",
    )
    common.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=argparse.SUPPRESS,
        help="log lines as text or as JSON objects (default: $FACTBOT_LOG_FORMAT or text)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="factbot",
        description=DESCRIPTION,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"factbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ask = sub.add_parser(
        "ask",
        parents=[common],
        help="answer a question (or '-' for one per stdin line)",
        description="Answer QUESTION. With '-', read one question per line from stdin and "
        "write one answer line per question, in order.",
    )
    ask.add_argument("question", nargs="+", help="the question, or - to read questions from stdin")
    ask.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: answered, answer, confidence, facts, sources, suggestions",
    )
    ask.add_argument("--explain", action="store_true", help="show which entity, relation and time were read")

    chat = sub.add_parser(
        "chat",
        parents=[common],
        help="a console conversation (follow-up questions are read against earlier ones)",
    )
    chat.add_argument(
        "--json", action="store_true", help="one JSON object per input line (the fields of ask --json)"
    )
    chat.add_argument("--explain", action="store_true", help="show how each question was read")

    lead = sub.add_parser("leadership", parents=[common], help="current leaders of ORG and the dated history")
    lead.add_argument("organization", nargs="+")
    lead.add_argument("--json", action="store_true")
    lead.add_argument("--png", metavar="FILE", type=Path, help="also draw the timeline picture into FILE")

    facts = sub.add_parser(
        "facts",
        parents=[common],
        help="add, change and inspect facts",
        description=messages.FACT_HELP.split("\n", 1)[0],
    )
    fsub = facts.add_subparsers(dest="action", metavar="ACTION")
    fsub.required = True
    add = fsub.add_parser("add", parents=[common], help="add a fact")
    add.add_argument("subject")
    add.add_argument("relation", help="e.g. ceo, founder, cto, released, invested_in, acquired")
    add.add_argument("object")
    add.add_argument("--since", help="start date: 2024, 2024-06 or 2024-06-25")
    add.add_argument("--until", help="end date")
    add.add_argument("--source", default="", help="source URL (http or https)")
    add.add_argument("--statement", default="", help="one sentence; generated when omitted")
    edit = fsub.add_parser("edit", parents=[common], help="change fields: ID field=value …")
    edit.add_argument("id")
    edit.add_argument("assignments", nargs="+", help="field=value, e.g. end=2024-06")
    end = fsub.add_parser("end", parents=[common], help="a role ended: ID [DATE] (default today)")
    end.add_argument("id")
    end.add_argument("date", nargs="?")
    for name, text in (
        ("remove", "retire a fact (restorable)"),
        ("restore", "bring a removed fact back"),
        ("history", "every change to a fact"),
    ):
        p = fsub.add_parser(name, parents=[common], help=text)
        p.add_argument("id")
    fsub.add_parser("undo", parents=[common], help="undo your last change")
    search = fsub.add_parser("search", parents=[common], help="find facts and their ids")
    search.add_argument("text", nargs="+")
    fsub.add_parser("gaps", parents=[common], help="most-asked questions without an answer")
    stale = fsub.add_parser("stale", parents=[common], help="facts due for re-checking, most-asked first")
    stale.add_argument(
        "age", nargs="?", help="older than this, e.g. 90d, 6m, 1y (default: $FACTBOT_STALE_AFTER or 6m)"
    )
    verify = fsub.add_parser("verify", parents=[common], help="re-confirm a fact today: ID [SOURCE_URL]")
    verify.add_argument("id")
    verify.add_argument("source", nargs="?", default="", help="a new source URL")
    imp = fsub.add_parser("import", parents=[common], help="import JSONL or CSV (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=["jsonl", "csv"])
    imp.add_argument(
        "--include-unverified", action="store_true", help="also take rows whose confidence is 'unverified'"
    )
    imp.add_argument(
        "--allow-weak-source",
        action="store_true",
        help="also take sources on the weak-host list (AI-written sites, mirrors, …); each is listed with the reason",
    )
    wd = fsub.add_parser(
        "import-wikidata",
        parents=[common],
        help="import Wikidata entity JSON (Special:EntityData/Q….json or dump lines)",
    )
    wd.add_argument("files", nargs="+", type=Path)
    exp = fsub.add_parser("export", parents=[common], help="export live facts as JSONL or CSV")
    exp.add_argument("file", nargs="?", default="-", help="output file, or - for stdout (default)")
    exp.add_argument("--format", choices=["jsonl", "csv"], default=None)
    for p in (add, edit, end, search):
        p.add_argument("--json", action="store_true")

    slack = sub.add_parser(
        "slack",
        parents=[common],
        help="run the Slack bot (Socket Mode; --http for HTTP mode)",
        description="Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; HTTP mode needs SLACK_BOT_TOKEN and "
        "SLACK_SIGNING_SECRET. SLACK_API_URL changes the Web API base URL; FACTBOT_ADMINS lists user ids "
        "allowed to change global facts.",
    )
    slack.add_argument("--http", action="store_true", help="serve POST /slack/events and GET /healthz")
    slack.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to listen on (default 0.0.0.0)")
    slack.add_argument("--port", type=int, default=3000, help="HTTP mode: port (default 3000)")

    disc = sub.add_parser(
        "discord",
        parents=[common],
        help="run the Discord bot",
        description="Needs DISCORD_TOKEN. DISCORD_GUILD_ID syncs the slash commands to one guild instantly "
        "(otherwise globally, which takes a while to show). DISCORD_API_URL and DISCORD_GATEWAY_URL point at a "
        "REST or gateway proxy. FACTBOT_ADMINS lists user ids allowed to change global facts.",
    )
    disc.add_argument(
        "--invite-url",
        action="store_true",
        help="print the invite link (needs DISCORD_APPLICATION_ID or DISCORD_TOKEN) and exit",
    )
    disc.add_argument("--shards", choices=["auto"], help="run an auto-sharded client (large installations)")
    disc.add_argument(
        "action",
        nargs="?",
        choices=["sync"],
        help="sync: push the slash commands to Discord now and exit (a normal start syncs only when the "
        "commands changed)",
    )

    wikidata_cli.add_parser(sub, common)

    db = sub.add_parser("db", parents=[common], help="maintain the fact base file")
    dsub = db.add_subparsers(dest="action", metavar="ACTION")
    dsub.required = True
    sd = dsub.add_parser(
        "seed",
        parents=[common],
        help="load the reviewed seed (bot/data/*.jsonl); keeps facts admins added or changed",
    )
    sd.add_argument("--fresh", action="store_true", help="build a new file from the seed alone")
    sd.add_argument(
        "--force",
        action="store_true",
        help="with --fresh: replace a fact base that holds facts (backed up first)",
    )
    sd.add_argument(
        "--embedded",
        action="store_true",
        help="with --fresh: mark the file as the shipped fact base (never used implicitly from the current folder)",
    )
    dsub.add_parser(
        "upgrade",
        parents=[common],
        help="bring the fact base up to this version's seed: new facts added, corrected ones superseded, "
        "admins' changes kept (listed as conflicts)",
    )
    bk = dsub.add_parser("backup", parents=[common], help="copy the fact base safely, even while bots run")
    bk.add_argument("target", type=Path, help="where to write the copy (must not exist)")
    ck = dsub.add_parser(
        "check", parents=[common], help="check integrity and foreign keys (exit 1 on problems)"
    )
    ck.add_argument("--repair", action="store_true", help="first rebuild the full-text index from the facts")
    return parser


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    is_bot = args.command in ("slack", "discord")
    level = os.environ.get("FACTBOT_LOG_LEVEL") or ("INFO" if is_bot else "WARNING")
    secrets = tuple(
        os.environ.get(n, "")
        for n in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN")
    )
    log_format = getattr(args, "log_format", None) or os.environ.get("FACTBOT_LOG_FORMAT", "text").lower()
    logs.configure(level, log_format, secrets)
    try:
        settings = Settings.from_env(db_path=getattr(args, "db", None))
        return _run(args, settings, stdin, stdout)
    except BotError as exc:
        print(f"error: {logs.escape_controls(str(exc), keep_newlines=True)}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file that cannot be read or written: one line naming it, no traceback
        name = f": {exc.filename}" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{name}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`factbot facts export | head`): stop quietly, and keep Python's
        # final flush from raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    if args.command == "db":
        if args.action == "seed":
            return _seed(settings, args, stdout)
        if args.action == "upgrade":
            return _upgrade(settings, stdout)
        return _maintain(args, settings, stdout)
    if args.command == "slack":
        return _slack(args, settings)
    if args.command == "discord":
        return _discord(args, settings, stdout)
    app = build(settings)
    store, core = app.store, app.core
    try:
        user = _user()
        if args.command == "ask":
            return _ask(core, args, user, stdin, stdout)
        if args.command == "chat":
            return console.chat(
                core, user, stdin, stdout, interactive=stdin.isatty(), as_json=args.json, explain=args.explain
            )
        if args.command == "leadership":
            return _leadership(core, args, user, stdout)
        if args.command == "wikidata":
            return wikidata_cli.run(store, args, stdout)
        if args.action == "import":
            return _import(store, args, user, stdout)
        if args.action == "import-wikidata":
            return _import_wikidata(store, args, user, stdout)
        if args.action == "export":
            return _export(store, args, stdout)
        command = _fact_command(args)
        return _show(
            core.handle(console.console_request(command, user)), getattr(args, "json", False), stdout
        )
    finally:
        app.close()


def _bot_core(settings: Settings) -> tuple[App, CoreRunner]:
    """The core as a chat platform needs it: rate limits on, the question log feeding `facts gaps`."""
    from factbot.limits import Admission, Limiter
    from factbot.runner import CoreRunner

    app = build(settings, upgrade=True, with_reports=True)
    return app, CoreRunner(app.core, Admission(Limiter(settings.limits)), reports=app.reports)


def _slack(args: argparse.Namespace, settings: Settings) -> int:
    _require_extra("slack", ("slack_bolt", "slack_sdk", "aiohttp"))
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from factbot import (
        health,
        slack_adapter,  # only this command pays for importing slack_bolt
        slack_ops,
    )

    slack_settings = slack_adapter.SlackSettings.from_env(os.environ, http=args.http, admins=settings.admins)
    app, runner = _bot_core(settings)
    bolt_app = slack_adapter.build_app(runner, slack_settings)

    async def serve() -> None:
        stop = _stop_signals()
        if args.http:
            checks = health.Health(runner, slack_ops.SlackCheck(bolt_app.client))
            async with health.serving(checks, settings.health_port):
                await slack_adapter.serve_http(
                    bolt_app,
                    runner,
                    args.host,
                    args.port,
                    stop,
                    signing_secret=slack_settings.signing_secret,
                    checks=checks,
                )
        else:
            assert slack_settings.app_token is not None
            handler = AsyncSocketModeHandler(bolt_app, slack_settings.app_token)
            checks = health.Health(runner, slack_ops.SlackCheck(bolt_app.client, handler.client))
            async with health.serving(checks, settings.health_port):
                await slack_adapter.serve_socket_mode(
                    bolt_app, runner, slack_settings.app_token, stop, handler
                )

    return _run_bot(app, runner, serve)


def _require_extra(extra: str, modules: tuple[str, ...]) -> None:
    """One line naming the extra to install when a platform SDK is missing (they are optional)."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            raise BadArgument(
                f"{extra.capitalize()} support is not installed ({name} is missing): "
                f"pip install 'factbot[{extra}]'"
            ) from None


def _stop_signals() -> asyncio.Event:
    """The event SIGTERM and SIGINT set (factbot.runner.stop_signals), inside a running bot's loop."""
    from factbot.runner import stop_signals

    return stop_signals()


def _run_bot(app: App, runner: CoreRunner, serve: Callable[[], Coroutine[Any, Any, None]]) -> int:
    """Serve until a stop signal; then the core's worker finishes and the fact base closes cleanly."""
    import asyncio  # only the bots need an event loop: a question from the console pays nothing for it

    try:
        asyncio.run(serve())
    finally:
        runner.close()
        app.close()
    return 0


def _discord(args: argparse.Namespace, settings: Settings, stdout: TextIO) -> int:
    _require_extra("discord", ("discord", "aiohttp"))
    from factbot import discord_adapter  # only this command pays for importing discord.py

    disc = discord_adapter.DiscordSettings.from_env(
        os.environ, settings.admins, need_token=not args.invite_url
    )
    if args.invite_url:
        import asyncio

        app_id = disc.application_id or (
            asyncio.run(discord_adapter.fetch_application_id(disc)) if disc.token else None
        )
        if app_id is None:
            raise BadArgument(
                "Set DISCORD_APPLICATION_ID (General Information → Application ID) or DISCORD_TOKEN."
            )
        stdout.write(discord_adapter.invite_url(app_id) + "\n")
        return 0
    from factbot import discord_ops, health

    app, runner = _bot_core(settings)
    bot = discord_adapter.Factbot(runner, disc, sharded=args.shards == "auto")
    if args.action == "sync":

        async def sync() -> None:
            synced = await discord_adapter.sync_now(bot)
            stdout.write("Slash commands synced.\n" if synced else "Nothing to sync.\n")

        return _run_bot(app, runner, sync)

    async def check() -> health.Check:
        return discord_ops.check(bot.client)

    async def serve() -> None:
        async with health.serving(health.Health(runner, check), settings.health_port):
            await discord_adapter.run(bot, _stop_signals())

    return _run_bot(app, runner, serve)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "console"


def _show(reply: Reply, as_json: bool, stdout: TextIO) -> int:
    if reply.is_error:
        print(f"error: {reply.text}", file=sys.stderr)
        return 1
    stdout.write((console.render_json(reply) if as_json else console.render_text(reply)) + "\n")
    return 0


def _leadership(core: Core, args: argparse.Namespace, user: str, stdout: TextIO) -> int:
    """The text answer; with --png also the timeline picture (a missing picture is said, not fatal)."""
    command = Leadership(" ".join(args.organization), picture=args.png is not None)
    reply = core.handle(console.console_request(command, user))
    status = _show(reply, args.json, stdout)
    if status or args.png is None:
        return status
    if reply.image is None:
        from factbot.bot.answering import timeline

        why = "no dated CEO, chair or CTO role to draw" if timeline.available() else timeline.INSTALL_HINT
        print(f"error: no picture written: {why}", file=sys.stderr)
        return 1
    args.png.write_bytes(reply.image.data)
    print(f"Timeline written to {args.png}.", file=sys.stderr)
    return 0


def _ask(core: Core, args: argparse.Namespace, user: str, stdin: TextIO, stdout: TextIO) -> int:
    if args.question == ["-"]:
        for line in stdin:
            reply = core.handle(console.console_request(Ask(line.rstrip("\n"), args.explain), user))
            out = console.render_json(reply) if args.json else console.render_line(reply)
            stdout.write(out + "\n")
            stdout.flush()
        return 0
    return _show(
        core.handle(console.console_request(Ask(" ".join(args.question), args.explain), user)),
        args.json,
        stdout,
    )


def _fact_command(args: argparse.Namespace) -> Command:
    action = args.action
    if action == "add":
        return AddFact(
            args.subject, args.relation, args.object, args.since, args.until, args.source, args.statement
        )
    if action == "edit":
        pairs = []
        for item in args.assignments:
            name, sep, value = item.partition("=")
            if not sep:
                raise BadArgument(f"Usage: factbot facts edit ID field=value … (got {item[:40]!r}).")
            pairs.append((name, value))
        return EditFact(validation.fact_id(args.id), tuple(pairs))
    if action == "remove":
        return RemoveFact(validation.fact_id(args.id))
    if action == "restore":
        return RestoreFact(validation.fact_id(args.id))
    if action == "history":
        return ShowHistory(validation.fact_id(args.id))
    if action == "end":
        return EndFact(validation.fact_id(args.id), args.date)
    if action == "undo":
        return Undo()
    if action == "search":
        return SearchFacts(" ".join(args.text))
    if action == "stale":
        return StaleFacts(args.age)
    if action == "verify":
        return VerifyFact(validation.fact_id(args.id), args.source)
    return Gaps()


def _import(store: Store, args: argparse.Namespace, user: str, stdout: TextIO) -> int:
    def progress(done: int, total: int) -> None:
        if total >= 500:
            print(
                f"\rimporting… {done}/{total} lines ({100 * done // total}%)",
                end="",
                file=sys.stderr,
                flush=True,
            )
            if done == total:
                print(file=sys.stderr)

    report = transfer.import_facts(
        store,
        args.file,
        f"console:{user}",
        None,
        date.today(),
        fmt=args.format,
        include_unverified=args.include_unverified,
        progress=progress,
        allow_weak_source=args.allow_weak_source,
    )
    stdout.write(
        f"Imported {report.added} new fact(s); {report.unchanged} already known; "
        f"{report.lines} line(s) read.\n"
    )
    for warning in report.warnings:
        stdout.write(f"note: {warning}\n")
    if report.weak_sources:
        stdout.write(
            f"Taken from weak sources ({len(report.weak_sources)}; re-source them when you can):\n"
            + "".join(f"  {line}\n" for line in report.weak_sources)
        )
    return 0


def _import_wikidata(store: Store, args: argparse.Namespace, user: str, stdout: TextIO) -> int:
    from factbot.bot.ingest import wikidata

    report = wikidata.import_wikidata(store, list(args.files), f"console:{user}", GLOBAL_SCOPE, date.today())
    stdout.write(
        f"Imported {report.added} new fact(s) from Wikidata; {report.unchanged} already known; "
        f"{report.entities} entities read.\n"
    )
    for title, items in (
        ("Conflicts for review (nothing was changed)", report.conflicts),
        ("Skipped", report.skipped),
        ("Notes", report.warnings),
    ):
        if items:
            stdout.write(f"{title}:\n" + "".join(f"  {item}\n" for item in items))
    return 0


def _export(store: Store, args: argparse.Namespace, stdout: TextIO) -> int:
    target = args.file
    fmt = args.format or ("csv" if str(target).endswith(".csv") else "jsonl")
    if target == "-":
        transfer.export_facts(store, stdout, fmt)
        return 0
    path = Path(target)
    _check_writable_target(path, store.path)
    # Written beside the target and renamed into place: an interrupted export leaves the old file.
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as fh:
            count = transfer.export_facts(store, fh, fmt)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    stdout.write(f"Exported {count} fact(s) to {target}.\n")
    return 0


def _check_writable_target(path: Path, db_path: str) -> None:
    """An export or backup never lands on a fact base (the live one least of all), nor in a folder
    that does not exist."""
    if not path.parent.is_dir():
        raise BadArgument(f"The folder {str(path.parent)!r} does not exist; create it first.")
    if path.is_dir():
        raise BadArgument(f"{str(path)!r} is a folder; name a file.")
    if db_path != ":memory:" and path.exists() and path.samefile(db_path):
        raise BadArgument(f"{str(path)!r} is the fact base itself; export to another file.")
    if path.is_file() and _is_sqlite(path):
        raise BadArgument(f"{str(path)!r} is a fact base (an SQLite file); export to another file.")


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _maintain(args: argparse.Namespace, settings: Settings, stdout: TextIO) -> int:
    store = open_store(settings)
    try:
        if args.action == "backup":
            if args.target.exists():
                raise BadArgument(f"{args.target} already exists; choose a new file name.")
            if not args.target.parent.is_dir():
                raise BadArgument(f"The folder {str(args.target.parent)!r} does not exist; create it first.")
            store.backup(args.target)
            stdout.write(f"Backed up {settings.db_path} to {args.target}.\n")
            return 0
        if args.repair:
            store.rebuild_search_index()
        problems = store.check()
    finally:
        store.close()
    if problems:
        print("error: the fact base has problems:\n" + "\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    stdout.write(f"{settings.db_path}: integrity and foreign keys OK.\n")
    return 0


def _seed(settings: Settings, args: argparse.Namespace, stdout: TextIO) -> int:
    path = Path(settings.db_path)
    if (args.force or args.embedded) and not args.fresh:
        raise BadArgument("--force and --embedded go with --fresh (building a new fact base).")
    if args.fresh:
        backup = _backup_before_replacing(path, args.force)
        report = build_from_seed(path, embedded=args.embedded)
        if backup is not None:
            stdout.write(f"Backed up the old fact base to {backup}.\n")
    else:
        refuse_empty_file(path)
        store = Store(path)
        try:
            report = seed.load(store)
        finally:
            store.close()
    stdout.write(
        f"Seeded {path}: {report.added} added, {report.updated} updated, {report.kept} kept as admins "
        f"left them, {report.retired} retired; {report.entities} entities.\n"
    )
    return 0


def _upgrade(settings: Settings, stdout: TextIO) -> int:
    store = open_store(settings)
    try:
        report = seed.load(store)
    finally:
        store.close()
    before = "no seed edition" if report.previous_edition is None else f"seed edition {report.previous_edition}"
    stdout.write(
        f"Upgraded {settings.db_path} from {before} to edition {report.edition}: {report.added} added, "
        f"{report.superseded} superseded (old rows ended or retired, kept in history), {report.updated} "
        f"updated, {report.retired} retired, {report.kept} kept as admins left them.\n"
    )
    if report.conflicts:
        stdout.write(
            f"Conflicts ({len(report.conflicts)}; the admin's version stands):\n"
            + "".join(f"  {c}\n" for c in report.conflicts)
        )
    return 0


def _backup_before_replacing(path: Path, force: bool) -> Path | None:
    """`db seed --fresh` never silently wipes a fact base: it needs --force, and backs the old one up."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    store = open_store(Settings(db_path=str(path)))
    try:
        count = store.count_facts(include_removed=True)
        if count == 0:
            return None
        if not force:
            raise BadArgument(
                f"{path} already holds {count} fact(s); --fresh would replace them. "
                "Add --force to replace it (a backup is made first), or drop --fresh to update it in place."
            )
        backup = path.with_name(f"{path.name}.{date.today().isoformat()}.bak")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"{path.name}.{date.today().isoformat()}-{n}.bak")
        store.backup(backup)
        return backup
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
