"""A deterministic synthetic fact base of N facts, built through the real schema, for benchmarks.

    python3 bench/synth.py [--sizes 1000,100000,1000000] [--rebuild]

The file is made by `Store(path)` (so the real migrations and FTS triggers apply), then filled with bulk
inserts inside one `store.write()`. About N/10 organizations and N/10 people with pronounceable names,
plus the products the organizations released (entities too, as in the real base). Each organization gets
roughly ten facts: a dated CEO history (past CEOs with end dates and one current), founders, sometimes a
CTO, chair or chief scientist, released products with dates, and investments in other organizations.

Built files are cached under $FACTBOT_BENCH_CACHE (else bench/out/) keyed by N, VERSION and a fingerprint
of the schema; they are rebuilt only when missing. Bump VERSION whenever the generator changes what it writes.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from factbot.bot.answering.matcher import CUE_VOCABULARY, GREETINGS, STOPWORDS, TIME_WORDS  # noqa: E402
from factbot.bot.domain import dates  # noqa: E402
from factbot.bot.domain.text import fold, key  # noqa: E402
from factbot.bot.storage.store import Store  # noqa: E402

VERSION = "v1"
SEED = 20_240_601
# A 1M base is ~1 GiB: point FACTBOT_BENCH_CACHE outside the repo to keep it out of the work tree.
OUT_DIR = Path(os.environ.get("FACTBOT_BENCH_CACHE") or ROOT / "bench" / "out")
ADDED_AT = "2026-01-01T00:00:00+00:00"
ACTOR = "seed"
LAST_YEAR = 2026  # dates stay before the benchmark's fixed 'today' (2026-06-01)

_ONSETS = "b br c d f g h j k l m n p qu r s st t tr v z th sh".split()
_VOWELS = "a e i o u a e o".split()
_CODAS = ["", "", "", "", "", "n", "r", "l", "s", "x", "m"]
_ORG_SUFFIXES = [
    "Labs",
    "AI",
    "Systems",
    "Robotics",
    "Research",
    "Dynamics",
    "Intelligence",
    "Compute",
    "Networks",
    "Analytics",
    "Technologies",
    "Cognition",
    "Machines",
]
_PRODUCT_SUFFIXES = [
    "",
    "",
    "",
    " 2",
    " 3",
    " Pro",
    " Vision",
    " Flash",
    " Code",
    " Voice",
    " Large",
    " Mini",
]
_NEWS = ["news.example.com", "techwire.example.org", "aidaily.example.net", "markets.example.com"]
_MONTHS = dates.MONTHS
# Words a name must not consist of, so synthetic names never read as cues, time words or stop words.
_RESERVED = frozenset(CUE_VOCABULARY) | STOPWORDS | frozenset(TIME_WORDS) | GREETINGS

ORG_ROLES = ("cto", "chair", "chief_scientist")


@dataclass
class Meta:
    """What a built file holds; written next to it as JSON so benchmarks need not rescan the file."""

    version: str
    n_facts: int
    seed: int
    organizations: int
    people: int
    products: int
    entities: int
    names: int
    facts: int
    org_ids: tuple[int, int]  # inclusive id ranges
    person_ids: tuple[int, int]
    product_ids: tuple[int, int]
    build_seconds: float
    file_bytes: int


@dataclass
class Shape:
    """How many facts of each kind one organization gets (decided before any row is written)."""

    ceos: int
    founders: int
    roles: tuple[str, ...]
    products: int
    investments: int

    def total(self) -> int:
        return self.ceos + self.founders + len(self.roles) + self.products + self.investments


# -- names ---------------------------------------------------------------------------------------------


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _word(rng: random.Random, lo: int, hi: int) -> str:
    while True:
        w = "".join(_syllable(rng) for _ in range(rng.randint(lo, hi)))
        if 4 <= len(w) <= 11 and w not in _RESERVED:
            return w.capitalize()


class _Names:
    """Hands out names whose keys are unique across the whole base (one entity per key)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def unique(self, make: object) -> str:
        assert callable(make)
        while True:
            name = make()
            k = key(name)
            if k and k not in self.taken and all(w not in _RESERVED for w in fold(name).split()):
                self.taken.add(k)
                return name

    def org(self) -> str:
        return self.unique(lambda: f"{_word(self.rng, 2, 3)} {self.rng.choice(_ORG_SUFFIXES)}")

    def product(self) -> str:
        return self.unique(lambda: _word(self.rng, 2, 3) + self.rng.choice(_PRODUCT_SUFFIXES))

    def people(self, count: int) -> list[str]:
        firsts = [_word(self.rng, 2, 2) for _ in range(max(50, count // 40))]
        lasts = [_word(self.rng, 2, 3) for _ in range(max(100, count // 15))]
        return [
            self.unique(lambda: f"{self.rng.choice(firsts)} {self.rng.choice(lasts)}") for _ in range(count)
        ]


# -- dates ---------------------------------------------------------------------------------------------


def _date(rng: random.Random, year: int, month: int | None = None) -> str:
    month = month or rng.randint(1, 12)
    r = rng.random()
    if r < 0.15:
        return str(year)
    if r < 0.7:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _human(d: str) -> str:
    parts = d.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _on(d: str) -> str:
    return f"{'on' if d.count('-') == 2 else 'in'} {_human(d)}"


def _source(rng: random.Random, org: str, topic: str, year: int) -> tuple[str, str, str]:
    host = rng.choice(_NEWS)
    slug = key(org)
    url = f"https://{host}/{year}/{slug}-{topic}-{rng.randrange(10**6):06d}"
    as_of = f"{min(LAST_YEAR, year + rng.randint(0, 2))}-{rng.randint(1, 12):02d}"
    return url, host, as_of


# -- plan and rows -------------------------------------------------------------------------------------


def _shapes(rng: random.Random, n_facts: int) -> list[Shape]:
    """Per-organization fact counts, about ten each, summing to exactly n_facts."""
    shapes: list[Shape] = []
    total = 0
    while total < n_facts:
        roles = tuple(
            r for r, p in (("cto", 0.55), ("chair", 0.2), ("chief_scientist", 0.15)) if rng.random() < p
        )
        shape = Shape(
            ceos=rng.choices((1, 2, 3, 4, 5), (25, 30, 25, 13, 7))[0],
            founders=rng.choices((1, 2, 3), (35, 45, 20))[0],
            roles=roles,
            products=rng.choices((0, 1, 2, 3, 4, 5, 6), (8, 14, 20, 20, 16, 12, 10))[0],
            investments=rng.choices((0, 1, 2, 3, 4), (40, 20, 18, 12, 10))[0],
        )
        shapes.append(shape)
        total += shape.total()
    excess = total - n_facts
    last = shapes[-1]
    for attr in ("investments", "products"):
        cut = min(excess, getattr(last, attr))
        setattr(last, attr, getattr(last, attr) - cut)
        excess -= cut
    while excess > 0 and last.roles:
        last.roles = last.roles[:-1]
        excess -= 1
    while excess > 0 and last.founders > 1:
        last.founders -= 1
        excess -= 1
    while excess > 0 and last.ceos > 1:
        last.ceos -= 1
        excess -= 1
    if excess > 0:  # pragma: no cover - only for absurdly small N
        raise ValueError(f"cannot make exactly {n_facts} facts")
    return shapes


def _row(
    rng: random.Random,
    org_id: int,
    org: str,
    founded: int,
    relation: str,
    obj: str,
    obj_id: int | None,
    start: str | None,
    end: str | None,
    statement: str,
) -> tuple[object, ...]:
    """One facts row, in the column order of the INSERT in build()."""
    year = int((end or start or str(founded))[:4])
    url, title, as_of = _source(rng, org, relation.replace("_", "-"), year)
    return (
        org_id,
        relation,
        obj,
        obj_id,
        start,
        end,
        statement,
        url,
        title,
        as_of,
        "global",
        "seed",
        ACTOR,
        ADDED_AT,
        ACTOR,
        0,
    )


def _fact_rows(
    rng: random.Random,
    shapes: list[Shape],
    orgs: list[str],
    people: list[str],
    products: list[str],
    person_base: int,
    product_base: int,
) -> Iterator[tuple[object, ...]]:
    """Fact rows, organization by organization (entity ids: orgs 1..O, people, then products)."""
    product_id = product_base

    def person() -> tuple[int, str]:
        i = rng.randrange(len(people))
        return person_base + i, people[i]

    for org_index, shape in enumerate(shapes):
        org_id = org_index + 1
        org = orgs[org_index]
        founded = rng.randint(1995, LAST_YEAR - 4)
        row = functools.partial(_row, rng, org_id, org, founded)

        founders = [person() for _ in range(shape.founders)]
        founded_s = _date(rng, founded)
        for i, (pid, name) in enumerate(founders):
            relation = "founder" if i == 0 else "cofounder"
            verb = "founded" if i == 0 else "co-founded"
            yield row(relation, name, pid, founded_s, None, f"{name} {verb} {org} {_on(founded_s)}.")

        # CEO history: consecutive terms from the founding year to now; the last one is current.
        cuts = sorted(
            rng.sample(range(founded + 1, LAST_YEAR), k=min(shape.ceos - 1, LAST_YEAR - founded - 1))
        )
        years = [founded, *cuts]
        while len(years) < shape.ceos:  # a young company with many CEOs: several in one year
            years.append(years[-1])
        start = founded_s
        for i in range(shape.ceos):
            pid, name = founders[0] if i == 0 and rng.random() < 0.6 else person()
            relation = "interim_ceo" if 0 < i < shape.ceos - 1 and rng.random() < 0.08 else "ceo"
            label = "interim CEO" if relation == "interim_ceo" else "CEO"
            if i == shape.ceos - 1:
                yield row(relation, name, pid, start, None, f"{name} became {label} of {org} {_on(start)}.")
                break
            end = _date(rng, years[i + 1], 12 if years[i + 1] == years[i] else None)
            if end < start:
                end = start
            yield row(
                relation,
                name,
                pid,
                start,
                end,
                f"{name} was {label} of {org} from {_human(start)} until {_human(end)}.",
            )
            start = end

        for relation in shape.roles:
            pid, name = person()
            since = _date(rng, rng.randint(founded, LAST_YEAR - 1))
            label = {
                "cto": "chief technology officer",
                "chair": "chair",
                "chief_scientist": "chief scientist",
            }[relation]
            yield row(
                relation, name, pid, since, None, f"{name} has been {label} of {org} since {_human(since)}."
            )

        for _ in range(shape.products):
            name = products[product_id - product_base]
            when = _date(rng, rng.randint(founded, LAST_YEAR - 1))
            yield row("released", name, product_id, when, None, f"{org} released {name} {_on(when)}.")
            product_id += 1

        for _ in range(shape.investments):
            target_index = rng.randrange(len(orgs))
            if target_index == org_index:
                target_index = (target_index + 1) % len(orgs)
            target = orgs[target_index]
            amount = rng.choice((5, 10, 20, 40, 75, 100, 250, 500, 1000))
            money = f"${amount // 1000} billion" if amount >= 1000 else f"${amount} million"
            when = _date(rng, rng.randint(max(founded, 2005), LAST_YEAR - 1))
            yield row(
                "invested_in",
                f"{target} ({money})",
                target_index + 1,
                when,
                None,
                f"{org} invested {money} in {target} {_on(when)}.",
            )


# -- build ---------------------------------------------------------------------------------------------


def schema_tag() -> str:
    """A short fingerprint of the schema the migrations make, so a schema change rebuilds the cache."""
    store = Store(":memory:")
    sql = [
        r[0] for r in store.db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
    ]
    version = store.db.execute("PRAGMA user_version").fetchone()[0]
    store.close()
    return f"s{version}-" + hashlib.sha1("\n".join(sql).encode()).hexdigest()[:8]


def path_for(n_facts: int) -> Path:
    return OUT_DIR / f"synth-{VERSION}-{schema_tag()}-{n_facts}.db"


def load_meta(n_facts: int) -> Meta:
    raw = json.loads(path_for(n_facts).with_suffix(".json").read_text())
    for k in ("org_ids", "person_ids", "product_ids"):
        raw[k] = tuple(raw[k])
    return Meta(**raw)


def build(n_facts: int, seed: int = SEED) -> Meta:
    """Write the synthetic base for n_facts to a temporary file, then move it into place."""
    started = time.perf_counter()
    rng = random.Random(f"{seed}:{n_facts}")
    shapes = _shapes(rng, n_facts)
    names = _Names(rng)
    orgs = [names.org() for _ in shapes]
    people = names.people(max(10, n_facts // 10))
    products = [names.product() for _ in range(sum(s.products for s in shapes))]
    person_base = len(orgs) + 1
    product_base = person_base + len(people)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    final = path_for(n_facts)
    tmp = final.with_name(final.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    store = Store(tmp)
    db = store.db
    db.execute("PRAGMA cache_size = -262144")  # 256 MiB page cache while loading
    with store.write():
        kinds = [("organization", n) for n in orgs] + [("person", n) for n in people]
        kinds += [("product", n) for n in products]
        db.conn.executemany(
            "INSERT INTO entities (id, name, kind, description, scope, added_by, added_at) VALUES (?,?,?,?,?,?,?)",
            ((i, n, k, "", "global", ACTOR, ADDED_AT) for i, (k, n) in enumerate(kinds, start=1)),
        )
        name_rows: list[tuple[int, str, str, int, str]] = [
            (i, n, key(n), 1, "") for i, (_k, n) in enumerate(kinds, start=1)
        ]
        # A third of the organizations are also known by their first word ('Velmora' for 'Velmora Labs').
        for i, org in enumerate(orgs, start=1):
            short = org.split()[0]
            if rng.random() < 0.33 and key(short) not in names.taken:
                names.taken.add(key(short))
                name_rows.append((i, short, key(short), 0, ""))
        db.conn.executemany(
            "INSERT INTO names (entity_id, name, key, is_primary, note) VALUES (?,?,?,?,?)", name_rows
        )
        db.conn.executemany(
            "INSERT INTO facts (subject_id, relation, object, object_id, start, end, statement, source_url, "
            "source_title, as_of, scope, origin, added_by, added_at, updated_by, removed) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _fact_rows(rng, shapes, orgs, people, products, person_base, product_base),
        )
        store.reindex_names()  # the bulk inserts above bypass the store's own indexing of each name
    facts = int(db.execute("SELECT count(*) FROM facts").fetchone()[0])
    assert facts == n_facts, (facts, n_facts)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, final)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    meta = Meta(
        version=VERSION,
        n_facts=n_facts,
        seed=seed,
        organizations=len(orgs),
        people=len(people),
        products=len(products),
        entities=len(kinds),
        names=len(name_rows),
        facts=facts,
        org_ids=(1, len(orgs)),
        person_ids=(person_base, product_base - 1),
        product_ids=(product_base, product_base + len(products) - 1),
        build_seconds=round(time.perf_counter() - started, 2),
        file_bytes=final.stat().st_size,
    )
    final.with_suffix(".json").write_text(json.dumps(asdict(meta), indent=1) + "\n")
    return meta


def ensure(n_facts: int, rebuild: bool = False, quiet: bool = False) -> tuple[Path, Meta]:
    """The cached base for n_facts, built first when missing (or when rebuild is asked)."""
    path = path_for(n_facts)
    if rebuild or not path.exists() or not path.with_suffix(".json").exists():
        if not quiet:
            print(f"building {path.name} ({n_facts:,} facts)…", file=sys.stderr, flush=True)
        meta = build(n_facts)
        state = "built"
    else:
        meta = load_meta(n_facts)
        state = "cached"
    if not quiet:
        print(
            f"{path.name}: {state}; {meta.facts:,} facts, {meta.entities:,} entities "
            f"({meta.organizations:,} orgs, {meta.people:,} people, {meta.products:,} products), "
            f"{meta.names:,} names; build {meta.build_seconds:.1f} s; file {meta.file_bytes / 2**20:.1f} MiB"
        )
    return path, meta


def parse_sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,100000,1000000", help="comma-separated fact counts")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when a cached file exists")
    args = parser.parse_args(argv)
    for n in parse_sizes(args.sizes):
        ensure(n, rebuild=args.rebuild)
    return 0


if __name__ == "__main__":
    sys.exit(main())
