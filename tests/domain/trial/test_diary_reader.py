"""Every way a diary file can be odd: read with a warning, or an error with its line."""

import datetime as dt

import pytest

from krampe.domain.trial.diary import (
    CSV_HEADER,
    DiaryError,
    decode_diary,
    parse_diary,
    parse_diary_csv,
)

HEADER = ",".join(CSV_HEADER)
ROWS = "2025-01-06,baseline,2,5,1,0,0,none,ærgerligt\n2025-01-07,baseline,0,,0,0,0,none,\n"


def _errors(text, **kwargs):
    with pytest.raises(DiaryError) as caught:
        parse_diary_csv(text, **kwargs)
    return caught.value


def test_utf8_with_and_without_bom_reads_silently():
    for data in ((HEADER + "\n" + ROWS).encode(), ("\ufeff" + HEADER + "\n" + ROWS).encode()):
        decoded = decode_diary(data)
        assert decoded.warnings == ()
        assert parse_diary_csv(decoded.text)[0].note == "ærgerligt"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_danish_excel_encoding_is_read_with_a_warning(encoding):
    decoded = decode_diary((HEADER + "\n" + ROWS).encode(encoding))
    assert decoded.encoding in ("cp1252", "latin-1")
    assert "not UTF-8" in decoded.warnings[0] and "line 2" in decoded.warnings[0]
    assert parse_diary_csv(decoded.text)[0].note == "ærgerligt"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_recognised_with_a_warning(encoding):
    decoded = decode_diary((HEADER + "\n" + ROWS).encode(encoding))
    assert "UTF-16" in decoded.warnings[0]
    assert len(parse_diary_csv(decoded.text)) == 2


def test_binary_is_an_error_not_a_crash():
    with pytest.raises(DiaryError, match="line 1: the file is not a text"):
        decode_diary(bytes(range(256)) * 8)


def test_semicolon_file_is_read_and_explained():
    text = HEADER.replace(",", ";") + "\n" + ROWS.replace(",", ";")
    parsed = parse_diary(text)
    assert len(parsed.nights) == 2
    assert "';'" in parsed.warnings[0] and "Danish Excel" in parsed.warnings[0]


def test_sep_line_from_excel_is_honoured_and_lines_still_count():
    text = "sep=;\n" + HEADER.replace(",", ";") + "\n2025-01-06;vitamin;1;2;0;0;0;none;\n"
    error = _errors(text)
    assert error.line == 3 and error.column == "phase"


def test_decimal_comma_whole_number_is_accepted_and_a_fraction_explained():
    text = HEADER.replace(",", ";") + "\n2025-01-06;baseline;2,0;5;1;0;0;none;\n"
    assert parse_diary_csv(text)[0].cramps == 2
    error = _errors(HEADER + "\n2025-01-06,baseline,1.5,5,1,0,0,none,\n")
    assert "line 2, column 3 (cramps): '1.5' is a decimal number" in str(error)


def test_unterminated_quote_at_the_end_names_its_line():
    text = (
        HEADER
        + "\n"
        + ROWS
        + '2025-01-08,baseline,1,3,0,0,0,none,"oops\n2025-01-09,baseline,1,3,0,0,0,none,\n'
    )
    error = _errors(text)
    assert error.line == 4 and "never closed" in str(error)


def test_quote_that_swallows_rows_until_a_later_quote_is_an_error():
    rows = [f"2025-01-{d:02d},baseline,1,3,0,0,0,none," for d in range(10, 16)]
    rows[1] += '"opens'
    rows[4] += 'closes"'
    text = HEADER + "\n" + "\n".join(rows) + "\n"
    error = _errors(text)
    assert error.line == 3 and "not closed before the next row" in str(error)


def test_a_quoted_note_with_a_line_break_is_still_fine():
    text = HEADER + '\n2025-01-06,baseline,1,3,0,0,0,none,"line one\nline two"\n'
    assert parse_diary_csv(text)[0].note == "line one\nline two"


@pytest.mark.parametrize("value", ["2025-W02-3", "20250107", "2025-1-7", "07-01-2025"])
def test_only_yyyy_mm_dd_dates(value):
    error = _errors(f"{HEADER}\n{value},baseline,1,3,0,0,0,none,\n")
    assert (error.line, error.column) == (2, "date") and "YYYY-MM-DD" in str(error)


def test_implausible_years_are_errors():
    error = _errors(f"{HEADER}\n0001-01-07,baseline,1,3,0,0,0,none,\n")
    assert (error.line, error.column) == (2, "date") and "check the year" in str(error)
    future = _errors(f"{HEADER}\n2031-01-07,baseline,1,3,0,0,0,none,\n", today=dt.date(2026, 12, 1))
    assert "check the year" in str(future)


def test_a_long_diary_is_read_row_by_row():
    start = dt.date(2000, 1, 1)
    rows = "".join(
        f"{(start + dt.timedelta(days=i)).isoformat()},baseline,1,3,0,0,0,none,\n"
        for i in range(9000)
    )
    nights = parse_diary_csv(HEADER + "\n" + rows)
    assert len(nights) == 9000


def test_thousands_of_bad_rows_show_the_first_fifty_and_a_count():
    rows = "".join(f"2025-01-01,vitamin{i},1,3,0,0,0,none,\n" for i in range(200))
    error = _errors(HEADER + "\n" + rows)
    assert len(error.issues) == 200  # every bad row is kept
    text = str(error)
    assert text.count("\n") == 50 and "and 150 more problems" in text


def test_one_problem_past_the_fifty_shown_is_one_problem():
    rows = "".join(f"2025-01-01,vitamin{i},1,3,0,0,0,none,\n" for i in range(51))
    text = str(_errors(HEADER + "\n" + rows))
    assert text.endswith("and 1 more problem")
