"""The overview's first-run path: steps in order, done marks, and the one next step."""

from hypothesis import given
from hypothesis import strategies as st

from krampe.domain.first_run import STEPS, first_run


def test_a_new_person_starts_with_the_health_check():
    path = first_run({}, plan_allowed=True, trial_allowed=True)
    assert [s.step for s in path.steps] == ["health", "diet", "plan", "trial"]
    assert not any(s.done or s.blocked for s in path.steps)
    assert path.next == "health" and not path.health_done


def test_the_next_step_is_the_first_not_done_and_none_when_all_are_done():
    done = {"health": True, "diet": True}
    path = first_run(done, plan_allowed=True, trial_allowed=True)
    assert path.next == "plan" and path.health_done
    assert [s.done for s in path.steps] == [True, True, False, False]
    skipped_diet = first_run({"health": True, "plan": True}, plan_allowed=True, trial_allowed=True)
    assert skipped_diet.next == "diet"
    everything = dict.fromkeys(STEPS, True)
    assert first_run(everything, plan_allowed=True, trial_allowed=True).next is None


def test_steps_the_health_check_rules_out_are_never_next():
    # "See a doctor first": no supplement plan, a stretching trial is still allowed.
    path = first_run({"health": True, "diet": True}, plan_allowed=False, trial_allowed=True)
    assert [s.blocked for s in path.steps] == [False, False, True, False]
    assert path.next == "trial"
    # Urgent: neither; the next thing is to read the health check's result.
    urgent = first_run({"health": True, "diet": True}, plan_allowed=False, trial_allowed=False)
    assert urgent.next == "health_result"
    # Before the health check nothing is known, so nothing is blocked.
    assert not any(s.blocked for s in first_run({}, plan_allowed=False, trial_allowed=False).steps)


@given(
    st.fixed_dictionaries({s: st.booleans() for s in STEPS}),
    st.booleans(),
    st.booleans(),
)
def test_the_next_step_is_never_done_or_blocked(done, plan_allowed, trial_allowed):
    path = first_run(done, plan_allowed=plan_allowed, trial_allowed=trial_allowed)
    states = {s.step: s for s in path.steps}
    if path.next in states:
        assert not states[path.next].done and not states[path.next].blocked
        assert all(s.done or s.blocked for s in path.steps[: STEPS.index(path.next)])
    elif path.next is None:
        assert all(s.done or s.blocked for s in path.steps)
        assert not any(s.blocked and not s.done for s in path.steps)
