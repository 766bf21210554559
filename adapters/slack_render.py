"""Core replies as Slack messages (Block Kit), with every piece of stored text made inert.

Stored text goes into plain_text objects (no mrkdwn formatting, no links, no mentions) and is escaped
(&, <, >) wherever Slack parses it, so '<!channel>' or '<@U123>' inside a fact shows as text and pings no one.
"""

from __future__ import annotations

import json
from typing import Any

from factbot.bot.domain import messages, relations
from factbot.bot.domain.port import Reply

SECTION_LIMIT = 3000  # Slack's limit for a section's text
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
SUGGEST_ACTION = "factbot_suggest"
DECIDE_ACTION = "factbot_proposal"
FEEDBACK_UP = "factbot_feedback_up"
FEEDBACK_DOWN = "factbot_feedback_down"
FEEDBACK_MODAL = "factbot_feedback"
ADD_MODAL = "factbot_fact_add"
ADD_FIELDS = ("subject", "relation", "object", "since", "source")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fit(escaped: str, limit: int) -> str:
    """Cut already-escaped text to `limit` characters without leaving half an '&amp;'."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def _plain(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": _fit(escape(text), limit) or " ", "emoji": False}


def fallback_text(reply: Reply) -> str:
    """The notification text: the headline, escaped."""
    return _fit(escape(reply.text), SECTION_LIMIT)


def blocks(reply: Reply) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"type": "section", "text": _plain(reply.text)}]
    if reply.fields:
        lines = "\n".join(f"{f.name}: {f.value}" for f in reply.fields)
        out.append({"type": "section", "text": _plain(lines)})
    if reply.sources:
        elements = []
        for s in reply.sources[:10]:
            title = escape(s.title).replace("|", "¦")
            web = s.url.startswith(("http://", "https://")) and not any(c in s.url for c in "<>| ")
            link = f"<{escape(s.url)}|{title}>" if web else title
            elements.append({"type": "mrkdwn", "text": f"Source: {link} · {escape(s.dated)}"})
        out.append({"type": "context", "elements": elements})
    if reply.suggestions:
        buttons = [
            {
                "type": "button",
                "action_id": f"{SUGGEST_ACTION}_{i}",
                "text": _plain(s, BUTTON_TEXT_LIMIT),
                "value": s[:BUTTON_VALUE_LIMIT],
            }
            for i, s in enumerate(reply.suggestions[:5])
        ]
        out.append({"type": "actions", "block_id": "factbot_suggestions", "elements": buttons})
    for pid in reply.proposal_ids[:20]:
        decide = [
            {
                "type": "button",
                "action_id": f"{DECIDE_ACTION}_{verb}_{pid}",
                "value": str(pid),
                "style": style,
                "text": {"type": "plain_text", "text": f"{verb.capitalize()} #{pid}"},
            }
            for verb, style in (("approve", "primary"), ("reject", "danger"))
        ]
        out.append({"type": "actions", "block_id": f"factbot_proposal_{pid}", "elements": decide})
    if reply.answered and reply.fact_ids:
        ids = ",".join(str(i) for i in reply.fact_ids[:20])
        votes = [
            {
                "type": "button",
                "action_id": action,
                "text": {"type": "plain_text", "text": label, "emoji": True},
                "value": ids,
            }
            for action, label in ((FEEDBACK_UP, "👍"), (FEEDBACK_DOWN, "👎"))
        ]
        out.append({"type": "actions", "block_id": "factbot_feedback", "elements": votes})
    return out


def feedback_modal(fact_ids: str, channel_id: str, response_url: str = "") -> dict[str, Any]:
    """Asked after a 👎: what is wrong (optional), remembered with the facts the answer used (and where
    to confirm: the click's response_url, else the channel)."""
    meta = {"ids": fact_ids, "channel": channel_id, "response_url": response_url}
    return {
        "type": "modal",
        "callback_id": FEEDBACK_MODAL,
        "private_metadata": json.dumps(meta),
        "title": {"type": "plain_text", "text": "What is wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "comment",
                "optional": True,
                "label": {"type": "plain_text", "text": messages.FEEDBACK_PROMPT},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 500,
                },
            }
        ],
    }


def form_origin(private_metadata: str) -> tuple[str | None, str | None]:
    """(channel, response_url) a form was opened from. Forms opened by older versions carry the bare
    channel id."""
    try:
        meta = json.loads(private_metadata or "{}")
    except ValueError:
        return private_metadata or None, None
    if not isinstance(meta, dict):
        return (private_metadata or None), None
    return (str(meta.get("channel") or "") or None), (str(meta.get("response_url") or "") or None)


def refusal_modal(text: str) -> dict[str, Any]:
    """What an opened form turns into when its user may not use it after all."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Add a fact"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": _plain(text)}],
    }


def add_fact_modal(channel_id: str, response_url: str = "") -> dict[str, Any]:
    """The /fact add form: the same fields as the text grammar. It remembers the command's channel and
    response_url, so the confirmation reaches the user even where the bot is not a member."""

    def field(block: str, label: str, hint: str, optional: bool = False) -> dict[str, Any]:
        return {
            "type": "input",
            "block_id": block,
            "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "hint": {"type": "plain_text", "text": hint},
            "element": {"type": "plain_text_input", "action_id": "value"},
        }

    relation_options = [
        {"text": {"type": "plain_text", "text": f"{r.label} ({r.name})"}, "value": r.name}
        for r in relations.RELATIONS.values()
    ]
    return {
        "type": "modal",
        "callback_id": ADD_MODAL,
        "private_metadata": json.dumps({"channel": channel_id, "response_url": response_url}),
        "title": {"type": "plain_text", "text": "Add a fact"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            field("subject", "Subject", "The organization, person or product, e.g. Stability AI"),
            {
                "type": "input",
                "block_id": "relation",
                "label": {"type": "plain_text", "text": "Relation"},
                "element": {"type": "static_select", "action_id": "value", "options": relation_options},
            },
            field("object", "Object", "e.g. Prem Akkaraju"),
            field("since", "Since", "2024, 2024-06 or 2024-06-25", optional=True),
            field("source", "Source URL", "http(s) link to the source", optional=True),
        ],
    }


def modal_values(view: dict[str, Any]) -> dict[str, str]:
    """The submitted values of the add form, by field name."""
    state = view.get("state", {}).get("values", {})
    out: dict[str, str] = {}
    for name in ADD_FIELDS:
        item = state.get(name, {}).get("value", {})
        if item.get("type") == "static_select":
            out[name] = (item.get("selected_option") or {}).get("value") or ""
        else:
            out[name] = item.get("value") or ""
    return out
