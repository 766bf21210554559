from datetime import date

import pytest

from factbot.bot.domain import dates
from factbot.bot.domain.errors import BadArgument


@pytest.mark.parametrize("value", ["2024", "2024-06", "2024-02-29", " 2019-12-03 "])
def test_partial_dates_are_accepted(value: str) -> None:
    assert dates.parse(value) == value.strip()


@pytest.mark.parametrize("value", ["2024-13", "2023-02-29", "24-06", "June 2024", "yesterday", "", "1800"])
def test_bad_dates_are_refused_with_the_field_name(value: str) -> None:
    with pytest.raises(BadArgument, match="start"):
        dates.parse(value, "start")


def test_a_partial_date_spans_its_whole_period() -> None:
    # Interim co-CEOs ended "2024-06" and the new CEO started "2024-06": both hold in June 2024.
    june = (date(2024, 6, 10), date(2024, 6, 10))
    assert dates.overlaps("2024-03-22", "2024-06", *june)
    assert dates.overlaps("2024-06", None, *june)
    assert not dates.overlaps("2024-07", None, *june)
    assert dates.is_current("2024-06", None, date(2026, 11, 28))
    assert not dates.is_current("2024-03-22", "2024-06", date(2026, 11, 28))
    assert not dates.is_current("2027", None, date(2026, 11, 28))


def test_human_forms() -> None:
    assert dates.human("2024-06") == "June 2024"
    assert dates.human("2024-03-22") == "22 March 2024"
    assert dates.span("2024-03-22", "2024-06") == "Mar–Jun 2024"
    assert dates.span("2011", "2015-08-10") == "2011–Aug 2015"
    assert dates.span(None, "2024-03-22") == "until Mar 2024"
    assert dates.span("2024-06", None) == "since June 2024"
