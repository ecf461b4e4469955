"""Results, summary and PDF come from a cache keyed on the diary's version.

Each kind of change (a night saved, edited or imported, a trial started, an
unblinding, the profile saved) must show at once; a blinded trial's result
must never be shown or stored before unblinding.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from krampe.domain.trial.design import build_design, design_to_dict
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.diary import versions
from krampe.web.diary.models import Night, Trial
from krampe.web.reports.models import CachedReport

pytestmark = pytest.mark.django_db


def _night(date: dt.date, cramps: int) -> dict[str, str]:
    return {
        "date": date.isoformat(),
        "cramps": str(cramps),
        "worst_pain": "6" if cramps else "",
        "awakenings": "0",
        "took_dose": "yes",
        "stretched": "no",
        "side_effect": "none",
        "note": "",
    }


@pytest.fixture
def person(client, django_user_model):
    user = django_user_model.objects.create_user("cached", password="calf-stretch-2026")
    client.force_login(user)
    return user


def _today() -> dt.date:
    return timezone.localdate()


def weeks_table(client) -> str:
    """The results page's weekly numbers (the chart's own ids change on every drawing)."""
    html = client.get("/results/").content.decode()
    match = re.search(r"<caption class=\"vh\">.*?</tbody>", html, re.S)
    assert match, "no weekly table on the results page"
    return match.group(0)


def _cached_kinds(user) -> set[str]:
    return set(CachedReport.objects.filter(user=user).values_list("kind", flat=True))


def test_the_second_view_is_served_from_the_cache(client, person, django_assert_max_num_queries):
    client.post("/log/", _night(_today() - dt.timedelta(days=3), 2))
    first = weeks_table(client)
    assert _cached_kinds(person) == {"results"}
    # session, person, trial (none: also the latest), then one cache lookup
    with django_assert_max_num_queries(5):
        assert weeks_table(client) == first


def test_a_saved_night_appears_in_the_results_at_once(client, person):
    client.post("/log/", _night(_today() - dt.timedelta(days=9), 1))
    before = weeks_table(client)
    client.post("/log/", _night(_today() - dt.timedelta(days=1), 7))
    after = weeks_table(client)
    assert after != before
    assert after.count("<tr>") == before.count("<tr>") + 1  # a second week


def test_an_edited_night_appears_at_once(client, person):
    client.post("/log/", _night(_today() - dt.timedelta(days=2), 1))
    before = weeks_table(client)
    night = Night.objects.get(user=person)
    client.post(f"/log/{night.pk}/", _night(night.date, 9))
    assert weeks_table(client) != before
    assert "9,0" in weeks_table(client)


def test_an_imported_diary_appears_at_once(client, person):
    client.post("/log/", _night(_today() - dt.timedelta(days=2), 1))
    before = weeks_table(client)
    day = (_today() - dt.timedelta(days=20)).isoformat()
    csv = (
        "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"
        f"{day},baseline,3,5,1,,,none,\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("diary.csv", csv.encode(), content_type="text/csv")
    response = client.post("/data/import/", {"diary": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    assert weeks_table(client) != before


def test_a_started_trial_appears_at_once(client, person):
    client.post("/log/", _night(_today() - dt.timedelta(days=2), 1))
    assert "Start a trial" in client.get("/results/").content.decode() or (
        "Start et forsøg" in client.get("/results/").content.decode()
    )
    version = versions.current(person.pk)
    client.post("/trial/start/", {"kind": "open", "start": _today().isoformat()})
    assert versions.current(person.pk) != version
    html = client.get("/results/").content.decode()
    assert 'href="/trial/start/"' not in html.split('id="main"')[1]


def test_a_saved_profile_appears_in_the_summary_at_once(client, person):
    from krampe.web.profiles.models import HealthProfile

    assert "67 år" not in client.get("/summary/").content.decode()
    HealthProfile.objects.create(
        user=person,
        data={
            "age": 67,
            "sex": "female",
            "medicines": [],
            "conditions": [],
            "symptoms": [],
            "cramps_per_week": 4,
            "takes_magnesium": False,
        },
    )
    assert "67 år" in client.get("/summary/").content.decode()


def _finished_blinded_trial(user) -> Trial:
    start = _today() - dt.timedelta(days=100)
    design = build_design("blinded", start, 11)
    trial = Trial.objects.create(
        user=user, kind="blinded", start=start, seed=11, design=design_to_dict(design)
    )
    for n in simulate_diary(design, 0.5, seed=3):
        Night.objects.create(
            user=user,
            date=n.date,
            phase="run_in" if n.phase == "run_in" else "",
            cramps=n.cramps or 0,
            worst_pain=n.worst_pain if n.cramps else None,
            awakenings=n.awakenings or 0,
            took_dose=n.took_dose,
            side_effect=n.side_effect or "none",
        )
    return trial


def test_a_blinded_result_is_never_cached_or_shown_before_unblinding(client, person):
    person.language = "en"
    person.save(update_fields=["language"])
    trial = _finished_blinded_trial(person)
    results = client.get("/results/").content.decode()
    summary = client.get("/summary/").content.decode()
    assert client.get("/summary.pdf").status_code == 200
    assert "<svg" not in results and "What each period held" not in results
    assert "The result stays hidden" in summary and "Placebo" not in summary
    # The summary and its PDF are cached in their hidden form; the results not at all.
    assert _cached_kinds(person) == {"summary", "summary-pdf"}
    for body in CachedReport.objects.filter(user=person).values_list("body", flat=True):
        assert b"Placebo" not in bytes(body) and b"placebo compared" not in bytes(body)

    client.post(f"/trial/{trial.pk}/unblind/")
    results = client.get("/results/").content.decode()
    summary = client.get("/summary/").content.decode()
    assert "What each period held" in results and "<svg" in results
    assert "magnesium compared with placebo" in summary and "Placebo" in summary


def test_a_new_blinded_trial_hides_the_cached_open_result(client, person):
    person.language = "en"
    person.save(update_fields=["language"])
    for back in range(3, 10):
        client.post("/log/", _night(_today() - dt.timedelta(days=back), 2))
    assert "<svg" in client.get("/results/").content.decode()
    client.post("/trial/start/", {"kind": "blinded", "start": _today().isoformat()})
    html = client.get("/results/").content.decode()
    assert "<svg" not in html and "hidden until the trial ends" in html
    summary = client.get("/summary/").content.decode()
    assert "data:image/svg+xml" not in summary and "The result stays hidden" in summary


def test_the_cache_goes_with_the_account(client, person):
    client.post("/log/", _night(_today() - dt.timedelta(days=2), 1))
    client.get("/results/")
    assert CachedReport.objects.filter(user=person).exists()
    person.delete()
    assert not CachedReport.objects.exists()
