"""Question shapes one look-up gets wrong, each with its right answer and its refusal (issue 9):
succession, a person's earlier roles, yes/no, comparisons, totals, out-of-range years, a named thing the
base lacks, opinions and forecasts, versions; plus the --json contract and where the freshness note goes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factbot.bot.domain.port import Reply
from factbot.bot.usecases.dispatch import Core
from tests.cli_helpers import Cli
from tests.support import ask


def _said(reply: Reply) -> str:
    """The whole answer as a person reads it."""
    return "\n".join([reply.text, *(f"{f.name}: {f.value}" for f in reply.fields)])


def _answers(core: Core, question: str, *expected: str) -> Reply:
    reply = ask(core, question)
    assert reply.answered, _said(reply)
    for e in expected:
        assert e in _said(reply), _said(reply)
    return reply


def _declines(core: Core, question: str, *expected: str) -> Reply:
    reply = ask(core, question)
    assert not reply.answered and reply.confidence < 0.6, _said(reply)
    for e in expected:
        assert e in _said(reply), _said(reply)
    return reply


# -- succession and earlier roles ----------------------------------------------------------------------


def test_who_followed_a_person_in_their_role_with_dates(core: Core) -> None:
    reply = _answers(core, "who took over from emad mostaque at stability ai", "Prem Akkaraju", "June 2024")
    assert reply.text.startswith("After Emad Mostaque (CEO of Stability AI")
    assert "Shan Shan Wong and Christian Laforte (interim CEOs" in reply.text  # co-holders are one step
    before = _answers(core, "who did prem akkaraju replace at stability ai", "Emad Mostaque")
    assert before.text.startswith("Before Prem Akkaraju")


def test_succession_of_a_role_the_person_never_held_is_refused(core: Core) -> None:
    _declines(
        core, "who replaced arthur mensch as chairman of mistral ai", "I have no record of who followed"
    )


def test_taking_over_with_the_company_between_is_succession_not_an_acquisition(core: Core) -> None:
    # 'took over GitHub from': the base has no GitHub CEOs, so the person's own record is no answer
    _declines(core, "who took over github from nat friedman", "I have no record of who followed Nat Friedman")
    _answers(core, "who took the reins from emad mostaque at stability ai", "Prem Akkaraju")


def test_a_holders_other_name_in_brackets_is_no_role_qualifier(core: Core) -> None:
    # 'Eddie Wu (Wu Yongming)' succeeded 'Daniel Zhang (Zhang Yong)': the brackets hold names, not roles
    _answers(core, "who replaced daniel zhang as alibaba ceo", "Eddie Wu")


def test_a_tenure_known_only_from_prose_still_answers_who_followed(core: Core) -> None:
    reply = _answers(core, "who succeeded morris chang as tsmc chairman", "Mark Liu")
    assert "C.C. Wei" not in reply.text  # Wei followed Liu, not Chang


def test_a_persons_earlier_role_is_not_the_earlier_holders_of_their_role(core: Core) -> None:
    reply = _answers(core, "what did prem akkaraju do before stability ai", "Weta Digital")
    assert "CEOs before" not in reply.text


# -- yes / no ------------------------------------------------------------------------------------------


def test_yes_no_starts_with_yes_or_no_then_the_fact(core: Core) -> None:
    assert _answers(core, "is sam altman still ceo of openai").text.startswith(
        "Yes — Sam Altman has been CEO"
    )
    no = _answers(core, "does emad mostaque still run stability ai", "Prem Akkaraju")
    assert no.text.startswith("No — Emad Mostaque was CEO of Stability AI")
    assert _answers(core, "did microsoft acquire inflection ai").text.startswith("No — not as acquired")
    assert _answers(core, "did amazon invest in anthropic").text.startswith("Yes — ")


def test_a_past_tense_yes_no_is_yes_for_a_role_that_has_ended(core: Core) -> None:
    assert _answers(core, "was emad mostaque ceo of stability ai").text.startswith(
        "Yes — Emad Mostaque was CEO"
    )
    assert _answers(core, "is emad mostaque ceo of stability ai").text.startswith(
        "No — Emad Mostaque was CEO"
    )
    tag = _answers(core, "karpathy worked at tesla at some point, didn't he")
    assert tag.text.startswith("Yes — Andrej Karpathy was head of AI of Tesla")


def test_from_day_one_compares_the_role_with_the_founding(core: Core) -> None:
    reply = _answers(core, "was altman openai ceo from day one")
    assert reply.text.startswith("No — Sam Altman became CEO of OpenAI in 2019; OpenAI was founded on"), (
        reply.text
    )


def test_a_deal_on_record_as_abandoned_is_a_no(core: Core) -> None:
    assert _answers(core, "did nvidia end up buying arm").text.startswith("No — ")
    assert _answers(core, "did the nvidia arm deal get abandoned").text.startswith("Yes — ")


def test_yes_no_without_a_role_uses_the_facts_linking_person_and_company(core: Core) -> None:
    reply = _answers(core, "did noam shazeer go back to google", "returned to Google in 2024")
    assert reply.text.startswith("Yes — ")
    assert "Pichai" not in reply.text  # not Google's CEO instead


def test_still_there_is_no_when_the_tie_on_record_has_ended(core: Core) -> None:
    # Babuschkin's only tie to xAI, its co-founding, ended when he left on 13 August 2025
    for question in ("is igor babuschkin still at xai", "is babuschkin still with xai"):
        reply = _answers(core, question, "left xAI on August 13, 2025")
        assert reply.text.startswith("No — "), question
    assert ask(core, "is elon musk still at xai").text.startswith("Yes — ")


def test_chat_filler_before_a_yes_no_keeps_it_a_yes_no(core: Core) -> None:
    reply = _answers(core, "lol did altman actually get fired", "November 17, 2023")
    assert reply.text.startswith("Yes — "), reply.text
    assert ask(core, "ngl is arthur mensch still ceo of mistral").text.startswith("Yes — Arthur Mensch")


def test_did_they_leave_is_yes_from_their_departure_on_record(core: Core) -> None:
    reply = _answers(core, "did john schulman leave openai", "leaving OpenAI")
    assert reply.text.startswith("Yes — ")
    # the departure is from OpenAI: 'to join Anthropic' is not leaving Anthropic
    assert not ask(core, "did john schulman leave anthropic").text.startswith("Yes")


def test_a_job_taken_elsewhere_since_is_no_yes_for_the_older_tie(core: Core) -> None:
    """Schulman left OpenAI to join Anthropic (August 2024), then became Thinking Machines Lab's chief
    scientist (February 2025): 'still at Anthropic' is not 'Yes', 'did he leave' is not a bare fact."""
    for question in ("is john schulman still at anthropic", "is john schulman still with anthropic"):
        reply = _answers(core, question, "chief scientist of Thinking Machines Lab")
        assert reply.text.startswith("No, not that I know of: John Schulman is chief scientist"), reply.text
    left = ask(core, "did john schulman leave anthropic").text
    assert left.startswith("No departure from Anthropic on record, but John Schulman is chief scientist"), left
    # a tie with nothing later elsewhere keeps its answer
    assert ask(core, "is elon musk still at xai").text.startswith("Yes — ")


def test_chat_filler_is_no_evidence_against_an_answer(core: Core) -> None:
    _answers(core, "who's in charge at nvidia fr", "Jensen Huang")
    _answers(core, "who's steering the ship at intel these days", "Lip-Bu Tan")  # steering, not shipping
    _answers(core, "who actually started openai? like the og founders", "Greg Brockman")


def test_a_count_of_founders_asked_as_a_number(core: Core) -> None:
    reply = _answers(core, "number of deepmind founders?")
    assert reply.text.startswith("3 founders of DeepMind on record"), reply.text


def test_version_one_of_a_product_is_its_first_release(core: Core) -> None:
    _answers(core, "when was gemini 1.0 released", "December 6, 2023")
    _answers(core, "which came first gpt-4 or gemini 1.0", "GPT-4 came first")
    _declines(core, "when was gemini 1.5 released", "I have no record of gemini 1.5")


def test_an_earlier_role_told_only_in_another_companys_statement(core: Core) -> None:
    # the 2017 Transformer paper names 'intern Aidan Gomez' among Google researchers, before Cohere (2019)
    _answers(core, "where did aidan gomez work before cohere", "Google researchers", "Aidan Gomez")
    # Cohere's founding statement (2019) names his co-founder too, but is no earlier: still refused
    _declines(core, "what did nick frosst do before cohere", "I have nothing on what Nick Frosst did before")


def test_an_earlier_role_told_as_founder_of_the_fund(core: Core) -> None:
    _answers(core, "what did liang wenfeng do before deepseek", "High-Flyer")


def test_yes_no_about_nothing_on_record_is_not_that_i_know_of(core: Core) -> None:
    _declines(core, "are sam altman and dario amodei related", "Not that I know of")


# -- comparisons ---------------------------------------------------------------------------------------


def test_a_comparison_answers_from_both_facts_with_dates(core: Core) -> None:
    reply = _answers(core, "which came out first, chatgpt or llama", "ChatGPT came first", "30 November 2022")
    assert "LLaMA (24 February 2023)" in reply.text
    older = _answers(core, "which is older, mistral or anthropic")
    assert older.text.startswith("Anthropic is older: Anthropic (2021), then Mistral AI")


def test_a_size_comparison_sets_money_put_in_against_money_put_in(core: Core) -> None:
    reply = _answers(core, "did microsoft put more into openai than amazon put into anthropic?", "$8 billion")
    assert "$135 billion" not in reply.text  # what Microsoft's stake is worth is no investment
    assert reply.text.startswith("Microsoft in OpenAI was larger: $10 billion")
    _declines(core, "who raised more, mistral or acme robotics", "I can't compare them")
    # a range ('about $6.9-7 billion') counts as its lower end
    reply = _answers(core, "which deal was bigger, amd-xilinx or nvidia-mellanox", "$6.9 billion")
    assert reply.text.startswith("AMD in Xilinx was larger: $49.8 billion")


def test_a_yes_no_about_which_came_first_answers_from_both_dates(core: Core) -> None:
    reply = _answers(core, "was deepmind around before openai", "DeepMind (2010)", "OpenAI (11 December 2015)")
    assert reply.text.startswith("Yes — ")
    assert _answers(core, "was mistral founded before anthropic").text.startswith("No — Mistral AI")
    assert _answers(core, "was mistral founded after anthropic").text.startswith("Yes — Mistral AI")
    _declines(core, "was anthropic around before acme robotics")


def test_an_order_comparison_of_two_deals_uses_the_deals_on_either_side(core: Core) -> None:
    # Mellanox and Xilinx are the objects of Nvidia's and AMD's facts: their deals date them
    reply = _answers(core, "which acquisition came first, mellanox or xilinx", "11 March 2019")
    assert reply.text.startswith("Mellanox Technologies came first")


def test_a_comparison_with_a_side_missing_is_refused(core: Core) -> None:
    _declines(core, "which is older, anthropic or acme robotics", "I can't compare them", "acme robotics")
    _declines(core, "which came out first, chatgpt or the acme 9000", "I can't compare them")


# -- totals --------------------------------------------------------------------------------------------


def test_a_total_is_the_latest_stated_total_labelled_with_its_date(core: Core) -> None:
    reply = _answers(core, "how much has amazon invested in anthropic in total", "$8 billion")
    assert reply.text.startswith("Latest stated total (22 November 2024)")
    assert "25 September 2023" in _said(reply)  # the tranches it covers


def test_no_total_when_tranches_lack_amounts(core: Core) -> None:
    reply = _declines(core, "how much has microsoft put into openai overall", "no stated total")
    assert "22 July 2019" in _said(reply)  # what is known is still shown


def test_what_a_company_raised_is_the_sum_of_its_rounds_when_the_record_reaches_its_start(core: Core) -> None:
    # SSI (founded June 2024): its two rounds, $1 billion and $2 billion, labelled with their dates
    reply = _answers(core, "how much has ssi raised in total", "$3 billion")
    assert reply.text.startswith("Sum of the 2 rounds on record (4 September 2024 to April 2025)")
    # Mistral: a round's size is counted once, not the part ASML put into it (EUR 1.3 of the 1.7 billion)
    _answers(core, "how much has mistral raised overall", "Sum of the 5 rounds on record", "€2.81 billion")
    # Anthropic's rounds on record start two years after its founding: a sum would leave out the early ones
    _declines(core, "how much has anthropic raised altogether", "I have no stated total", "13 billion")


def test_what_two_investors_put_in_combined_is_added_only_when_both_parts_are_on_record(core: Core) -> None:
    reply = _answers(core, "how much did microsoft and nvidia commit to anthropic combined", "18 November 2025")
    assert reply.text.startswith("Combined, on record: up to $15 billion into Anthropic"), reply.text
    assert "Microsoft $5 billion; NVIDIA $10 billion" in reply.text
    # Google's part ('$500 million plus $1.5 billion committed') is no one amount: nothing is added up
    _declines(core, "amazon + google into anthropic combined, how much", "what Google put into Anthropic")
    # one investor into two companies: both parts, not the first company's alone
    reply = _answers(core, "how much has amazon invested in anthropic and openai combined", "$58 billion")
    assert "by Amazon (Anthropic $8 billion; OpenAI $50 billion)" in reply.text, reply.text


def test_a_total_over_a_time_counts_only_what_falls_in_it(core: Core) -> None:
    reply = _answers(core, "how much did amazon put into anthropic in 2023 in total", "$4 billion")
    assert reply.text.startswith("One tranche on record (25 September 2023)"), reply.text
    # SSI's 2025 round alone is not all it raised, and is not summed as if it were
    reply = _declines(core, "how much has ssi raised in total since 2025", "I have no stated total")
    assert "4 September 2024" not in _said(reply) and "April 2025" in _said(reply)


def test_a_total_reads_before_after_and_from_to_as_periods(core: Core) -> None:
    reply = _answers(core, "how much did mistral raise in total from 2023 to 2024", "€1.1 billion")
    assert reply.text.startswith("Sum of the 4 rounds on record (June 2023 to 11 June 2024)"), reply.text
    reply = _answers(core, "how much did amazon invest in anthropic in total before 2024", "$4 billion")
    assert "8 billion" not in reply.text  # the November 2024 total is after the period
    # after 2023: Mistral's later rounds only, and not summed (the record no longer starts at the founding)
    reply = _declines(core, "how much did mistral raise in total after 2023", "I have no stated total")
    assert "June 2023" not in _said(reply) and "9 September 2025" in _said(reply)


def test_only_a_money_question_is_a_total(core: Core) -> None:
    _answers(core, "overall, who is the ceo of mistral", "Arthur Mensch")
    _answers(core, "when was ssi founded, overall", "June 2024")
    _answers(core, "whats the total valuation of ssi", "$32 billion")
    assert "Sum of" not in ask(core, "how many rounds has mistral raised in total").text
    # a company named in a round as an investor did not raise it: Nvidia joined SSI's round
    reply = _declines(core, "how much has nvidia raised in total", "I have no total of what NVIDIA has invested")
    assert "Sum of" not in reply.text


def test_a_combined_total_names_every_party_or_declines(core: Core) -> None:
    # Perplexity has no deal with Nvidia on record: never Nvidia's Anthropic deal alone
    _declines(core, "how much did nvidia invest in anthropic and perplexity and xai combined", "can't add them up")
    # 'together' at the end, after an 'and', is the adverb, not Together AI
    reply = _answers(core, "how much did nvidia invest in openai and anthropic together", "$40 billion")
    assert "OpenAI $30 billion; Anthropic $10 billion" in reply.text
    _answers(core, "who founded together ai", "Vipul Ved Prakash")


def test_a_tranche_of_several_amounts_is_not_one_of_them(core: Core) -> None:
    # '$500 million plus $1.5 billion committed' is not a $500 million tranche
    reply = _declines(core, "how much has google put into anthropic altogether", "no stated total")
    assert "One tranche" not in reply.text and "$500 million." not in reply.text


def test_an_everyday_word_is_never_corrected_into_a_name(core: Core) -> None:
    # 'altogether' is two letters off 'together' (Together AI), and a word the reader knows
    reply = ask(core, "how much has xai raised altogether?")
    assert "Together" not in _said(reply), _said(reply)
    assert reply.text.startswith("I have no stated total of what xAI raised")


# -- years outside the record --------------------------------------------------------------------------


def test_a_future_year_says_what_is_known_now(core: Core) -> None:
    reply = _declines(core, "who will be ceo of anthropic in 2031", "can't know what 2031 will bring")
    assert "Dario Amodei" in _said(reply) and "In 2031" not in _said(reply)


def test_a_year_before_founding_says_it_did_not_exist_yet(core: Core) -> None:
    _declines(core, "who ran mistral ai in 2019", "did not exist yet in 2019", "founded in April 2023")
    _answers(core, "who was ceo of openai in 2021", "Sam Altman")  # a year inside the record still answers


def test_a_year_before_every_holder_on_record_is_not_known(core: Core) -> None:
    # AMD's only CEO on record started in 2014; the 2014 statement naming her is no answer for 2012
    reply = _declines(core, "amd ceo in 2012", "I have no record of who was CEO of AMD in 2012.")
    assert "Lisa Su" in _said(reply)  # who is known, shown as such
    # a CEO known only 'as of 2018' (no start on record) is not placed in 2015, but is from 2018 on
    _declines(core, "who was baidu ceo in 2015", "I have no record of who was CEO of Baidu in 2015.")
    _answers(core, "who was baidu ceo in 2019", "Robin Li")
    # a closed tenure with no start reaches back to its holder's founding: Mostaque led Stability AI in 2022
    reply = _answers(core, "who ran stability ai in 2022", "Emad Mostaque")
    assert "(until Mar 2024)" in reply.text  # the founding places him; it is not shown as his start
    # …and no further: Wennink, 'CEO until April 2024' with no start, is not ASML's CEO in 1990
    _declines(core, "who was ceo of asml in 1990", "I have no record of who was CEO of ASML in 1990.")
    # a role told only in prose still answers a year it covers
    _answers(core, "who was openai's cto in 2016", "Greg Brockman")


def test_two_names_linked_do_not_answer_a_third_thing_named_beside_them(core: Core) -> None:
    # 'Google Brain' is not Google; the DeepMind acquisition links Google and DeepMind, not Brain
    _declines(core, "before brain and deepmind merged who was running google brain")
    _declines(core, "oracle openai compute contract size")
    # a verb in the doer's slot and plain question nouns name nothing: still answered
    _answers(core, "how much did meta sink into scale ai", "14.3")
    _answers(core, "mellanox price tag nvidia paid", "6.9")


def test_a_deal_is_read_from_the_side_it_was_asked_on(core: Core) -> None:
    # Amazon invested in Anthropic; Anthropic invested in nothing on record
    _declines(core, "who has anthropic invested in", "I have no record of what Anthropic invested in.")
    _answers(core, "who invested in anthropic", "Amazon")
    _answers(core, "anthropic investors", "Amazon")
    # Nvidia bought Mellanox; nobody on record bought Nvidia, and Mellanox bought nothing
    _declines(core, "who acquired nvidia", "I have no record of who acquired NVIDIA.")
    _declines(core, "who did mellanox buy", "I have no record of what Mellanox Technologies acquired.")
    _answers(core, "what did nvidia acquire", "Mellanox")
    _answers(core, "when was deepmind acquired", "January 2014")  # passive: done to it


def test_a_deed_told_in_prose_is_read_from_the_side_it_was_asked_on(core: Core) -> None:
    # Perplexity offering for Chrome 'saying investors would fund it' is no investment in Perplexity
    _declines(core, "who has invested in perplexity")
    # Murati launching the lab, or the lab's seed round 'announced July 15', is nothing the lab released
    _declines(core, "what has thinking machines released")
    # the same statements still answer from their own side
    _answers(core, "who launched thinking machines", "Mira Murati")
    _answers(core, "when was the stargate project announced", "January 21, 2025")


def test_the_question_inside_a_chat_message_is_answered(core: Core) -> None:
    # a preamble, an afterthought, an aside in brackets, a colon after a preamble
    _answers(core, "ok dumb q but who founded nvidia and when, my coworker says it was like the 80s", "1993")
    _answers(core, "who runs moonshot ai (the kimi ppl)", "Yang Zhilin")
    _answers(core, "trying to make a timeline slide for my team: llama 1 release date?", "February 2023")
    # the question alone still has to be answerable: a thing named inside it the base lacks is refused
    _declines(core, "how much did samsung invest in perplexity? asking for a friend")
    # an opinion or a forecast anywhere in the message is not answered with the other clause's facts
    _declines(core, "who runs openai, is it overrated", "opinion")
    _declines(core, "who runs anthropic now? will they ipo next year", "forecast")
    _declines(core, "who is the ceo of nvidia, and is nvidia stock going up", "forecast")
    _declines(core, "who founded deepmind, and did google buy it for too much", "opinion")


def test_worth_asks_a_value_unless_it_asks_worth_it(core: Core) -> None:
    _answers(core, "how much is microsoft's stake in openai worth", "$135 billion")
    _declines(core, "is claude pro worth it", "opinion")
    _declines(core, "how much was that deal worth")  # nothing named: the deal pointed back at is unknown


def test_two_questions_in_one_message_answer_the_first(core: Core) -> None:
    reply = _answers(core, "who runs openai and who runs anthropic", "Sam Altman")
    assert "nothing on" not in _said(reply)


def test_a_negated_question_is_not_answered_with_who_does(core: Core) -> None:
    _declines(core, "who is not the ceo of openai", "who does not")
    _declines(core, "ok dumb q but who doesn't run openai", "who does not")
    assert _answers(core, "isn't sam altman the ceo of openai", "Sam Altman").text.startswith("Yes")


def test_a_message_that_corrects_itself_answers_only_the_corrected_question(core: Core) -> None:
    _answers(core, "who runs openai (jk, who runs mistral)", "Arthur Mensch")
    for q in ("who runs openai — sorry, i meant anthropic", "when was llama 2 released? llama 3 actually"):
        reply = _declines(core, q, "changed the question")
        assert "Altman" not in _said(reply) and "July 18, 2023" not in _said(reply)


def test_a_funding_round_named_by_its_letter_is_that_round_only(core: Core) -> None:
    reply = _answers(core, "who led mistral's series b", "General Catalyst")
    assert "Series C" not in _said(reply)
    _answers(core, "who led mistral's series c", "ASML")
    reply = _declines(core, "who led mistral's series d")  # the base holds Series A, B and C
    assert "Series A" not in _said(reply) and "Series C" not in _said(reply)


def test_plain_nouns_beside_a_name_are_no_evidence_against_an_answer(core: Core) -> None:
    # 'big' and 'round' name nothing: the 2025 round is ASML's Series C investment
    _answers(core, "who led mistral's big 2025 funding round", "ASML")
    _declines(core, "who led mistral's big 2019 funding round")  # Mistral did not exist yet
    # 'led' beside a round is the round's lead investor, not the company's leader
    _answers(core, "who led moonshot ai's big 2024 round", "Alibaba")


def test_names_in_a_clause_after_the_question_are_context(core: Core) -> None:
    # OpenAI's failed deal names Windsurf too; the question asks who did buy it
    reply = _answers(core, "who ended up acquiring windsurf after all that drama w openai and google", "Cognition")
    assert not reply.text.startswith("OpenAI agreed")
    _answers(core, "who led fair at meta until 2025", "Joelle Pineau")
    # a first name followed by a verb is the person ('Safra stepped aside'), and 'now' leads with today's
    reply = _answers(core, "who's the top dog at oracle now that safra stepped aside", "Clay Magouyrk")
    assert reply.text.startswith("Oracle is led by") and "Safra Catz" in _said(reply)
    # a second company named in an aside: a statement naming both and another firm's CEO is no answer
    reply = _answers(core, "who runs anthropic — asking for my boss at google", "Dario Amodei")
    assert "Hock Tan" not in _said(reply)


def test_a_short_name_is_not_reached_by_changing_its_first_letter(core: Core) -> None:
    _declines(core, "nscale ceo")  # not Scale AI
    _answers(core, "antropic ceo", "Dario Amodei")  # a letter dropped inside the word is still a typo


def test_a_role_named_beside_took_over_is_that_roles_succession(core: Core) -> None:
    _answers(core, "who was ceo of ssi before ilya took over", "Daniel Gross")


# -- named but unknown, opinions, versions -------------------------------------------------------------


def test_a_named_thing_the_base_lacks_refuses_with_what_is_known(core: Core) -> None:
    reply = _declines(core, "how much did Acme invest in Anthropic", "I have nothing on “acme")
    assert "What I know" in _said(reply)
    _answers(core, "how much did amazon invest in anthropic", "Amazon")


def test_opinions_and_forecasts_are_declined(core: Core) -> None:
    _declines(core, "is mistral overrated", "opinion")
    _declines(core, "is meta overpaying for ai researchers", "opinion")  # was 'Yes — Reka AI …'
    _declines(core, "is sam altman a good ceo", "opinion")
    _declines(core, "will openai ipo next year", "forecast")
    _answers(core, "who runs mistral", "Arthur Mensch")


def test_an_unknown_version_is_not_the_nearest_release(core: Core) -> None:
    reply = _declines(core, "when did mistral large 2 come out", "I have no record of mistral large 2")
    assert not reply.answered
    _answers(core, "when was llama 2 released", "July 18, 2023")


def test_a_version_glued_to_its_name_is_that_version(core: Core) -> None:
    # 'qwen2' is Qwen 2, not a typo of Qwen: not on record, and not Qwen's other releases
    _declines(core, "when was qwen2 released", "I have no record of qwen 2")
    _answers(core, "when was llama3 released", "April 18, 2024")
    _answers(core, "when did gpt4 come out", "March 14, 2023")


def test_a_version_with_a_variant_joined_on_is_another_model(core: Core) -> None:
    # 'Qwen 2.5-Max' is neither Qwen 2.5 nor Qwen 2
    for question in ("when did qwen 2.5 come out", "when did qwen2.5 come out", "when was qwen 2 released"):
        reply = _declines(core, question, "I have no record of qwen 2")
        assert "2.5-Max" not in reply.text
    _answers(core, "when did qwen 2.5 max come out", "January 29, 2025")
    # but a version and its '.0' are one: 'cursor2' is Cursor 2.0, 'gemini 2' Gemini 2.0
    _answers(core, "when was cursor2 released", "October 29, 2025")
    _answers(core, "when was gemini 2 released", "December 11, 2024")


# -- what a person reads -------------------------------------------------------------------------------


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path) -> Cli:
    return Cli(capsys, db_path)


def test_json_answer_holds_the_headline_and_the_list_lines(cli: Cli) -> None:
    result = cli("ask", "--json", "who founded xai")
    data = json.loads(result.out)
    assert data["answer"].startswith("Who founded xAI:\n")
    assert "Elon Musk" in data["answer"] and data["fields"]  # the list is in `answer`, structure in `fields`
    assert all(f"{f['name']}: {f['value']}" in data["answer"] for f in data["fields"])


def test_freshness_note_only_on_current_state_claims(core: Core) -> None:
    notes = [f.value for f in ask(core, "who runs stability ai").fields if f.name == "Note"]
    assert notes == ["As of September 2024 — may have changed."]
    for historical in ("when did google buy deepmind", "when was chatgpt released", "who founded xai"):
        reply = ask(core, historical)
        assert reply.answered and all(f.name != "Note" for f in reply.fields), historical


def test_suggestions_are_questions_the_bot_answers(core: Core) -> None:
    reply = ask(core, "who is the cfo of stability ai")
    assert not reply.answered and reply.suggestions
    for suggestion in reply.suggestions:
        assert suggestion.endswith("?")
        assert ask(core, suggestion).answered, suggestion


# -- a chat message's clauses, names stuck to a word, advice, someone else's role, prose predecessors ----


def test_a_clause_that_drops_every_name_the_message_gave_is_not_answered_alone(core: Core) -> None:
    # 'who raised more money' alone matched an OpenAI statement: the names after the comma were the question
    reply = _declines(core, "who raised more money, anthropic or mistral")
    assert "OpenAI" not in _said(reply)
    # a pronoun in the asking clause points at what the rest of the message named
    _answers(core, "the startup that built the perplexity answer engine, who started it", "Srinivas")
    _answers(core, "saw the news about cohere — who runs it now?", "Aidan Gomez")


def test_a_short_word_of_a_name_must_be_in_the_fact_that_answers(core: Core) -> None:
    _declines(core, "what company is behind le chat")  # not Kimi Chat's maker
    _answers(core, "who makes kimi chat", "Moonshot AI")


def test_investment_advice_is_declined(core: Core) -> None:
    for question in ("is nvidia stock a buy rn", "nvidia: buy or sell?"):
        _declines(core, question, "opinion")


def test_earlier_roles_come_from_the_persons_own_facts(core: Core) -> None:
    # 'Elon Musk (co-chair, with Sam Altman)' is Musk's role; his Tesla conflict is not Altman's past
    reply = _declines(core, "what was sam altman's job before openai", "I have nothing on what Sam Altman did")
    assert "Tesla" not in _said(reply)
    _answers(core, "what did dario amodei do before anthropic", "OpenAI")


def test_a_year_just_before_the_first_holder_names_the_one_they_took_over_from(core: Core) -> None:
    reply = _answers(core, "who was amazon's ceo in 2020", "Jeff Bezos", "5 July 2021")
    assert all(f.name != "Note" for f in reply.fields)  # a past state, no freshness note
    _answers(core, "who was amd's ceo in 2013", "Rory Read")
    # further back the predecessor's own start is unknown: nothing is said about 2005
    _declines(core, "who was amd's ceo in 2005", "I have no record of who was CEO of AMD in 2005")


def test_chat_paraphrases_of_the_relations(core: Core) -> None:
    _answers(core, "who's the big dog at anthropic lol", "Dario Amodei")
    _answers(core, "what did ilya sutskever go off and found", "Safe Superintelligence")
    _answers(core, "what month did gpt-4o drop", "May 2024")
    _answers(core, "how much did inflection raise back in june 2023", "$1.3 billion")


def test_a_round_is_any_funding_fact_and_how_big_asks_its_amount(core: Core) -> None:
    first = _answers(core, "how much did ssi raise in its first round", "$1 billion")
    assert "Greenoaks" not in first.text  # the later $2 billion round is not the first
    _answers(core, "how big was mistral's series b", "€600 million")
    _declines(core, "how big was mistral's series q")


def test_taking_a_company_over_from_a_person_is_succession(core: Core) -> None:
    # Adam Selipsky is known only from prose: the fact naming him as the one taken over from answers
    _answers(core, "who took over aws from adam selipsky", "Matt Garman")
    _answers(core, "who took over deepmind", "Google")  # no 'from': an acquisition


def test_a_name_that_is_an_everyday_word_counts_with_company_words_around_it(core: Core) -> None:
    reply = _answers(core, "did arm go public in 2023", "Nasdaq")
    assert reply.text.startswith("Yes — ")
    _answers(core, "which ipo'd first arm or coreweave", "Arm came first")
    _declines(core, "my arm hurts")


def test_a_pair_includes_the_products_facts_held_by_a_unit_of_the_company(core: Core) -> None:
    # the first Qwen release is Alibaba Cloud's fact; the November 2025 app relaunch is not the first
    reply = _answers(core, "when did alibaba first release qwen", "April 11, 2023")
    assert "2025" not in reply.text


# -- several questions in one message --------------------------------------------------------------------


def test_every_part_of_a_multi_part_question_is_answered(core: Core) -> None:
    reply = _answers(core, "who founded cohere and who runs it now", "Aidan Gomez", "Nick Frosst")
    assert "Who runs Cohere now?: Aidan Gomez has been CEO of Cohere" in _said(reply)
    both = _answers(core, "who runs anthropic and openai", "Dario Amodei", "Sam Altman")
    assert "Who runs OpenAI?" in _said(both)


def test_a_part_the_base_cannot_answer_says_so(core: Core) -> None:
    reply = _answers(core, "who runs cohere and who is their cfo", "Aidan Gomez")
    assert "Who is Cohere's cfo?: Not on record." in _said(reply)
    _declines(core, "who runs openai and should i buy its stock", "opinion")  # no part is answered


def test_how_two_things_differ_is_declined_not_dumped(core: Core) -> None:
    for question in ("what's the difference between anthropic and openai", "how is mistral different from cohere"):
        _declines(core, question, "How two things differ is a judgement")


def test_multi_part_attacks_repeats_fragments_and_lists(core: Core) -> None:
    repeated = _answers(core, "who runs openai; " * 6 + "who runs openai", "Sam Altman")
    assert "Who runs openai?" not in _said(repeated)  # one question asked seven times is one question
    fragment = _answers(core, "who founded openai and when and who runs it", "Sam Altman")
    assert "When?" not in _said(fragment)  # a bare 'and when' is no part of its own
    three = _answers(core, "who runs anthropic, openai and cohere", "Dario Amodei", "Sam Altman", "Aidan Gomez")
    assert "Who runs Cohere?" in _said(three)


# -- where a company is based --------------------------------------------------------------------------


def test_where_a_company_is_based_is_a_statement_that_places_it(core: Core) -> None:
    _answers(core, "where is cohere headquartered", "Toronto")
    _answers(core, "what city is mistral in", "Paris")
    _answers(core, "where is deepseek based", "Hangzhou")  # 'the Hangzhou AI lab DeepSeek'
    # no statement places it: refused, never another fact about the company
    _declines(core, "wheres openai hq", "no headquarters or home town on record for OpenAI")
    _declines(core, "where is sam altman from", "Sam Altman")


def test_whether_a_company_is_from_a_country_is_told_by_the_statement_that_places_it(core: Core) -> None:
    _answers(core, "is cohere canadian", "Yes", "Toronto, Canada")
    _answers(core, "is mistral a german company", "No", "Paris, France")
    _answers(core, "is deepseek based in beijing", "No", "Hangzhou")  # a city asked is the city on record
    _answers(core, "is aleph alpha from germany?", "Yes", "Heidelberg")
    _answers(core, "is mistral european", "Yes")
    # nothing places OpenAI: not a guess from the country it is usually said to be in
    _declines(core, "is openai american", "Not that I know of")
    # other words left over: not a question about where it is
    assert "Paris, France" not in _said(ask(core, "is mistral good at english"))
    # a deal asked about: the deal (Koyeb, a Paris start-up), not where Mistral was founded
    _answers(core, "did mistral buy a company in paris", "Koyeb")


def test_a_deal_is_not_a_release(core: Core) -> None:
    reply = ask(core, "what's cohere's model called")
    assert "Aleph Alpha" not in _said(reply)  # Cohere 'announced' a takeover, not a model


def test_what_a_person_did_in_a_year_is_what_held_then_or_not_known(core: Core) -> None:
    _answers(core, "what did sam altman found in 2015", "OpenAI")
    # his founding is from 2015; his role in 2014 is not on record: neither is answered with another year's
    _declines(core, "what did sam altman found in 2024", "Sam Altman in 2024")
    _declines(core, "what did sam altman run in 2014", "Sam Altman in 2014")
    _declines(core, "what did andrej karpathy found in 2024", "Andrej Karpathy in 2024")


# -- 'besides X' ------------------------------------------------------------------------------------------


def test_names_set_aside_are_left_out_of_the_answer(core: Core) -> None:
    for question in (
        "who invested in anthropic besides amazon",
        "who else invested in anthropic except amazon",
        "who besides amazon invested in anthropic",
    ):
        reply = _answers(core, question, "Google")
        assert "Amazon" not in _said(reply), question
    both = _answers(core, "who invested in anthropic other than amazon and google", "Anthropic")
    assert "Amazon" not in _said(both) and "Google" not in _said(both)
    # the only answer on record is the one set aside: refused, never that answer
    _declines(core, "who runs openai besides sam altman", "Besides Sam Altman, I have nothing on record")


def test_a_return_is_the_return_not_every_fact_naming_both(core: Core) -> None:
    for question in ("when did altman return to openai", "when did altman come back to openai"):
        reply = _answers(core, question, "November 21, 2023")
        assert "Elon Musk" not in _said(reply), question
    # 'came back' is his return, not the word 'back' ('Mira Murati back as CTO')
    reply = _answers(core, "who was ceo of openai before sam altman came back", "Emmett Shear")
    assert "back as CTO" not in _said(reply)


def test_who_founded_it_with_someone_is_the_other_founders_in_the_list(core: Core) -> None:
    # one fact lists the founders: the others in it, never the one asked about alone
    reply = _answers(core, "who co-founded deepmind with demis hassabis", "Shane Legg and Mustafa Suleyman")
    assert reply.text == "Besides Demis Hassabis: Shane Legg and Mustafa Suleyman."
    _answers(core, "who started openai alongside sam altman", "Elon Musk, Greg Brockman, Ilya Sutskever and others")
    _answers(core, "who else founded openai besides altman", "Greg Brockman")  # was: nothing on record
    _answers(core, "who founded anthropic with dario amodei", "Daniela Amodei (with five other former OpenAI")
    # Thinking Machines Lab's record names Mira Murati alone: no one else is made up
    _declines(core, "who co-founded thinking machines lab with murati", "Besides Mira Murati, I have nothing")
    # 'with' sets a name aside only in a founding question: a joint investment is still that deal
    _answers(core, "who did nvidia invest in with microsoft", "Anthropic")


def test_a_metric_is_answered_only_by_a_figure(core: Core) -> None:
    # the word occurs in facts ('former OpenAI staff', 'chief revenue officer'), the figure does not
    for question in ("how many employees does openai have", "whats openais revenue"):
        reply = ask(core, question)
        assert not reply.answered, _said(reply)
    _answers(core, "how many users did chatgpt reach", "one million users")


# -- what a company is worth --------------------------------------------------------------------------


def test_what_a_company_is_worth_is_its_latest_valuation_dated(core: Core) -> None:
    reply = _answers(core, "how much is anthropic worth", "Latest valuation of Anthropic on record", "2026")
    assert "expected to value" not in _said(reply)  # an IPO's hoped-for value is not a valuation
    _answers(core, "what was openai valued at in 2024", "$157 billion", "October 2024")
    _declines(core, "what was anthropic worth in 2023", "no valuation of Anthropic")
    _declines(core, "how much is cohere worth", "no valuation of Cohere")
    _declines(core, "is claude worth it", "opinion")


def test_who_is_behind_a_product_is_its_maker_not_the_makers_founders(core: Core) -> None:
    made = _answers(core, "who created stable diffusion", "Stability AI", "Stable Diffusion")
    assert "Cyrus Hodes" not in _said(made)
    behind = _answers(core, "who is behind grok", "xAI launched its Grok")
    assert "Babuschkin" not in _said(behind)
    _answers(core, "who founded the company behind grok", "Musk")  # the company's founders, asked as such


def test_how_many_is_a_figure_the_record_states_or_no_count(core: Core) -> None:
    _declines(core, "how many models has mistral released", "can't count the models of Mistral AI")
    _declines(core, "how many acquisitions has nvidia made", "can't count the acquisitions of NVIDIA")
    _answers(core, "how many people wrote attention is all you need", "eight")  # 'eight Google researchers'
    _answers(core, "how many founders does mistral have", "3 founders")


def test_owning_a_company_is_not_investing_in_it(core: Core) -> None:
    reply = ask(core, "does google own anthropic")
    assert _said(reply).startswith("No"), _said(reply)  # Google invested; it does not own Anthropic
    _answers(core, "how much of openai does microsoft own", "27%")  # a stake, asked as one


def test_taking_over_at_a_company_is_its_role_not_buying_it(core: Core) -> None:
    reply = _answers(core, "who took over at intel", "Lip-Bu Tan")
    assert "Habana" not in _said(reply)
    _answers(core, "who took over deepmind", "Google acquired")


def test_an_organization_the_person_joined_later_is_no_earlier_role(core: Core) -> None:
    # the statement of Pichai becoming Google's CEO names Alphabet, which he led only later
    _declines(core, "what was sundar pichai's job before ceo", "nothing on what Sundar Pichai did before")
    _answers(core, "what did karandeep anand do before character.ai", "Meta")


def test_a_descriptor_after_a_companys_name_means_another_company(core: Core) -> None:
    for question in ("who is ceo of stability inc the bank", "who founded perplexity labs europe"):
        reply = ask(core, question)
        assert not reply.answered, _said(reply)
    _answers(core, "who runs openai inc", "Sam Altman")


def test_a_board_seat_told_only_in_prose_answers_yes(core: Core) -> None:
    _answers(core, "did james cameron join stability's board", "Yes — Filmmaker James Cameron")
    reply = ask(core, "is sam altman ceo of microsoft")
    assert _said(reply).startswith("No"), _said(reply)


def test_when_someone_left_is_the_end_of_their_role_there_or_not_known(core: Core) -> None:
    _answers(core, "when did mira murati leave openai", "Mira Murati left OpenAI on 25 September 2024")
    _answers(core, "when did igor babuschkin leave xai", "August 13, 2025")  # told only in prose
    # no end of a role there and no leaving on record: not their later jobs, nor someone else's leaving
    _declines(core, "when did dario leave openai", "no record of when Dario Amodei left OpenAI")
    reply = _declines(core, "when did sam altman leave openai", "Sam Altman")
    assert "Musk" not in _said(reply)


def test_how_to_questions_are_declined_not_answered_with_a_release(core: Core) -> None:
    for question in ("how do i clone my voice with elevenlabs", "how can i get access to gpt-4"):
        _declines(core, question, "how to do something")
    _answers(core, "how did openai start", "December 2015")


def test_when_a_company_was_founded_is_its_founding_not_each_cofounders_story(core: Core) -> None:
    reply = _answers(core, "when was xai founded", "July 12, 2023")
    assert "Babuschkin" not in _said(reply) and not reply.fields
    reply = _answers(core, "when was xai founded and by who", "Elon Musk")
    assert reply.fields  # asked who too: the founders, each with their date


def test_a_yes_no_needs_the_words_it_asks_about_in_the_fact(core: Core) -> None:
    # 'own' is not said by the AMD GPU deal; 'apple' is not 'Applications' nor one word in three
    _declines(core, "does openai make its own chips", "Not that I know of")
    _declines(core, "did apple music partner with openai", "Not that I know of")
    _answers(core, "is demis hassabis a nobel laureate", "Yes", "Nobel Prize")


def test_a_longer_name_beside_a_known_one_is_not_the_known_pair(core: Core) -> None:
    reply = _declines(core, "when did google brain and deepmind merge", "nothing on “Google Brain”")
    assert not reply.text.startswith("Google acquired")


def test_one_word_found_in_several_companies_things_names_none_of_them(core: Core) -> None:
    # 'large' is in Alibaba's and iFlytek's 'large language model': no one product was named
    for question in ("when did large come out", "when did the language model come out"):
        reply = ask(core, question)
        assert not reply.answered and "Alibaba" not in reply.text and "iFlytek" not in reply.text
    _answers(core, "who bought habana labs", "Intel")  # a name only one fact holds still answers


def test_a_two_word_cue_with_the_name_between_its_words(core: Core) -> None:
    _answers(core, "who put deepseek together", "Liang Wenfeng")
    _answers(core, "who set mistral up", "Arthur Mensch")
    _answers(core, "who founded together ai", "Vipul Ved Prakash")  # the company's own name still reads


def test_putting_money_into_a_company_is_an_investment(core: Core) -> None:
    _answers(core, "how much is nvidia putting into openai", "$100 billion")
    # 'all together' asks for a total, and is no mention of Together AI
    reply = ask(core, "how much did msft put into openai all together")
    assert not reply.answered and reply.text.startswith("I have no stated total")


def test_the_cue_of_an_after_clause_is_not_what_is_asked(core: Core) -> None:
    # 'left' belongs to 'after Shazeer left for Google'; the question is who ran it then
    reply = _answers(core, "who ran character.ai after shazeer left for google", "Dominic Perella")
    assert "co-founded" not in reply.text
    _answers(core, "when did murati leave openai", "25 September 2024")  # 'leave' alone is still asked


def test_a_one_letter_name_is_no_name_inside_other_things_names(core: Core) -> None:
    # X Corp. released nothing on record: not Naver's 'HyperCLOVA X', nor its CEO's announced exit
    reply = ask(core, "when did x come out")
    assert not reply.answered and "HyperCLOVA" not in reply.text and "Yaccarino" not in reply.text
    _answers(core, "who launched thinking machines", "Mira Murati")  # launching a lab is its founding


def test_part_of_a_year_and_co_founders_are_read(core: Core) -> None:
    reply = _answers(core, "who was ceo of character.ai in late 2024", "Dominic Perella")
    assert reply.text.startswith("In September–December 2024")
    _answers(core, "who are perplexity's co-founders", "Denis Yarats")


def test_where_someone_went_and_when_they_left_without_naming_the_place(core: Core) -> None:
    # the organization is the one whose role they left last, never one they still work at
    _answers(core, "where'd daniel gross go", "joined Meta")
    _answers(core, "when did igor babuschkin leave", "August 13, 2025")
    reply = _answers(core, "when did mira murati leave", "25 September 2024")
    assert reply.text.startswith("Mira Murati left OpenAI")
    assert "left OpenAI" not in ask(core, "when did sam altman leave").text  # still its CEO


def test_a_total_adds_what_the_investor_put_in_not_the_rounds_it_joined(core: Core) -> None:
    # 'OpenAI ($50 billion in a $110 billion round)': Amazon's $50 billion, not the round's $110 billion
    reply = _answers(core, "how much has amazon put into openai all together", "$50 billion")
    assert "$110 billion." not in reply.text
    # Nvidia's ended letter of intent (up to $100 billion) is listed, not added to its $30 billion
    assert ask(core, "how much has nvidia put into openai all together").text.startswith(
        "One tranche on record (27 February 2026): $30 billion."
    )
    # Thrive led a $6.6 billion round; its own part is not in the fact: no sum is made up
    assert not ask(core, "how much has thrive capital put into openai all together").answered


def test_a_kind_of_thing_names_no_thing_and_no_one_releases_a_company(core: Core) -> None:
    for question in ("when did the app come out", "when did the model come out"):
        reply = ask(core, question)
        assert not reply.answered and "Qwen" not in reply.text and "Magic" not in reply.text
    assert "Magic" not in ask(core, "when did the model come out of google").text


def test_when_someone_left_is_their_fact_of_leaving(core: Core) -> None:
    _answers(core, "when did karpathy leave openai", "mid-February 2024")
    _answers(core, "when did karpathy leave", "mid-February 2024")  # his last departure, not Tesla's
    _answers(core, "when did john schulman leave openai", "August 5-6, 2024")


def test_one_of_a_group_of_investors_stored_as_one_subject_invested(core: Core) -> None:
    # 'Andreessen Horowitz, Sequoia Capital, DST Global and SV Angel | invested_in | Safe Superintelligence'
    reply = _answers(core, "did a16z invest in ssi", "Andreessen Horowitz")
    assert reply.text.startswith("Yes")
    assert ask(core, "did google invest in ssi").text.startswith("No")


def test_a_role_asked_of_two_companies_without_who_answers_both(core: Core) -> None:
    reply = _answers(core, "ceo of nvidia and amd", "Jensen Huang", "Lisa Su")
    assert "nothing on" not in reply.text
    _answers(core, "who runs openai or anthropic", "Sam Altman", "Dario Amodei")
    assert not ask(core, "is the ceo of nvidia and amd the same").text.startswith("Jensen")  # no split
    # '&' is folded away like every sign: the names still stand joined, and a name with '&' stays one name
    reply = _answers(core, "ceos of openai & anthropic", "Sam Altman", "Dario Amodei")
    assert "nothing on" not in reply.text
    _answers(core, "who founded weights & biases", "Lukas Biewald")


def test_a_release_question_is_not_answered_with_an_announced_deal(core: Core) -> None:
    # Lambda's facts say a round and an agreement were 'announced'; neither is something it released
    for question in ("when was lamda released", "when did lambda release its first product"):
        reply = ask(core, question)
        assert "Series E" not in _said(reply) and "agreement" not in _said(reply), _said(reply)
        assert not reply.answered
    _answers(core, "when did mistral release its first model", "September 27, 2023")


def test_a_leaving_in_part_of_a_year_is_one_that_happened_then(core: Core) -> None:
    reply = _answers(core, "who left openai in late 2024", "Bob McGrew")
    assert "Karpathy" not in _said(reply) and "Schulman" not in _said(reply)  # February and August


def test_put_out_is_released(core: Core) -> None:
    _answers(core, "whats the first model anthropic put out", "March 14, 2023")
    _answers(core, "what did anthropic put out in 2024", "Claude 3")
    _answers(core, "how much did microsoft put into openai", "$1 billion")  # 'put into' stays investing


def test_what_a_company_makes_with_no_release_on_record_is_what_the_company_is(core: Core) -> None:
    _answers(core, "what does groq make", "LPU")
    _answers(core, "wat does groq make", "LPU")
    # a company with releases on record is answered with them, not its description
    assert "ChatGPT" in _said(_answers(core, "what does openai make"))


def test_a_bare_surname_names_the_namesake_tied_to_the_organization_asked_about(core: Core) -> None:
    # 'Wang' alone is Wang Xiaochuan's alias, but the Wang of Scale AI is Alexandr Wang
    reply = _answers(core, "who's in charge at scale ai after wang bounced", "Droege")
    assert "Xiaochuan" not in _said(reply)


def test_an_everyday_word_a_letter_short_of_a_name_is_not_that_name(core: Core) -> None:
    reply = ask(core, "write a limerick about my boss")
    assert not reply.answered and "Habib" not in _said(reply), _said(reply)
    _answers(core, "who is the ceo of writer", "May Habib")
    _answers(core, "who runs stablity now", "Akkaraju")  # a typo inside the word is still corrected


def test_whether_a_move_was_smart_is_an_opinion(core: Core) -> None:
    _declines(core, "was microsoft smart to hire suleyman 🤔", "opinion")
    assert "opinion" not in _said(ask(core, "when did meta launch its smart glasses"))


def test_a_surname_alias_does_not_hand_a_person_a_namesakes_jobs(core: Core) -> None:
    said = _said(_answers(core, "who is wang", "Baichuan"))
    assert "Windsurf" not in said and "Meta" not in said and "Scale AI" not in said, said


def test_a_round_named_by_its_letter_is_that_round_or_not_known(core: Core) -> None:
    _answers(core, "when did figure ai raise its series b", "February 2024")
    _declines(core, "when did figure ai raise its series c", "Series C")


def test_the_latest_release_is_the_newest_on_record_and_says_so(core: Core) -> None:
    # a product's newest release, not the newest news that names it (xAI's February 2026 reorganisation)
    said = _said(_answers(core, "latest grok?", "Latest on record", "Grok 4"))
    assert "reorganised" not in said, said
    _answers(core, "what's the latest claude model", "Latest on record (22 May 2025)", "Claude Opus 4")


def test_what_came_after_a_product_is_its_makers_next_release_or_not_known(core: Core) -> None:
    said = _said(_answers(core, "what came after gpt-4o", "o1"))
    assert "introduced GPT-4o" not in said, said  # never the product's own launch again
    _answers(core, "what came before gpt-4", "ChatGPT")
    _declines(core, "what came after gpt-5.2", "no release by OpenAI after GPT-5.2")
    _declines(core, "which o-series model came after o1")  # a series the record does not mark


def test_a_round_word_alone_finds_no_fact_by_its_words(core: Core) -> None:
    # 'round' is set aside for a funding question; no word left must not match every fact (the IPO filing)
    said = _said(_answers(core, "anthropic's latest funding round", "invest"))
    assert "registration statement" not in said, said


def test_where_someone_is_now_without_an_open_role_is_their_latest_move(core: Core) -> None:
    leike = _answers(core, "where does jan leike work now", "joined Anthropic")
    assert leike.text.startswith("Latest on record (May 2024)")
    _answers(core, "where is daniel gross now", "joined Meta", "29 June 2025")  # a founding is no job today
    _answers(core, "where does mira murati work now", "CEO of Thinking Machines Lab")  # an open role: that one
    _answers(core, "where did david luan go after adept", "Amazon hired")  # being hired is a move


def test_a_companys_seed_round_is_that_round(core: Core) -> None:
    seed = _answers(core, "who led mistral's seed round", "Lightspeed")
    assert "Series" not in _said(seed)


def test_a_yes_no_about_two_names_needs_a_fact_saying_the_deed(core: Core) -> None:
    _declines(core, "did xai open source grok", "Not that I know of")
    _answers(core, "did microsoft partner with mistral", "Yes", "partnership")
    _answers(core, "did amd actually close the xilinx deal", "Yes")


def test_was_someone_ever_in_a_role_is_that_role_or_no_record(core: Core) -> None:
    _answers(core, "was greg brockman ever cto", "Yes", "CTO")
    _answers(core, "was mira murati ever ceo", "Yes", "CEO")
    _declines(core, "was demis hassabis ever cto", "no record of Demis Hassabis as CTO")


def test_after_someone_came_back_is_a_time_not_who_followed_them(core: Core) -> None:
    reply = ask(core, "who stayed on after sam altman came back")
    assert "After Sam Altman" not in _said(reply)
    _answers(core, "who replaced sam altman after he was fired", "Murati")


def test_where_a_companys_former_officer_went_is_their_next_role(core: Core) -> None:
    _answers(core, "where did windsurf's ceo go", "Varun Mohan", "Google")  # an interim CEO stands in
    _answers(core, "where did adept's ceo go", "David Luan", "Amazon")  # no CEO since


def test_buying_is_not_answered_with_a_merger_unless_a_merger_is_asked(core: Core) -> None:
    reply = ask(core, "when did google buy google deepmind")
    assert "merged" not in _said(reply)
    _answers(core, "when did google buy deepmind", "January 2014")


def test_who_made_a_company_is_who_founded_it_not_what_it_released(core: Core) -> None:
    _answers(core, "who made midjourney", "David Holz")
    reply = _answers(core, "who made stable diffusion", "Stability AI")
    assert "founded" not in _said(reply)


def test_a_yes_no_about_a_person_and_a_company_needs_the_deed_asked(core: Core) -> None:
    _declines(core, "did openai sue elon musk", "Not that I know of")
    _answers(core, "didn't karpathy work at tesla at some point", "Yes")
    _answers(core, "did john schulman join anthropic", "Yes", "Anthropic")


def test_where_a_companys_officer_went_is_not_asked_of_one_still_there(core: Core) -> None:
    reply = ask(core, "where did openai's ceo go")
    assert "Emmett Shear" not in reply.text and "Mira Murati" not in reply.text
    reply = ask(core, "where did google's ceo go")
    assert "Larry Page was" not in reply.text


def test_when_someone_left_with_nothing_left_on_record_is_no_record_not_their_jobs(core: Core) -> None:
    _declines(core, "when did sam altman leave", "no record of Sam Altman leaving", "CEO of OpenAI")
    _answers(core, "when did mira murati leave", "September 2024")


def test_a_leave_of_absence_is_not_leaving_the_company(core: Core) -> None:
    _answers(core, "when did greg brockman go on leave", "sabbatical", "August 2024")


def test_who_had_the_job_before_someone_is_their_predecessor(core: Core) -> None:
    # McCandlish's tenure has no start on record; it ended as Patil's began
    _answers(core, "who had the job before rahul patil", "Sam McCandlish")
    _answers(core, "who did rahul patil replace", "Sam McCandlish")
    _answers(core, "what was fidji simo's job before openai", "Instacart")  # her job, not her predecessor


def test_the_role_someone_holds_is_not_a_trace_of_where_they_were_before(core: Core) -> None:
    # 'CEO of humanoid-robot company Figure AI' names no company but Figure AI
    _declines(core, "what did brett adcock do before figure ai", "nothing on what Brett Adcock did before Figure AI")


def test_when_someone_joined_a_company_is_their_first_role_there_said_as_that(core: Core) -> None:
    reply = _answers(core, "when did andrej karpathy join tesla", "head of AI of Tesla", "2017")
    assert "Anthropic" not in _said(reply)  # not his joining somewhere else, told in a fact naming Tesla
    # a first role on record is not claimed as the joining (Murati was at OpenAI before she was CTO)
    assert "joined" not in ask(core, "when did mira murati join openai").text


def test_what_happened_to_the_previous_officer_is_where_they_went(core: Core) -> None:
    _answers(core, "what happened to the previous ceo of safe superintelligence", "Daniel Gross", "Meta")
    _answers(core, "what happened to openai's previous cto", "Mira Murati", "Thinking Machines Lab")


def test_two_makers_products_named_side_by_side_are_one_name_the_base_lacks(core: Core) -> None:
    _declines(core, "when did anthropic release claude nova", "I have no record of Claude Nova.")
    _answers(core, "when did anthropic release claude 2", "July 2023")


def test_someones_company_before_another_is_their_earlier_role(core: Core) -> None:
    _answers(core, "what was mustafa suleyman's company before microsoft", "Inflection AI")
    _declines(core, "what was brett adcock's company before figure", "nothing on what Brett Adcock did before")


def test_a_founder_question_naming_only_where_someone_went_is_declined(core: Core) -> None:
    # Meta is where the cofounder went, not what they founded: Meta's founding is no answer
    _declines(core, "which cofounder left for meta", "I have nothing on “cofounder left for meta”.")
    _answers(core, "who cofounded meta", "Zuckerberg")


def test_where_someone_came_from_is_their_roles_before_the_latest(core: Core) -> None:
    _answers(core, "where did john giannandrea come from", "from Google in 2018")
    _answers(core, "where did alexandr wang come from", "Before Meta (30 June 2025)", "Scale AI")
    _declines(core, "where did jensen huang come from", "I have nothing on what Jensen Huang did before NVIDIA.")
