"""Core replies as Discord embeds and buttons, within Discord's limits and with stored text made inert."""

from __future__ import annotations

import discord

from factbot.bot.domain.port import Reply

DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
SUGGEST_PREFIX = "factbot:ask:"
DECIDE_PREFIX = "factbot:pr:"
FEEDBACK_UP = "factbot:fb:up:"
FEEDBACK_DOWN = "factbot:fb:down:"
COLOR_ANSWER = 0x2563EB
COLOR_UNSURE = 0x9CA3AF
COLOR_ERROR = 0xDC2626


def inert(text: str) -> str:
    """No markdown tricks and no mention syntax from stored text (allowed_mentions stops pings anyway)."""
    text = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    return text.replace("<@", "<@\u200b").replace("<#", "<#\u200b")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def embed(reply: Reply) -> discord.Embed:
    color = COLOR_ERROR if reply.is_error else COLOR_ANSWER if reply.answered else COLOR_UNSURE
    out = discord.Embed(description=_cut(inert(reply.text), DESCRIPTION_LIMIT), color=color)
    fields: list[tuple[str, str]] = [
        (
            _cut(inert(f.name), FIELD_NAME_LIMIT) or "\u200b",
            _cut(inert(f.value), FIELD_VALUE_LIMIT) or "\u200b",
        )
        for f in reply.fields
    ]
    if reply.sources:
        lines = []
        for s in reply.sources:
            title = inert(s.title).replace("]", ")").replace("[", "(")
            link = f"[{title}]({s.url.replace(')', '%29')})" if s.url else title
            lines.append(f"{link} · {inert(s.dated)}")
        fields.append(("Sources", _cut("\n".join(lines), FIELD_VALUE_LIMIT)))
    fields = fields[:FIELDS_LIMIT]
    # Keep the whole embed under Discord's total: drop trailing detail fields first, keep the sources.
    while fields and len(out.description or "") + sum(len(n) + len(v) for n, v in fields) > EMBED_TOTAL_LIMIT:
        fields.pop(-2 if len(fields) > 1 and fields[-1][0] == "Sources" else -1)
    for name, value in fields:
        out.add_field(name=name or "\u200b", value=value or "\u200b", inline=False)
    return out


def buttons(reply: Reply) -> discord.ui.View | None:
    """'Did you mean' buttons on unsure answers, 👍/👎 on factual ones; clicks are handled in the adapter's
    on_interaction (the custom id carries the question or the fact ids)."""
    view = discord.ui.View(timeout=None)
    if reply.proposal_ids:
        for pid in reply.proposal_ids[:12]:  # 5 rows of buttons at most: 2 a proposal
            for verb, style in (
                ("approve", discord.ButtonStyle.success),
                ("reject", discord.ButtonStyle.danger),
            ):
                view.add_item(
                    discord.ui.Button(
                        label=f"{verb.capitalize()} #{pid}",
                        style=style,
                        custom_id=f"{DECIDE_PREFIX}{verb}:{pid}",
                    )
                )
        return view
    if reply.answered and reply.fact_ids:
        ids = ""
        for fact_id in reply.fact_ids:  # as many ids as fit in a custom id
            more = f"{ids},{fact_id}" if ids else str(fact_id)
            if len(FEEDBACK_DOWN + more) > CUSTOM_ID_LIMIT:
                break
            ids = more
        view.add_item(
            discord.ui.Button(label="👍", custom_id=FEEDBACK_UP + ids, style=discord.ButtonStyle.secondary)
        )
        view.add_item(
            discord.ui.Button(label="👎", custom_id=FEEDBACK_DOWN + ids, style=discord.ButtonStyle.secondary)
        )
        return view
    if not reply.suggestions:
        return None
    for question in reply.suggestions[:5]:
        view.add_item(
            discord.ui.Button(
                label=_cut(question, BUTTON_LABEL_LIMIT),
                custom_id=(SUGGEST_PREFIX + question)[:CUSTOM_ID_LIMIT],
                style=discord.ButtonStyle.secondary,
            )
        )
    return view


def feedback_from(custom_id: str) -> tuple[bool, tuple[int, ...]] | None:
    """(helpful, fact ids) from a 👍/👎 button's custom id."""
    for prefix, helpful in ((FEEDBACK_UP, True), (FEEDBACK_DOWN, False)):
        if custom_id.startswith(prefix):
            parts = custom_id[len(prefix) :].split(",")
            return helpful, tuple(int(p) for p in parts if p.isascii() and p.isdigit())
    return None


def decision_from(custom_id: str) -> tuple[bool, int] | None:
    """(approve, proposal id) from an approve / reject button."""
    if not custom_id.startswith(DECIDE_PREFIX):
        return None
    verb, _, pid = custom_id[len(DECIDE_PREFIX) :].partition(":")
    if verb not in ("approve", "reject") or not (pid.isascii() and pid.isdigit()):
        return None
    return verb == "approve", int(pid)


def question_from(custom_id: str) -> str | None:
    return custom_id[len(SUGGEST_PREFIX) :] if custom_id.startswith(SUGGEST_PREFIX) else None
