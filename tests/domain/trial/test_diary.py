import datetime as dt

import pytest

from krampe.domain.trial.diary import (
    CSV_HEADER,
    DiaryError,
    Night,
    format_diary_csv,
    parse_diary_csv,
)

HEADER = ",".join(CSV_HEADER)


def test_round_trip_keeps_every_field():
    nights = [
        Night(dt.date(2025, 1, 2), "baseline", 2, 6, 1, False, True, "none", "late, tired"),
        Night(dt.date(2025, 1, 1), "magnesium", 0, None, 0, True, None, "loose_stools", ""),
    ]
    parsed = parse_diary_csv(format_diary_csv(nights))
    assert parsed == sorted(nights, key=lambda n: n.date)


def test_blank_cramps_is_a_missing_night_not_zero():
    text = f"{HEADER}\n2025-01-01,baseline,,,,,,,forgot\n"
    (night,) = parse_diary_csv(text)
    assert night.cramps is None


def test_bad_cells_are_reported_with_line_and_column():
    text = (
        f"{HEADER}\n"
        "2025-01-01,baseline,1,3,0,0,0,none,\n"
        "2025-01-02,baseline,25,3,0,0,0,none,\n"
        "2025-01-03,vitamin,1,3,0,0,0,none,\n"
    )
    with pytest.raises(DiaryError) as caught:
        parse_diary_csv(text, source="d.csv")
    message = str(caught.value)
    assert "d.csv: line 3, column 3 (cramps): 25 is outside 0–20" in message
    assert "line 4, column 2 (phase)" in message
    assert caught.value.line == 3 and caught.value.column == "cramps"


def test_pain_required_when_there_were_cramps():
    with pytest.raises(DiaryError) as caught:
        parse_diary_csv(f"{HEADER}\n2025-01-01,baseline,2,,1,0,0,none,\n")
    assert caught.value.column == "worst_pain"


def test_duplicate_date_and_wrong_header_are_errors():
    with pytest.raises(DiaryError, match="already on line 2"):
        parse_diary_csv(
            f"{HEADER}\n2025-01-01,baseline,0,,0,0,0,none,\n2025-01-01,baseline,1,2,0,0,0,none,\n"
        )
    with pytest.raises(DiaryError, match="header"):
        parse_diary_csv("date,cramps\n2025-01-01,1\n")


def test_side_effect_and_yes_no_codes_are_checked():
    with pytest.raises(DiaryError) as caught:
        parse_diary_csv(f"{HEADER}\n2025-01-01,magnesium,0,,0,maybe,0,headache,\n")
    columns = {issue.column for issue in caught.value.issues}
    assert columns == {"took_dose", "side_effect"}
