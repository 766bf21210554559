"""Finding entity names in loose text, fast at any size of fact base.

Exact lookups first (names and aliases keyed without case, accents or spaces, so 'open ai' finds OpenAI);
typos are corrected per word through a symmetric-delete index (SymSpell's idea), so the cost of a question
does not grow with the number of entities; rapidfuzz then scores the corrected match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from factbot.bot.domain.text import fold

MAX_NAME_WORDS = 6
MIN_FUZZY_LEN = 4


@dataclass(frozen=True)
class Mention:
    entity_id: int
    start: int  # token positions in the question, end exclusive
    end: int
    surface: str  # what the person typed
    matched: str  # the name or alias it matched
    score: float  # 1.0 exact, lower for corrected typos


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class EntityIndex:
    def __init__(
        self,
        names: Iterable[tuple[int, str, str, str]],
        extra_vocabulary: Iterable[str] = (),
        never_correct: frozenset[str] = frozenset(),
    ):
        """names: (entity id, name or alias, scope, kind). extra_vocabulary: other words to correct to.
        never_correct: everyday words ('with', 'what') that must not be mistaken for a misspelt name."""
        self.never_correct = never_correct
        self.exact: dict[str, list[tuple[int, str, str]]] = {}
        self.spelled_of: dict[int, list[tuple[str, str]]] = {}  # entity id -> (name or alias, scope)
        self.postings: dict[str, list[int]] = {}
        vocabulary: set[str] = set(extra_vocabulary)
        for entity_id, name, scope, kind in names:
            folded = fold(name)
            if not folded:
                continue
            self.exact.setdefault(folded.replace(" ", ""), []).append((entity_id, scope, name))
            self.spelled_of.setdefault(entity_id, []).append((name, scope))
            for word in set(folded.split()):
                posting = self.postings.setdefault(word, [])
                if len(posting) < 50 and entity_id not in posting:
                    posting.append(entity_id)
            vocabulary.update(folded.split())
            if folded.count(" ") == 1 and kind != "person":
                vocabulary.add(folded.replace(" ", ""))  # 'hugginface' corrects to 'huggingface'

        self.vocabulary = vocabulary
        # Most keys lead to one word: store that word itself, a tuple only when several share the key
        # (far less memory than a list per key at a million names).
        self.deletes: dict[str, str | tuple[str, ...]] = {}
        for word in vocabulary:
            if len(word) >= MIN_FUZZY_LEN:
                for variant in _deletes(word) | {word}:
                    held = self.deletes.get(variant)
                    if held is None:
                        self.deletes[variant] = word
                    elif isinstance(held, str):
                        self.deletes[variant] = (held, word)
                    else:
                        self.deletes[variant] = (*held, word)

    def _spellings(self, key: str) -> tuple[str, ...]:
        held = self.deletes.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, str) else held

    def correct(self, word: str) -> tuple[str, int]:
        """The closest vocabulary word and its edit distance, or (word, 0) when none is close enough.

        One edit (a transposition counts as one) for words under 8 letters, two from 8; a 4-letter word
        only gets back a letter it dropped ('aple' -> 'apple', never 'beta' -> 'meta').
        """
        if (
            word in self.vocabulary
            or word in self.never_correct
            or not 4 <= len(word) <= 30
            or word.isdigit()
        ):
            return word, 0  # no name has a 30-letter word; longer input is noise, and costly to correct
        if len(word) == 4:
            found = sorted(self._spellings(word))
            return (found[0], 1) if len(found) == 1 else (word, 0)
        probes = _deletes(word) | {word}
        if len(word) >= 8:
            probes |= {d2 for d1 in _deletes(word) for d2 in _deletes(d1)}
        best: tuple[int, float, str] | None = None
        for probe in probes:
            for candidate in self._spellings(probe):
                limit = 1 if min(len(word), len(candidate)) < 8 else 2
                distance = OSA.distance(word, candidate, score_cutoff=limit)
                if distance > limit:
                    continue
                rank = (distance, -fuzz.ratio(word, candidate), candidate)
                if best is None or rank < best:
                    best = rank
        return (best[2], best[0]) if best else (word, 0)

    def _anchored(
        self, words: Sequence[str], start: int, length: int, scopes: Sequence[str]
    ) -> Mention | None:
        """A multi-word name with one word right and the others misspelt: 'emad mostaq', 'aleph alfa'.

        Word by word: the anchor must stand where it stands in the name, and every other word must be one
        we do not know otherwise (so 'microsoft ceo' never becomes 'Microsoft AI') and look like the name's.
        """
        span = list(words[start : start + length])
        best: tuple[float, int, str] | None = None
        for position, anchor in enumerate(span):
            if len(anchor) < 3 or anchor in self.never_correct or anchor not in self.postings:
                continue
            rest = [w for i, w in enumerate(span) if i != position]
            if any(w in self.vocabulary or w in self.never_correct for w in rest):
                continue
            for entity_id in self.postings[anchor]:
                for name, scope in self.spelled_of.get(entity_id, ()):
                    parts = fold(name).split()
                    if len(parts) != length or parts[position] != anchor or scope not in scopes:
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
        candidates: list[Mention] = []
        n = len(words)
        for length in range(min(MAX_NAME_WORDS, n), 0, -1):
            for start in range(0, n - length + 1):
                span = range(start, start + length)
                if any(i in skip for i in span):
                    continue
                typed = "".join(words[i] for i in span)
                fixed = "".join(corrected[i][0] for i in span)
                for probe, was_fixed in ((typed, False), (fixed, True)):
                    hits = [h for h in self.exact.get(probe, ()) if h[1] in scopes]
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
                        anchored = self._anchored(words, start, length, scopes)
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
            for probe in _deletes(word) | {word}:
                for candidate in self._spellings(probe)[:20]:
                    score = fuzz.ratio(word, candidate)
                    if score < 70:
                        continue
                    for entity_id in self.postings.get(candidate, ())[:10]:
                        if entity_id not in scores and not any(
                            scope in scopes for _, scope in self.spelled_of.get(entity_id, ())
                        ):
                            continue
                        scores[entity_id] = max(scores.get(entity_id, 0.0), score)
        return [e for e, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:limit]]
