"""The manifest, the service worker, the icons, and the one-tap quiet night."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from django.utils import timezone

from krampe import config
from krampe.web.diary.models import Night
from krampe.web.reminders.models import DoseTaken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name"),
    [("da", "Krampe – natlige benkramper"), ("en", "Krampe – night leg cramps")],
)
def test_the_manifest_names_the_app_in_the_persons_language(client, language, name):
    client.cookies["django_language"] = language
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (
        name,
        "Krampe",
        language,
    )
    assert manifest["start_url"] == "/home/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"]
    purposes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    config_line = next(line for line in body.splitlines() if line.startswith("const CONFIG = "))
    shell = json.loads(config_line.removeprefix("const CONFIG = ").rstrip(";"))
    # The shell holds static files and the two pages without anyone's data, nothing else.
    assert shell["pages"] == ["/offline/", "/offline/log/"]
    assert all(url.startswith("/static/") for url in shell["static"])
    for url in shell["static"] + shell["pages"]:
        assert client.get(url).status_code == 200, url


def test_favicon_and_touch_icon_answer(client):
    assert client.get("/favicon.ico")["Content-Type"] == "image/x-icon"
    page = client.get("/login/").content.decode()
    assert 'rel="manifest"' in page and 'rel="apple-touch-icon"' in page
    assert 'name="theme-color"' in page


def test_pages_have_no_inline_script_or_style(alice_client, alice):
    for url in ("/home/", "/log/", "/plan/", "/offline/log/", "/login/"):
        page = alice_client.get(url).content.decode()
        assert "<script>" not in page and "<style" not in page and " style=" not in page, url
        assert " onclick=" not in page and " onsubmit=" not in page, url


def test_the_offline_log_page_holds_no_ones_data(alice_client, alice):
    alice_client.post(
        "/log/",
        {
            "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "cramps": "3",
            "worst_pain": "7",
            "awakenings": "1",
            "side_effect": "none",
            "note": "Zebrafink",
        },
    )
    page = alice_client.get("/offline/log/").content.decode()
    assert "Zebrafink" not in page
    assert 'name="cramps" value=' not in page and "checked" not in page.split("worst_pain")[1]
    assert "data-queue" in page


def test_no_cramps_last_night_saves_in_one_tap(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    response = alice_client.post("/log/quiet/", {"date": last_night.isoformat()}, follow=True)
    night = Night.objects.get(user=alice)
    assert (night.date, night.cramps, night.worst_pain, night.awakenings) == (
        last_night,
        0,
        None,
        0,
    )
    # Nothing was said about the dose or stretching, so nothing is claimed.
    assert night.took_dose is None and night.stretched is None
    assert "ingen kramper" in response.content.decode()


def test_no_cramps_never_writes_over_a_logged_night(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    Night.objects.create(user=alice, date=last_night, cramps=4, worst_pain=6)
    alice_client.post("/log/quiet/", {"date": last_night.isoformat()})
    assert Night.objects.get(user=alice).cramps == 4


def test_a_dose_answered_taken_is_kept_by_the_quiet_night_and_the_form(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    DoseTaken.objects.create(user=alice, date=last_night)
    assert alice_client.get("/log/").context["form"].initial["took_dose"] == "yes"
    alice_client.post("/log/quiet/", {"date": last_night.isoformat()})
    assert Night.objects.get(user=alice).took_dose is True


def test_the_overview_offers_both_buttons_until_last_night_is_logged(alice_client, alice):
    last_night = timezone.localdate() - dt.timedelta(days=1)
    page = alice_client.get("/home/").content.decode()
    assert f"/log/?date={last_night.isoformat()}" in page and "Ingen kramper i nat" in page
    alice_client.post("/log/quiet/", {"date": last_night.isoformat()})
    assert "Ingen kramper i nat" not in alice_client.get("/home/").content.decode()


def test_the_vapid_key_is_made_once_with_mode_0600(tmp_path, monkeypatch):
    from krampe.web.reminders import vapid

    monkeypatch.setenv("KRAMPE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KRAMPE_VAPID_PRIVATE_KEY", raising=False)
    vapid.signing_key.cache_clear()
    try:
        first = vapid.application_server_key()
        assert stat.S_IMODE((tmp_path / "vapid_private_key").stat().st_mode) == 0o600
        vapid.signing_key.cache_clear()
        assert vapid.application_server_key() == first
        assert len(first) == 87  # 65 bytes, base64url without padding
        assert config.private_file("vapid_private_key", lambda: "other") != "other"
    finally:
        vapid.signing_key.cache_clear()
