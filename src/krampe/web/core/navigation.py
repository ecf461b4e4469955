"""Which place of the menu a page belongs to, so that the menu can mark it.

The phone's bottom bar has four places (today, log, results, more); the
desktop's top menu adds the plan, the health check and Learn. A page that is
none of these belongs to "more", where every page is listed.
"""

from __future__ import annotations

from django.http import HttpRequest

# URL name -> the menu place it belongs to. Names not listed belong to "more".
SECTIONS: dict[str, str] = {
    "home": "today",
    "log_night": "log",
    "edit_night": "log",
    "results": "results",
    "unblind": "results",
    "doctor_summary": "results",
    "plan": "plan",
    "trial_start": "plan",
    "helper_link": "plan",
    "profile": "health",
    "screening": "health",
    "learn": "learn",
    "learn_evidence": "learn",
    "learn_forms": "learn",
    "learn_foods": "learn",
    "learn_medicines": "learn",
    "learn_strategies": "learn",
    "learn_doctor": "learn",
}
# The bottom bar has only four places: the plan, the health check and Learn are under "more".
PHONE_PLACES = ("today", "log", "results")


def section_of(url_name: str | None) -> str:
    """The menu place of a page by its URL name ("more" for any other page)."""
    return SECTIONS.get(url_name or "", "more")


def navigation(request: HttpRequest) -> dict[str, object]:
    """Template context: ``nav`` with the page's URL name, its place, and its phone place."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    section = section_of(url_name)
    return {
        "nav": {
            "page": url_name or "",
            "section": section,
            "phone": section if section in PHONE_PLACES else "more",
        }
    }
