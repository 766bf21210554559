"""Finding entity names in loose text, fast at any size of fact base.

Exact lookups first (names and aliases keyed without case, accents or spaces, so 'open ai' finds OpenAI);
typos are corrected per word through a symmetric-delete index (SymSpell's idea), so the cost of a question
does not grow with the number of entities; rapidfuzz then scores the corrected match.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from factbot.bot.domain.text import fold

MAX_NAME_WORDS = 6
MIN_FUZZY_LEN = 4
MAX_REMEMBERED = 20_000


@dataclass(frozen=True)
class Mention:
    entity_id: int
    start: int  # token positions in the question, end exclusive
    end: int
    surface: str  # what the person typed
    matched: str  # the name or alias it matched
    score: float  # 1.0 exact, lower for corrected typos


def _same_or_plural(word: str, part: str) -> bool:
    return word == part or word + "s" == part or word == part + "s"


def _undoubled(word: str) -> set[str]:
    """The word with one of its doubled letters typed once: 'amdd' -> 'amd'."""
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Lexicon(Protocol):
    """Where the names are looked up: the fact base's own index (Store), or MemoryLexicon for a list."""

    def exact_names(self, keys: Collection[str]) -> dict[str, list[tuple[int, str, str]]]:
        """key (folded, no spaces) -> (entity id, scope, name or alias), in the order names were added."""
        ...

    def known_words(self, words: Iterable[str]) -> set[str]:
        """Those of `words` some name is made of."""
        ...

    def spellings(self, probes: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """probe -> the name words equal to it or one deletion away from it (symmetric-delete keys)."""
        ...

    def postings(self, word: str) -> list[int]:
        """Up to 50 entities with a name containing the word, first-named first."""
        ...

    def spelled_of(self, entity_id: int) -> list[tuple[str, str]]:
        """(name or alias, scope) of an entity."""
        ...


class MemoryLexicon:
    """A Lexicon held in dicts, built from (entity id, name or alias, scope, kind) rows: for tests and tools
    that have a list of names rather than a fact base."""

    def __init__(self, names: Iterable[tuple[int, str, str, str]]):
        self.exact: dict[str, list[tuple[int, str, str]]] = {}
        self.spelled: dict[int, list[tuple[str, str]]] = {}
        self.posted: dict[str, list[int]] = {}
        vocabulary: set[str] = set()
        for entity_id, name, scope, kind in names:
            folded = fold(name)
            if not folded:
                continue
            self.exact.setdefault(folded.replace(" ", ""), []).append((entity_id, scope, name))
            self.spelled.setdefault(entity_id, []).append((name, scope))
            for word in set(folded.split()):
                posting = self.posted.setdefault(word, [])
                if len(posting) < 50 and entity_id not in posting:
                    posting.append(entity_id)
            vocabulary.update(folded.split())
            if folded.count(" ") == 1 and kind != "person":
                vocabulary.add(folded.replace(" ", ""))  # 'hugginface' corrects to 'huggingface'
        self.vocabulary = vocabulary
        self.deletes = _delete_keys(vocabulary)

    def exact_names(self, keys: Collection[str]) -> dict[str, list[tuple[int, str, str]]]:
        return {k: self.exact[k] for k in keys if k in self.exact}

    def known_words(self, words: Iterable[str]) -> set[str]:
        return {w for w in words if w in self.vocabulary}

    def spellings(self, probes: Iterable[str]) -> dict[str, tuple[str, ...]]:
        return {p: self.deletes[p] for p in probes if p in self.deletes}

    def postings(self, word: str) -> list[int]:
        return self.posted.get(word, [])

    def spelled_of(self, entity_id: int) -> list[tuple[str, str]]:
        return self.spelled.get(entity_id, [])


def _delete_keys(vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """variant -> the words (of MIN_FUZZY_LEN letters or more) it is, or is one deletion of, sorted."""
    held: dict[str, list[str]] = {}
    for word in vocabulary:
        if len(word) >= MIN_FUZZY_LEN:
            for variant in _deletes(word) | {word}:
                held.setdefault(variant, []).append(word)
    return {v: tuple(sorted(ws)) for v, ws in held.items()}


class EntityIndex:
    def __init__(
        self,
        names: Iterable[tuple[int, str, str, str]] = (),
        extra_vocabulary: Iterable[str] = (),
        never_correct: frozenset[str] = frozenset(),
        lexicon: Lexicon | None = None,
    ):
        """lexicon: where names are looked up (a Store reads its persisted index); without one, `names`
        ((entity id, name or alias, scope, kind) rows) are indexed in memory. extra_vocabulary: other words
        to correct to (held in memory, a few hundred). never_correct: everyday words ('with', 'what') that
        must not be mistaken for a misspelt name."""
        self.lexicon: Lexicon = lexicon if lexicon is not None else MemoryLexicon(names)
        self.never_correct = never_correct
        self.extra_vocabulary = frozenset(extra_vocabulary)
        self.extra_deletes = _delete_keys(self.extra_vocabulary)
        self._corrections: dict[str, tuple[str, int]] = {}  # each word is corrected twice per question
        # What the lexicon said about a word or an entity, until the names change: typo passes read the same
        # postings and spellings over and over (an everyday word's posting names fifty entities).
        self._posted: dict[str, list[int]] = {}
        self._spelled: dict[int, list[tuple[str, str]]] = {}
        self._nearby: dict[str, dict[str, tuple[str, ...]]] = {}

    def forget(self) -> None:
        """Drop remembered corrections and look-ups: names were added (here or in another process)."""
        for memo in (self._corrections, self._posted, self._spelled, self._nearby):
            memo.clear()

    def postings(self, word: str) -> list[int]:
        """Up to 50 entities with a name containing the word (remembered until the names change)."""
        return self._postings(word)

    def _postings(self, word: str) -> list[int]:
        found = self._posted.get(word)
        if found is None:
            if len(self._posted) >= MAX_REMEMBERED:
                self._posted.clear()
            found = self._posted[word] = self.lexicon.postings(word)
        return found

    def _spelled_of(self, entity_id: int) -> list[tuple[str, str]]:
        found = self._spelled.get(entity_id)
        if found is None:
            if len(self._spelled) >= MAX_REMEMBERED:
                self._spelled.clear()
            found = self._spelled[entity_id] = self.lexicon.spelled_of(entity_id)
        return found

    def in_vocabulary(self, word: str) -> bool:
        return word in self.extra_vocabulary or bool(self.lexicon.known_words((word,)))

    def _lookup(self, probes: Collection[str]) -> dict[str, tuple[str, ...]]:
        """probe -> the words it may be a spelling of: the names' and the extra vocabulary's."""
        found = dict(self.lexicon.spellings(probes))
        for probe in probes:
            extra = self.extra_deletes.get(probe)
            if extra:
                found[probe] = tuple(sorted(set(found.get(probe, ())) | set(extra)))
        return found

    def correct(self, word: str) -> tuple[str, int]:
        """The closest vocabulary word and its edit distance, or (word, 0) when none is close enough.

        One edit (a transposition counts as one) for words under 8 letters, two from 8; a 4-letter word
        only gets back a letter it dropped ('aple' -> 'apple', never 'beta' -> 'meta').
        """
        found = self._corrections.get(word)
        if found is None:
            if len(self._corrections) >= MAX_REMEMBERED:
                self._corrections.clear()
            found = self._corrections[word] = self._correct(word)
        return found

    def _correct(self, word: str) -> tuple[str, int]:
        if (
            word in self.never_correct
            or not 4 <= len(word) <= 30
            or word.isdigit()
            or self.in_vocabulary(word)
        ):
            return word, 0  # no name has a 30-letter word; longer input is noise, and costly to correct
        if len(word) == 4:
            found = sorted(self._lookup((word,)).get(word, ()))
            if not found:
                # a letter typed twice ('amdd'): the word without it, when that is a name's word
                found = sorted({w for w in _undoubled(word) if self.in_vocabulary(w)})
            return (found[0], 1) if len(found) == 1 else (word, 0)
        probes = _deletes(word) | {word}
        if len(word) >= 8:
            probes |= {d2 for d1 in _deletes(word) for d2 in _deletes(d1)}
        best: tuple[int, float, str] | None = None
        for candidates in self._lookup(probes).values():
            for candidate in candidates:
                limit = 1 if min(len(word), len(candidate)) < 8 else 2
                if limit == 1 and word[0] != candidate[0] and word[:2] != candidate[1::-1]:
                    continue  # a short word is rarely mistyped in its first letter: 'nscale' is not Scale
                distance = OSA.distance(word, candidate, score_cutoff=limit)
                if distance > limit:
                    continue
                rank = (distance, -fuzz.ratio(word, candidate), candidate)
                if best is None or rank < best:
                    best = rank
        return (best[2], best[0]) if best else (word, 0)

    def _anchored(
        self,
        words: Sequence[str],
        start: int,
        length: int,
        scopes: Sequence[str],
        known: Callable[[str], bool],
    ) -> Mention | None:
        """A multi-word name with one word right and the others misspelt: 'emad mostaq', 'aleph alfa'.

        Word by word: the anchor must stand where it stands in the name, and every other word must be one
        we do not know otherwise (so 'microsoft ceo' never becomes 'Microsoft AI') and look like the name's.
        known: whether a word is in the vocabulary (answered once per question by `find`).
        """
        span = list(words[start : start + length])
        best: tuple[float, int, str] | None = None
        for position, anchor in enumerate(span):
            if len(anchor) < 3 or anchor in self.never_correct:
                continue
            rest = [w for i, w in enumerate(span) if i != position]
            if any(w in self.never_correct for w in rest):
                continue
            for entity_id in self._postings(anchor):  # none: no name has this word
                for name, scope in self._spelled_of(entity_id):
                    parts = fold(name).split()
                    if len(parts) != length or parts[position] != anchor or scope not in scopes:
                        continue
                    # a word we know elsewhere counts only as this name's word, or its plural or singular
                    # ('thinking machine labs'), never as another word ('microsoft ceo')
                    if any(
                        known(w) and not _same_or_plural(w, p)
                        for i, (w, p) in enumerate(zip(span, parts, strict=True))
                        if i != position
                    ):
                        continue
                    scores = [
                        fuzz.ratio(w, p) / 100
                        for i, (w, p) in enumerate(zip(span, parts, strict=True))
                        if i != position
                    ]
                    if min(scores) < 0.65:
                        continue
                    score = fuzz.ratio("".join(span), "".join(parts)) / 100
                    if best is None or score > best[0]:
                        best = (score, entity_id, name)
        if best is None:
            return None
        return Mention(best[1], start, start + length, " ".join(span), best[2], best[0])

    def find(
        self, words: Sequence[str], scopes: Sequence[str], skip: frozenset[int] = frozenset()
    ) -> list[Mention]:
        """Non-overlapping mentions, longest first: 'google deepmind' beats 'google'."""
        corrected = [self.correct(w) if i not in skip else (w, 0) for i, w in enumerate(words)]
        n = len(words)
        spans = [
            (start, length)
            for length in range(min(MAX_NAME_WORDS, n), 0, -1)
            for start in range(0, n - length + 1)
            if not any(i in skip for i in range(start, start + length))
        ]
        # Every name a span could be, typed or corrected, in one look-up.
        keys = {"".join(words[s : s + ln]) for s, ln in spans}
        keys |= {"".join(c for c, _ in corrected[s : s + ln]) for s, ln in spans}
        exact = self.lexicon.exact_names(keys)
        vocabulary = self.lexicon.known_words(words) | (set(words) & self.extra_vocabulary)

        candidates: list[Mention] = []
        for start, length in spans:
            span = range(start, start + length)
            typed = "".join(words[i] for i in span)
            fixed = "".join(corrected[i][0] for i in span)
            for probe, was_fixed in ((typed, False), (fixed, True)):
                hits = [h for h in exact.get(probe, ()) if h[1] in scopes]
                if not hits or (was_fixed and probe == typed):
                    continue
                surface = " ".join(words[i] for i in span)
                score = 1.0 if not was_fixed else fuzz.ratio(typed, probe) / 100
                # Prefer the workspace's own entity over a global one with the same name.
                entity_id, _scope, matched = sorted(hits, key=lambda h: h[1] == "global")[0]
                candidates.append(Mention(entity_id, start, start + length, surface, matched, score))
                break
            else:
                if 2 <= length <= 3:
                    anchored = self._anchored(words, start, length, scopes, vocabulary.__contains__)
                    if anchored is not None:
                        candidates.append(anchored)
        chosen: list[Mention] = []
        taken: set[int] = set()
        for m in sorted(candidates, key=lambda m: (-(m.end - m.start), -m.score, m.start)):
            if taken.isdisjoint(range(m.start, m.end)):
                chosen.append(m)
                taken.update(range(m.start, m.end))
        return sorted(chosen, key=lambda m: m.start)

    def near(self, words: Sequence[str], scopes: Sequence[str], limit: int = 3) -> list[int]:
        """Entity ids visible in `scopes` whose name words are close to some of these words: material
        for 'did you mean' (a workspace's own names are never suggested to another workspace)."""
        scores: dict[int, float] = {}
        for word in words:
            if len(word) < 4:
                continue
            probes = _deletes(word) | {word}
            found = self._nearby.get(word)
            if found is None:
                if len(self._nearby) >= MAX_REMEMBERED:
                    self._nearby.clear()
                found = self._nearby[word] = self._lookup(probes)
            for probe in sorted(probes):
                for candidate in found.get(probe, ())[:20]:
                    score = fuzz.ratio(word, candidate)
                    if score < 70:
                        continue
                    for entity_id in self._postings(candidate)[:10]:
                        if entity_id not in scores and not any(
                            scope in scopes for _, scope in self._spelled_of(entity_id)
                        ):
                            continue
                        scores[entity_id] = max(scores.get(entity_id, 0.0), score)
        return [e for e, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:limit]]
