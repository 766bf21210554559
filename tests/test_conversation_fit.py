"""Follow-ups whose answer must keep what they carried (the person a pronoun stood for, the year, the
person before whom), through `factbot chat --json`: otherwise they are declined, never answered about
something else."""

from __future__ import annotations

from pathlib import Path

from tests.test_conversations import chat


def test_a_bare_fragment_is_not_answered_as_a_question_about_the_name(db_path: Path) -> None:
    _, arm = chat(db_path, "when did nvidia agree to buy mellanox?", "and arm?")
    # Read as 'when did NVIDIA agree to buy Arm' (the deal of 2020), never as 'what is Arm'.
    assert "British chip designer" not in arm["answer"]
    assert "2020" in arm["answer"] and "Arm" in arm["answer"]


def test_a_person_the_base_gives_no_pronoun_is_found_by_either(db_path: Path) -> None:
    _, before_her, before_him = chat(
        db_path, "who is amd's ceo?", "who was ceo before her?", "and before him?"
    )
    assert before_her["answered"] and before_her["answer"].startswith("Taking 'her' as Lisa Su: ")
    assert "Rory Read" in before_her["answer"]
    # The person the answer names (only as text) is the next 'him': nothing on record before him.
    assert not before_him["answered"]
    assert before_him["answer"] == "I have no record of who came before Rory Read as CEO of AMD."


def test_before_someone_walks_back_along_the_answers_people(db_path: Path) -> None:
    *_, earlier = chat(db_path, "who runs aws now", "who before him?", "and before that?")
    assert not earlier["answered"]  # not Matt Garman's fact again, nor 'Adam' D'Angelo
    assert "before Adam Selipsky" in earlier["answer"]
    *_, ballmer = chat(
        db_path, "who is the ceo of microsoft?", "who had the job before him?", "and before ballmer?"
    )
    assert not ballmer["answered"]  # Ballmer's own fact names only his successor
    assert ballmer["answer"] == "I have no record of who came before Steve Ballmer as CEO of Microsoft."


def test_a_carried_year_the_answer_does_not_reach_is_declined(db_path: Path) -> None:
    _, in_2000 = chat(db_path, "who was intel's ceo in 2019?", "and in 2000?")
    assert not in_2000["answered"]
    assert in_2000["answer"].startswith("I have no record of who was CEO of Intel in 2000.")
    _, in_2017 = chat(db_path, "who was openai's cto in 2023?", "and in 2017?")
    assert in_2017["answered"] and "Brockman" in in_2017["answer"]


def test_a_pronoun_keeps_its_person_and_the_role_is_not_forced_on_them(db_path: Path) -> None:
    *_, started, cofounders = chat(
        db_path,
        "who is openai's chief scientist?",
        "who had the job before him",
        "what did he start after leaving?",
        "who cofounded it with him",
    )
    assert started["answer"].startswith("Taking 'he' as Ilya Sutskever: ")
    assert "Safe Superintelligence" in started["answer"]
    assert "Daniel Gross" in cofounders["answer"] and "Daniel Levy" in cofounders["answer"]
    # 'her job' asks for the job: the question stays about her, and 'she' still means her next.
    *_, job, left = chat(
        db_path, "who founded thinking machines lab?", "what was her job at openai", "when did she leave?"
    )
    assert "Mira Murati" in job["answer"] and "CTO" in job["answer"]
    assert left["answered"] and "2024" in left["answer"]


def test_the_holder_at_the_time_asked_is_the_one_meant(db_path: Path) -> None:
    _, after = chat(db_path, "who led ai at tesla from 2017 to 2022?", "where did he go after?")
    # The answer names a later head of AI beside him ('Now: …'); the one whose dates reach 2017 is 'he'.
    assert after["answered"]
    assert "Andrej Karpathy" in after["answer"].split("\n")[0]  # where he went after Tesla
    assert "Elluswamy" not in after["answer"]


def test_a_name_factbot_does_not_know_is_not_taken_for_its_first_word(db_path: Path) -> None:
    _, merged = chat(db_path, "Who founded Google Brain?", "when did it merge with deepmind")
    # 'it' is Google Brain, which the base has no entity for: ask, do not answer about Google.
    assert merged["kind"] == "clarify" and not merged["answered"]


def test_before_a_person_named_by_an_answer_walks_on(db_path: Path) -> None:
    *_, zhang, earlier = chat(
        db_path, "who is alibaba's ceo?", "who was before him", "and before zhang?", "and earlier"
    )
    assert zhang["answered"] and "Jack Ma" in zhang["answer"]
    assert not earlier["answered"] and "before Jack Ma" in earlier["answer"]


def test_of_two_founders_the_one_who_held_the_role_asked_about_is_meant(db_path: Path) -> None:
    _, still, replaced = chat(db_path, "Who founded Scale AI?", "is he still ceo", "who replaced him")
    assert still["answer"].startswith("Taking 'he' as Alexandr Wang: No — Alexandr Wang was CEO of Scale AI")
    assert "Jason Droege" in replaced["answer"]
    # Two people of one event ('co-lead ... with Alexandr Wang'): factbot asks which one.
    _, before = chat(db_path, "who runs meta superintelligence labs?", "where was he before?")
    assert before["kind"] == "clarify" and "Nat Friedman or Alexandr Wang" in before["answer"]


def test_who_took_over_follows_the_person_talked_about(db_path: Path) -> None:
    *_, interim = chat(
        db_path, "who is the ceo of stability ai?", "and in 2023?", "when did he step down", "who took over?"
    )
    assert interim["answer"].startswith("After Emad Mostaque: In March 2024, the CEO of Stability AI was")
    assert "Shan Shan Wong and Christian Laforte" in interim["answer"]


def test_the_first_or_latest_one_of_a_series_is_that_makers_release(db_path: Path) -> None:
    *_, first = chat(db_path, "when did meta release llama 2?", "and llama 3", "and the first one?")
    assert first["answered"] and "LLaMA" in first["answer"] and "February 24, 2023" in first["answer"]
    *_, latest = chat(db_path, "when did anthropic release claude 2", "and the latest one?")
    assert latest["answered"] and "Claude Opus 4" in latest["answer"]
    # a series of one: the first one is the product itself, and there is nothing else to name
    *_, alone = chat(db_path, "when did openai release chatgpt", "and the first one?")
    assert alone["kind"] == "clarify" and not alone["answered"]
