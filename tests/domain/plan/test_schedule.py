"""The schedule never returns a time that breaks a rule, and explains when none exists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from krampe.domain.plan.schedule import (
    DAY,
    MedicineDoses,
    SpacingRule,
    Window,
    allowed,
    breaks_rule,
    find_times,
    make_window,
    parse_med,
    parse_time,
    rules_for_atc,
    split_mg,
)
from krampe.knowledge import loaders

KB_RULES = [SpacingRule.from_rule(r) for r in loaders.interaction_rules() if r.action == "space"]


def med(name: str, atc: str, *times: str) -> MedicineDoses:
    return MedicineDoses(name, atc, tuple(parse_time(t, "t") for t in times), rules_for_atc(atc))


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def test_issue_example_keeps_levothyroxine_and_ciprofloxacin_apart() -> None:
    window = make_window(parse_time("07:00", "w"), parse_time("23:00", "b"))
    meds = [med("Eltroxin", "H03AA01", "07:00"), med("Ciproxin", "J01MA02", "08:00", "20:00")]
    result = find_times(window, meds)
    # Allowed: 11:00-14:00 and 22:00-23:00; the preferred 21:30 is inside cipro's 6 h.
    assert [hhmm(t) for t in result.times] == ["22:00"]


def test_window_edges_are_allowed_and_inside_is_not() -> None:
    cipro = 8 * 60
    assert breaks_rule(cipro + 119, cipro, 120, 360)
    assert not breaks_rule(cipro + 120, cipro, 120, 360)
    assert breaks_rule(cipro - 359, cipro, 120, 360)
    assert not breaks_rule(cipro - 360, cipro, 120, 360)


def test_window_wraps_across_midnight() -> None:
    # Ciprofloxacin at 23:00 forbids magnesium until 01:00 and from 17:00.
    assert breaks_rule(30, 23 * 60, 120, 360)
    assert not breaks_rule(60, 23 * 60, 120, 360)
    # Levothyroxine at 01:00 forbids magnesium from 21:00 the evening before.
    assert breaks_rule(22 * 60, 60, 240, 240)


def test_a_zero_hour_side_never_allows_the_same_minute() -> None:
    # A rule with one side at 0 hours still forbids taking both at once.
    one_sided = SpacingRule("one_sided", "space", 2.0, 0.0)
    dose = MedicineDoses("x", "X00XX00", (20 * 60,), (one_sided,))
    assert not allowed(20 * 60, [dose])
    assert allowed(20 * 60 - 1, [dose])  # the open side stays open up to the minute before
    assert breaks_rule(20 * 60, 20 * 60, 0, 0)


@given(st.sampled_from(KB_RULES), st.integers(0, DAY - 1))
def test_no_knowledge_base_rule_allows_magnesium_with_the_medicine(
    rule: SpacingRule, minute: int
) -> None:
    dose = MedicineDoses("x", "X", (minute,), (rule,))
    assert not allowed(minute, [dose])


def test_one_sided_labels_get_the_cited_convention_on_the_other_side() -> None:
    # Source krampe_convention_spacing_other_side: gabapentin (neurontin_label) and
    # rosuvastatin (martin2008_rosuvastatin_antacid) give one order only.
    for atc, source in (
        ("N03AX12", "neurontin_label"),
        ("C10AA07", "martin2008_rosuvastatin_antacid"),
    ):
        (rule,) = rules_for_atc(atc)
        assert rule.before_h == rule.after_h == 2.0
        assert set(rule.sources) == {source, "krampe_convention_spacing_other_side"}
    gaba = med("gabapentin", "N03AX12", "20:00")
    result = find_times(make_window(7 * 60, 23 * 60), [gaba], preferred=20 * 60)
    assert [hhmm(t) for t in result.times] == ["18:00"]  # 2 h from gabapentin, not with it


def test_preferred_default_is_ninety_minutes_before_bed() -> None:
    result = find_times(make_window(6 * 60, 22 * 60), [])
    assert [hhmm(t) for t in result.times] == ["20:30"]


def test_night_shift_window_wraps_midnight() -> None:
    window = make_window(14 * 60, 5 * 60)  # up at 14:00, bed at 05:00
    result = find_times(window, [med("Eltroxin", "H03AA01", "03:00")])
    # Preferred 03:30 is within 4 h of levothyroxine; 23:00 is the closest allowed.
    assert [hhmm(t) for t in result.times] == ["23:00"]


def test_two_doses_are_at_least_four_hours_apart() -> None:
    window = make_window(7 * 60, 23 * 60)
    result = find_times(window, [med("Ciproxin", "J01MA02", "08:00", "20:00")], doses=2)
    first, second = result.times
    assert second - first >= 240
    # Cipro blocks 02:00-10:00 and 14:00-22:00: the nearest free minutes to 08:00 and 21:30.
    assert [hhmm(t) for t in result.times] == ["10:00", "22:00"]


def test_avoid_rule_is_never_feasible_and_is_named() -> None:
    raltegravir = med("Isentress", "J05AJ01", "08:00")
    result = find_times(make_window(7 * 60, 23 * 60), [raltegravir])
    assert not result.feasible and result.times == ()
    assert [c.rule.rule_id for c in result.conflicts] == ["raltegravir"]


def test_split_mg_sums_exactly() -> None:
    assert split_mg(200, 2) == (100, 100)
    assert split_mg(201, 2) == (100, 101)
    assert sum(split_mg(7, 2)) == 7


def test_parse_med() -> None:
    assert parse_med("Ciproxin@08:00,20:00") == ("Ciproxin", (480, 1200))


# --- properties ---------------------------------------------------------------

synthetic_rule = st.builds(
    lambda i, b, a: SpacingRule(f"synthetic_{i}", "space", b / 2, a / 2),
    st.integers(0, 999),
    st.integers(0, 20),  # half hours: 0 to 10 h
    st.integers(0, 20),
)
rule_strategy = st.one_of(st.sampled_from(KB_RULES), synthetic_rule)
medicine_strategy = st.builds(
    lambda i, rules, times: MedicineDoses(f"med{i}", "X", tuple(sorted(set(times))), tuple(rules)),
    st.integers(0, 99),
    st.lists(rule_strategy, min_size=1, max_size=2),
    st.lists(st.integers(0, DAY - 1), min_size=1, max_size=4),
)
window_strategy = st.tuples(st.integers(0, DAY - 1), st.integers(4 * 60, 20 * 60)).map(
    lambda wl: Window(wl[0], (wl[0] + wl[1]) % DAY)
)


def _minutes(window: Window) -> list[int]:
    return [window.minute(p) for p in range(window.length + 1)]


@settings(max_examples=150, deadline=None)
@given(
    window=window_strategy,
    medicines=st.lists(medicine_strategy, max_size=4),
    doses=st.sampled_from([1, 2]),
    preferred=st.one_of(st.none(), st.integers(0, DAY - 1)),
)
def test_every_returned_time_keeps_every_rule(
    window: Window, medicines: list[MedicineDoses], doses: int, preferred: int | None
) -> None:
    result = find_times(window, medicines, doses, preferred=preferred)
    waking = set(_minutes(window))
    for g in result.times:
        assert g in waking
        for m in medicines:
            for rule in m.rules:
                for t in m.times:
                    # Check across midnight independently: the dose a day earlier or later.
                    for shifted in (t - DAY, t, t + DAY):
                        d = g - shifted
                        assert not (-rule.after_min < d < rule.before_min), (g, t, rule)
    if result.feasible:
        assert 1 <= len(result.times) <= doses
        if len(result.times) == 2:
            first, second = (window.position(t) for t in result.times)
            assert second - first >= 60
    else:
        assert result.times == ()
        # The named conflicts really cover every waking minute.
        for g in waking:
            assert any(
                breaks_rule(g, c.dose_time, c.rule.before_min, c.rule.after_min)
                for c in result.conflicts
                if c.dose_time is not None
            ), g
        # And the search was right that no minute is free.
        assert not any(allowed(g, medicines) for g in waking)


@settings(max_examples=60, deadline=None)
@given(window=window_strategy, medicines=st.lists(medicine_strategy, max_size=3))
def test_feasible_whenever_some_waking_minute_is_free(
    window: Window, medicines: list[MedicineDoses]
) -> None:
    free = [g for g in _minutes(window) if allowed(g, medicines)]
    result = find_times(window, medicines)
    assert result.feasible == bool(free)
