"""Results, summary and PDF come from a cache keyed on the person's data version.

Each kind of change (a night saved, edited, imported, queued on a phone or
logged with one tap, a dose answered from a reminder, a trial started,
unblinded, extended or its design changed, the profile or the plan saved)
must show at once; a blinded trial's result is never computed, stored or
shown before unblinding, and a sealed design is never analysed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from _web import TODAY, night_form, store_trial
from krampe.domain.trial import analysis as trial_analysis
from krampe.domain.trial import svg_chart
from krampe.domain.trial.design import add_sealed_pair, build_design, design_to_dict
from krampe.domain.trial.simulate import simulate_diary
from krampe.web.core import reportcache
from krampe.web.core.models import CachedReport, DiaryVersion
from krampe.web.diary import services
from krampe.web.diary.models import Night, Trial
from web.reports.conftest import PROFILE

pytestmark = pytest.mark.django_db


def weeks_table(client: Any) -> str:
    """The results page's weekly numbers."""
    html = client.get("/results/").content.decode()
    match = re.search(r'<caption class="vh">.*?</tbody>', html, re.S)
    assert match, "no weekly table on the results page"
    return match.group(0)


def summary_article(client: Any) -> str:
    html = client.get("/summary/").content.decode()
    return html[html.index("<article") : html.index("</article>")]


def kinds(user: Any) -> set[str]:
    return set(CachedReport.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The diary charts drawn, by the results page ("results") and the summary ("summary")."""
    calls: list[str] = []
    chart = svg_chart.diary_svg

    def counted(where: str) -> Any:
        def draw(*args: Any, **kwargs: Any) -> str:
            calls.append(where)
            return chart(*args, **kwargs)

        return draw

    monkeypatch.setattr(svg_chart, "diary_svg", counted("results"))
    monkeypatch.setattr("krampe.domain.report.summary.diary_svg", counted("summary"))
    return calls


def test_results_and_summary_are_computed_once_per_version(bob_client, bob, drawn):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=3)))
    first = weeks_table(bob_client)
    summary = summary_article(bob_client)
    assert drawn == ["results", "summary"]
    assert kinds(bob) == {"results", "summary"}
    for _ in range(3):
        assert weeks_table(bob_client) == first
        assert summary_article(bob_client) == summary
    assert drawn == ["results", "summary"]  # nothing drawn again
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    weeks_table(bob_client)
    bob_client.get("/summary/")
    assert drawn == ["results", "summary"] * 2


def test_a_cached_page_costs_the_cheap_queries(bob_client, bob, django_assert_num_queries):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=3)))
    bob_client.get("/results/")
    bob_client.get("/summary/")
    # session, person, the trial (none), one cache look-up
    with django_assert_num_queries(4):
        assert bob_client.get("/results/").status_code == 200
    # session, person, the name on the summary (its form is the page's, outside the
    # cached part), the trial (is its seal whole?), one cache look-up
    with django_assert_num_queries(5):
        assert bob_client.get("/summary/").status_code == 200


def test_a_saved_night_appears_in_the_results_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=9), cramps="1"))
    before = weeks_table(bob_client)
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=1), cramps="7"))
    after = weeks_table(bob_client)
    assert after.count("<tr>") == before.count("<tr>") + 1  # a second week


def test_a_night_saved_again_appears_at_once(bob_client, bob):
    night = TODAY - dt.timedelta(days=2)
    bob_client.post("/log/", night_form(night, cramps="1"))
    assert '<td data-label="Cramps per night">1.0</td>' in weeks_table(bob_client)
    # Saved again from the form that shows it (a new night's form would open it instead).
    bob_client.post("/log/", night_form(night, cramps="9", shown=night.isoformat()))
    assert '<td data-label="Cramps per night">9.0</td>' in weeks_table(bob_client)


def test_an_edited_night_appears_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2), cramps="1"))
    weeks_table(bob_client)
    night = Night.objects.get(user=bob)
    bob_client.post(f"/log/{night.pk}/", night_form(night.date, cramps="9"))
    assert '<td data-label="Cramps per night">9.0</td>' in weeks_table(bob_client)


def test_a_night_logged_with_one_tap_appears_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2), cramps="4"))
    assert '<td data-label="Cramps per night">4.0</td>' in weeks_table(bob_client)
    bob_client.post("/log/quiet/", {"date": (TODAY - dt.timedelta(days=1)).isoformat()})
    assert '<td data-label="Cramps per night">2.0</td>' in weeks_table(bob_client)  # (4 + 0) / 2


def test_a_night_queued_on_a_phone_appears_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2), cramps="4"))
    assert '<td data-label="Cramps per night">4.0</td>' in weeks_table(bob_client)
    entry = {
        "id": "q1",
        "owner": str(bob.pk),
        "night": night_form(TODAY - dt.timedelta(days=1), cramps="2"),
        "replace": None,
    }
    sent = bob_client.post("/log/queued/", json.dumps(entry), content_type="application/json")
    assert sent.status_code == 201
    assert '<td data-label="Cramps per night">3.0</td>' in weeks_table(bob_client)


def test_an_imported_diary_appears_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2), cramps="1"))
    before = weeks_table(bob_client)
    day = (TODAY - dt.timedelta(days=20)).isoformat()
    csv = (
        "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"
        f"{day},baseline,3,5,1,,,none,\n"
    )
    upload = SimpleUploadedFile("diary.csv", csv.encode(), content_type="text/csv")
    response = bob_client.post("/data/import/", {"diary": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    after = weeks_table(bob_client)
    assert after.count("<tr>") == before.count("<tr>") + 1


def _open_trial_with_nights(client: Any, user: Any) -> Trial:
    start = TODAY - dt.timedelta(days=60)
    trial = services.create_trial(user, build_design("open", start))
    for n in simulate_diary(build_design("open", start), 0.5, seed=5):
        if n.date < TODAY and n.cramps is not None:
            Night.objects.create(
                user=user,
                date=n.date,
                **services.row_fields(n, services.stored_phase(trial, n.date)),
            )
    return trial


def test_a_dose_answered_from_a_reminder_appears_at_once(bob_client, bob):
    from krampe.web.reminders.services import record_dose

    _open_trial_with_nights(bob_client, bob)
    night = Night.objects.filter(user=bob).order_by("-date").first()
    Night.objects.filter(pk=night.pk).update(took_dose=False)
    reportcache.bump(bob.pk)  # the update above is the test's own, not a change Krampe made
    before = bob_client.get("/results/").content.decode()
    version = reportcache.current(bob.pk)
    record_dose(bob, night.date)
    assert reportcache.current(bob.pk) != version
    assert bob_client.get("/results/").content.decode() != before


def test_a_started_trial_appears_at_once(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    assert "You have no trial yet" in bob_client.get("/results/").content.decode()
    version = reportcache.current(bob.pk)
    bob_client.post("/trial/start/", {"kind": "open", "start": TODAY.isoformat()})
    assert Trial.objects.filter(user=bob).exists()
    assert reportcache.current(bob.pk) != version
    assert "You have no trial yet" not in bob_client.get("/results/").content.decode()


def test_a_saved_profile_appears_in_the_summary_at_once(bob_client, bob):
    assert "67 years" not in bob_client.get("/summary/").content.decode()
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    from krampe.web.profiles.models import HealthProfile

    HealthProfile.objects.update_or_create(user=bob, defaults={"data": PROFILE})
    assert "67 years" in bob_client.get("/summary/").content.decode()


def test_a_saved_plan_appears_in_the_summary_at_once(bob_client, bob):
    from krampe.web.plans.models import SupplementPlan
    from krampe.web.profiles.models import HealthProfile

    HealthProfile.objects.create(user=bob, data=PROFILE)
    assert "No plan made yet" in bob_client.get("/summary/").content.decode()
    SupplementPlan.objects.create(
        user=bob,
        product="citrate",
        elemental_mg_per_tablet=100.0,
        daily_mg=200,
        wake=dt.time(7, 0),
        bed=dt.time(23, 0),
    )
    assert "No plan made yet" not in bob_client.get("/summary/").content.decode()


def test_each_language_is_kept_apart(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    assert "Your results" in bob_client.get("/results/").content.decode()
    bob.language = "da"
    bob.save(update_fields=["language"])
    bob_client.cookies["django_language"] = "da"
    assert "Cramps per week" not in bob_client.get("/results/").content.decode()
    assert {"en", "da"} == set(CachedReport.objects.values_list("lang", flat=True))


def test_a_cached_part_is_not_served_the_next_day(bob_client, bob, time_machine):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=1)))
    assert "Summary for your doctor" in bob_client.get("/summary/").content.decode()
    assert "10 March 2026" in bob_client.get("/summary/").content.decode()
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC))
    assert "11 March 2026" in bob_client.get("/summary/").content.decode()


def _finished_blinded_trial(user: Any, days_ago: int = 130) -> Trial:
    design = build_design("blinded", TODAY - dt.timedelta(days=days_ago), 11)
    trial = store_trial(user, design)
    for n in simulate_diary(design, 0.5, seed=3):
        if n.date < TODAY and n.cramps is not None:
            fields = services.row_fields(n, services.stored_phase(trial, n.date))
            Night.objects.create(user=user, date=n.date, **fields)
    return trial


def _unblind(client: Any, trial: Trial) -> None:
    guesses = {f"period_{p}": "dont_know" for p in range(1, 7)}
    client.post(f"/trial/{trial.pk}/unblind/", {**guesses, "certainty": "guessing"})
    trial.refresh_from_db()
    assert trial.unblinded_at is not None


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The designs the results page and the summary analyse."""
    designs: list[Any] = []
    analyse = trial_analysis.analyze_nights

    def counted(nights: Any, design: Any, *args: Any, **kwargs: Any) -> Any:
        designs.append(design)
        return analyse(nights, design, *args, **kwargs)

    monkeypatch.setattr(trial_analysis, "analyze_nights", counted)
    monkeypatch.setattr("krampe.domain.report.summary.analyze_nights", counted)
    monkeypatch.setattr("krampe.domain.trial.extension.analyze_nights", counted)
    return designs


def test_a_blinded_result_is_never_computed_stored_or_shown_before_unblinding(
    bob_client, bob, analysed, monkeypatch
):
    calls: list[str] = []
    monkeypatch.setattr(
        "krampe.web.reports.views.render_pdf", lambda *args: calls.append("pdf") or b"%PDF-1.7"
    )
    trial = _finished_blinded_trial(bob)
    results = bob_client.get("/results/").content.decode()
    summary = bob_client.get("/summary/").content.decode()
    assert bob_client.get("/summary.pdf").status_code == 200
    assert "data:image/svg+xml" not in results and "What each period held" not in results
    assert "result stays hidden" in summary and "Placebo" not in summary
    # The sealed design was never analysed; the one analysis before unblinding is the
    # blind look of the extension rule, on the allocation checked against the seal,
    # which gives the page only whether a pair may be added.
    assert all(not design.sealed for design in analysed) and len(analysed) <= 1
    # The summary and its PDF are cached in their hidden form; the results not at all.
    assert kinds(bob) == {"summary", "summary-pdf"}
    for body in CachedReport.objects.filter(user=bob).values_list("body", flat=True):
        assert b"Placebo" not in bytes(body) and b"compared with placebo" not in bytes(body)

    _unblind(bob_client, trial)
    results = bob_client.get("/results/").content.decode()
    summary = bob_client.get("/summary/").content.decode()
    assert "What each period held" in results and "data:image/svg+xml" in results
    assert "magnesium compared with placebo" in summary
    assert analysed and all(design.seal is None or not design.sealed for design in analysed)
    bob_client.get("/summary.pdf")
    assert calls == ["pdf", "pdf"]  # once hidden, once revealed


def test_an_extended_trial_is_blind_again_and_its_cached_result_is_not_served(bob_client, bob):
    trial = _finished_blinded_trial(bob)
    _unblind(bob_client, trial)
    assert "What each period held" in bob_client.get("/results/").content.decode()
    assert "results" in kinds(bob)
    # A pair added after unblinding (as docs/trial.md describes): sealed again.
    trial.design = design_to_dict(add_sealed_pair(trial.running().design))
    trial.save(update_fields=["design"])
    html = bob_client.get("/results/").content.decode()
    assert "What each period held" not in html and "data:image/svg+xml" not in html
    assert "hidden until the trial ends" in html
    summary = bob_client.get("/summary/").content.decode()
    assert "result stays hidden" in summary and "data:image/svg+xml" not in summary


def test_a_change_to_the_design_gives_a_new_version(bob_client, bob):
    trial = _finished_blinded_trial(bob, days_ago=40)
    bob_client.get("/summary/")
    version = reportcache.current(bob.pk)
    design = trial.running().design
    trial.design = design_to_dict(design)  # saved again, as the helper's capsule count does
    trial.save(update_fields=["design"])
    assert reportcache.current(bob.pk) != version


def test_a_new_blinded_trial_hides_the_cached_open_result(bob_client, bob):
    for back in range(3, 10):
        bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=back)))
    assert "data:image/svg+xml" in bob_client.get("/results/").content.decode()
    assert "data:image/svg+xml" in bob_client.get("/summary/").content.decode()
    bob_client.post("/trial/start/", {"kind": "blinded", "start": TODAY.isoformat()})
    assert Trial.objects.get(user=bob).kind == "blinded"
    html = bob_client.get("/results/").content.decode()
    assert "data:image/svg+xml" not in html and "hidden until the trial ends" in html
    summary = bob_client.get("/summary/").content.decode()
    assert "data:image/svg+xml" not in summary and "result stays hidden" in summary


def test_the_pdf_is_rendered_once_per_version(bob_client, bob, monkeypatch):
    from krampe.web.reports import views

    rendered: list[int] = []
    render = views.render_pdf

    def counted(*args: Any) -> bytes:
        rendered.append(1)
        return render(*args)

    monkeypatch.setattr(views, "render_pdf", counted)
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    first = bob_client.get("/summary.pdf")
    second = bob_client.get("/summary.pdf")
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert second["Content-Type"] == "application/pdf" and "no-store" in second["Cache-Control"]
    assert rendered == [1]
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=1)))
    assert bob_client.get("/summary.pdf").content != first.content
    assert rendered == [1, 1]


def test_a_pdf_that_could_not_be_rendered_is_not_cached(bob_client, bob, monkeypatch):
    from krampe.web.core import pdf
    from krampe.web.reports import views

    def busy(*args: Any) -> bytes:
        raise pdf.PdfUnavailable("every PDF worker is busy")

    monkeypatch.setattr(views, "render_pdf", busy)
    assert bob_client.get("/summary.pdf").status_code == 503
    assert "summary-pdf" not in kinds(bob)


def test_a_result_computed_while_the_diary_changed_is_not_served(bob_client, bob, monkeypatch):
    from krampe.web.diary import views

    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=3), cramps="1"))
    body = views._results_body

    def changed_meanwhile(user: Any, lang: Any) -> str:
        out = body(user, lang)
        # Another request saves a night after this one read the diary.
        Night.objects.create(user=user, date=TODAY - dt.timedelta(days=2), cramps=5)
        return out

    monkeypatch.setattr(views, "_results_body", changed_meanwhile)
    assert '<td data-label="Cramps per night">1.0</td>' in weeks_table(bob_client)
    monkeypatch.setattr(views, "_results_body", body)
    assert '<td data-label="Cramps per night">3.0</td>' in weeks_table(
        bob_client
    )  # (1 + 5) / 2, not the stale part


def test_the_cache_goes_with_the_account(bob_client, bob):
    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    bob_client.get("/results/")
    assert CachedReport.objects.filter(user=bob).exists()
    bob.delete()
    assert not CachedReport.objects.exists() and not DiaryVersion.objects.exists()


def test_housekeeping_forgets_every_cached_part(bob_client, bob):
    from django.core.management import call_command

    bob_client.post("/log/", night_form(TODAY - dt.timedelta(days=2)))
    bob_client.get("/results/")
    assert "1 cached reports" in call_command("housekeeping")
    assert not CachedReport.objects.exists()


def test_the_helpers_flows_change_the_version_and_leave_nothing_revealed_in_the_cache(
    bob_client, bob
):
    from django.test import Client

    from krampe.web.diary.sealed import issue_helper_link

    trial = _finished_blinded_trial(bob, days_ago=40)  # still running: the result is hidden
    bob_client.get("/results/")
    bob_client.get("/summary/")
    keys = issue_helper_link(trial)
    helper = Client()  # a browser of its own, not logged in: the helper has only the link
    assert helper.get("/results/").status_code == 302  # to the login page
    assert helper.get(f"/helper/{keys.secret}/").status_code == 200  # the contents, revealed
    assert helper.get(f"/helper/{keys.secret}/sheet.pdf").status_code == 200
    version = reportcache.current(bob.pk)
    saved = helper.post(f"/helper/{keys.secret}/capsules/", {"capsules": "3"})
    assert saved.status_code == 302
    assert reportcache.current(bob.pk) != version  # the design changed
    results = bob_client.get("/results/").content.decode()
    summary = summary_article(bob_client)
    assert "hidden until the trial ends" in results and "data:image/svg+xml" not in results
    assert "result stays hidden" in summary and "Placebo" not in summary
    for body in CachedReport.objects.filter(user=bob).values_list("body", flat=True):
        assert b"compared with placebo" not in bytes(body)
        assert b"What each period held" not in bytes(body)


def test_a_blinded_trial_started_in_the_app_reveals_its_result_only_after_unblinding(
    bob_client, bob, time_machine, analysed
):
    start = TODAY + dt.timedelta(days=1)
    bob_client.post("/trial/start/", {"kind": "blinded", "start": start.isoformat()})
    trial = Trial.objects.get(user=bob, active=True)
    end = trial.running().end
    for n in range((end - start).days + 1):
        day = start + dt.timedelta(days=n)
        Night.objects.create(user=bob, date=day, cramps=n % 4, worst_pain=3 if n % 4 else None)
    time_machine.move_to(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(12), dt.UTC))
    bob_client.force_login(bob)  # months later: a new session
    hidden = bob_client.get("/results/").content.decode()
    assert "What each period held" not in hidden
    assert "result stays hidden" in summary_article(bob_client)
    # Only the extension rule's blind look, on the allocation checked against the seal.
    assert all(not design.sealed for design in analysed) and len(analysed) <= 1
    analysed.clear()
    assert kinds(bob) == {"summary"}
    _unblind(bob_client, trial)
    assert "What each period held" in bob_client.get("/results/").content.decode()
    assert "result stays hidden" not in summary_article(bob_client)
    assert analysed and all(design.seal is None or not design.sealed for design in analysed)
