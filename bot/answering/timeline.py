"""Who led when, as a picture: one bar per person and role (CEO, interim and co-CEOs, chair, CTO) over
time, today marked. Drawn in-process with matplotlib's Agg canvas (no display, no pyplot global state, so
it is safe in the core's worker thread). matplotlib is an optional extra (factbot[images]): without it
there is no picture, and the text answer is unchanged.
"""

from __future__ import annotations

import importlib.util
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from factbot.bot.domain import dates, relations
from factbot.bot.domain.model import Fact
from factbot.bot.domain.port import Image

ROLES = ("ceo", "interim_ceo", "co_ceo", "chair", "cto")  # top to bottom
COLORS = {
    "ceo": "#2b6cb0",
    "interim_ceo": "#dd6b20",
    "co_ceo": "#805ad5",
    "chair": "#2f855a",
    "cto": "#718096",
}
MAX_ROWS = 16
INSTALL_HINT = "matplotlib is not installed (pip install 'factbot[images]')"


@dataclass(frozen=True)
class Bar:
    relation: str
    holder: str
    start: date
    end: date
    ongoing: bool  # no end on record: drawn up to today
    known_start: bool = True  # False: only the end is on record; drawn hatched from the chart's left edge


def _days(day: date) -> float:
    """A date on the x axis: days since 1970-01-01."""
    return float((day - _EPOCH).days)


_EPOCH = date(1970, 1, 1)


def available() -> bool:
    """Whether pictures can be drawn here (the images extra is installed)."""
    return importlib.util.find_spec("matplotlib") is not None


def bars(facts: Sequence[Fact], today: date) -> list[Bar]:
    """The dated role facts as bars, by role and then by start. A role with only an end is drawn from a
    year before the earliest date shown; one with no date at all cannot be placed."""
    roles = [f for f in facts if f.relation in ROLES and (f.start or f.end)]
    known = [dates.first_day(f.start) for f in roles if f.start] + [
        dates.first_day(f.end) for f in roles if f.end
    ]
    earliest = min(known, default=today)
    out = []
    for f in roles:
        start = dates.first_day(f.start) if f.start else date(earliest.year - 1, 1, 1)
        end = dates.last_day(f.end) if f.end else today
        if end < start:
            continue
        out.append(Bar(f.relation, f.object, start, end, f.end is None, known_start=bool(f.start)))
    out.sort(key=lambda b: (ROLES.index(b.relation), b.start, b.holder))
    return out[:MAX_ROWS]


def render(organization: str, facts: Sequence[Fact], today: date) -> Image | None:
    """The timeline as a PNG, or None when matplotlib is missing or there is no dated role to draw."""
    drawn = bars(facts, today)
    if not drawn or not available():
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 1.3 + 0.42 * len(drawn)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    first = min(b.start for b in drawn)
    for row, b in enumerate(drawn):
        left = _days(b.start)
        width = max(_days(b.end) - left, 10.0)
        ax.barh(
            row,
            width,
            left=left,
            height=0.6,
            color=COLORS[b.relation],
            alpha=0.75 if b.ongoing else 0.95,
            edgecolor="black" if b.ongoing else COLORS[b.relation],
            linewidth=0.6,
            hatch=None if b.known_start else "//",
        )
    ax.set_yticks(range(len(drawn)))
    ax.set_yticklabels(
        [
            f"{relations.label(b.relation)} · {b.holder}" + ("" if b.known_start else " (start unknown)")
            for b in drawn
        ],
        fontsize=8,
    )
    ax.invert_yaxis()
    ax.axvline(_days(today), color="#c53030", linestyle="--", linewidth=1)
    ax.text(_days(today), len(drawn) - 0.45, " today", color="#c53030", fontsize=8, va="bottom")
    ax.set_xlim(_days(first) - 30, _days(today) + 90)
    years = list(range(first.year, today.year + 2))
    step = max(1, len(years) // 10)
    ax.set_xticks([_days(date(y, 1, 1)) for y in years[::step]])
    ax.set_xticklabels([str(y) for y in years[::step]], fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Who led {organization} when", fontsize=11)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    slug = re.sub(r"[^a-z0-9]+", "-", organization.lower()).strip("-") or "organization"
    return Image(
        filename=f"leadership-{slug}.png",
        data=buffer.getvalue(),
        alt=f"Timeline of who held which leadership role at {organization}, up to {today.isoformat()}",
        title=f"Who led {organization} when",
    )
