"""The relation table is complete: every stored relation answers a family that every reader knows."""

from __future__ import annotations

from factbot.bot.answering.entity_index import EntityIndex
from factbot.bot.answering.matcher import CUE_VOCABULARY, read
from factbot.bot.domain import relations
from factbot.bot.domain.text import fold


def test_every_relation_belongs_to_a_described_family() -> None:
    for rel in relations.RELATIONS.values():
        assert rel.family in relations.FAMILIES, rel
        assert rel.label, rel


def test_every_askable_family_has_cues_statement_words_a_question_and_a_rank() -> None:
    for fam in relations.FAMILIES.values():
        if fam.name == "other":  # free-form facts: found through their prose, never asked for by name
            assert fam.match_rank is None and fam.question is None
            continue
        assert fam.cues, fam.name
        assert fam.statement_words, fam.name
        assert fam.match_rank is not None, fam.name
        assert fam.name in relations.MATCH_PRIORITY, fam.name


def test_suggested_questions_are_questions_about_the_entity() -> None:
    for name in relations.SUGGESTION_ORDER:
        question = relations.question_for(name, "Acme AI")
        assert question.endswith("?") and "Acme AI" in question, question


def test_each_familys_cues_are_read_as_that_family() -> None:
    """A cue listed in the table is what the matcher reads (unless a more specific family's cue wins)."""
    index = EntityIndex([], extra_vocabulary=CUE_VOCABULARY)
    for fam in relations.FAMILIES.values():
        for cue in fam.cues:
            reading = read(fold(f"{cue} acme"), index, ["global"])
            assert reading.families, (fam.name, cue)
            winner = reading.families[0]
            assert winner == fam.name or relations.MATCH_PRIORITY.index(
                winner
            ) <= relations.MATCH_PRIORITY.index(fam.name), (fam.name, cue, reading.families)


def test_leadership_roles_are_role_families() -> None:
    for rel in (*relations.LEADERSHIP_ROLES, *relations.CEO_RELATIONS):
        assert relations.RELATIONS[rel].family in relations.ROLE_FAMILIES
