"""The first-run path on the overview: the four steps in order, with done marks, and the next one.

A new person goes health check → diet → plan → trial. A step the health check rules out
(no supplement plan, or no trial, while a doctor should come first) is not offered as
the next step; then the next step is to read the health check's result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Step = Literal["health", "diet", "plan", "trial"]
STEPS: tuple[Step, ...] = ("health", "diet", "plan", "trial")
# The next thing to do: a step, or reading the health check's result when it blocks the rest.
NextStep = Literal["health", "diet", "plan", "trial", "health_result"]


@dataclass(frozen=True)
class StepState:
    step: Step
    done: bool
    blocked: bool  # the health check rules it out for now


@dataclass(frozen=True)
class FirstRun:
    steps: tuple[StepState, ...]
    next: NextStep | None  # None once every step that may be done is done

    @property
    def health_done(self) -> bool:
        """Whether the health check is done (the nightly log is offered only after it)."""
        return self.steps[0].done


def first_run(done: Mapping[str, bool], *, plan_allowed: bool, trial_allowed: bool) -> FirstRun:
    """The steps with their marks and the next one, from what is done and what is allowed.

    Before the health check nothing is known, so plan and trial are not blocked yet.
    """
    health = bool(done.get("health"))
    blocked: dict[Step, bool] = {
        "health": False,
        "diet": False,
        "plan": health and not plan_allowed,
        "trial": health and not trial_allowed,
    }
    steps = tuple(StepState(s, bool(done.get(s)), blocked[s]) for s in STEPS)
    next_step: NextStep | None = next((s.step for s in steps if not s.done and not s.blocked), None)
    if next_step is None and any(s.blocked and not s.done for s in steps):
        next_step = "health_result"
    return FirstRun(steps=steps, next=next_step)
