import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from krampe.web.diary.models import Night

pytestmark = pytest.mark.django_db

HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


def upload(client, text, name="diary.csv"):
    return client.post(
        "/data/import/", {"diary": SimpleUploadedFile(name, text.encode(), "text/csv")}
    )


def test_a_good_file_adds_nights_and_updates_same_date(bob_client, bob, add_nights):
    add_nights(bob, [("2025-01-06", "baseline", 5, 8)])
    text = HEADER + (
        "2025-01-06,baseline,1,3,1,0,0,none,better\n"
        "2025-01-07,baseline,0,,0,0,0,none,\n"
        "2025-01-08,baseline,,,,,,,forgot\n"
    )
    response = upload(bob_client, text)
    assert response.status_code == 302 and response["Location"] == "/data/"
    nights = list(Night.objects.filter(user=bob).order_by("date"))
    assert [(str(n.date), n.cramps, n.note) for n in nights] == [
        ("2025-01-06", 1, "better"),
        ("2025-01-07", 0, ""),
    ]
    page = bob_client.get("/data/").content.decode()
    assert "1 new nights, 1 updated, 1 not logged" in page


def test_a_file_with_errors_imports_nothing_and_names_line_and_column(bob_client, bob):
    text = HEADER + (
        "2025-01-06,baseline,1,3,1,0,0,none,\n"
        "2025-01-07,baseline,-1,,0,0,0,none,\n"
        "2025-01-08,magnesium,2,,0,maybe,0,none,\n"
    )
    response = upload(bob_client, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert not Night.objects.filter(user=bob).exists()
    assert "Nothing was imported: 3 problems" in page
    rows = response.context["problems"]
    assert [(p.line, p.column, p.name) for p in rows] == [
        (3, 3, "cramps"),
        (4, 4, "worst_pain"),
        (4, 6, "took_dose"),
    ]
    assert "«-1»" in page and "«maybe»" in page


def test_a_wrong_header_is_line_one(bob_client, bob):
    response = upload(bob_client, "day,cramps\n2025-01-06,1\n")
    assert response.status_code == 400
    assert [(p.line, p.column) for p in response.context["problems"]] == [(1, None)]
    assert "the first line must be exactly" in response.content.decode()


def test_errors_are_shown_in_danish(bob_client, bob):
    bob_client.cookies["django_language"] = "da"
    bob.language = "da"
    bob.save()
    response = upload(bob_client, HEADER + "2025-01-06,baseline,x,,0,0,0,none,\n")
    page = response.content.decode()
    assert "Intet blev importeret" in page
    assert "et helt tal fra 0 til 20" in page


def test_a_too_long_note_is_refused_before_anything_is_stored(bob_client, bob):
    response = upload(bob_client, HEADER + "2025-01-06,baseline,1,3,0,0,0,none," + "x" * 501 + "\n")
    assert response.status_code == 400
    assert [(p.line, p.name) for p in response.context["problems"]] == [(2, "note")]
    assert not Night.objects.exists()


def test_a_binary_file_is_refused_on_the_field(bob_client):
    binary = bytes(range(32)) * 40
    response = bob_client.post(
        "/data/import/", {"diary": SimpleUploadedFile("x.csv", binary, "text/csv")}
    )
    assert response.status_code == 400
    assert "not a text (CSV) file" in response.content.decode()
    assert not Night.objects.exists()


def test_a_file_excel_saved_in_its_own_encoding_is_read_and_said_so(alice_client, alice):
    text = HEADER + "2025-01-06,baseline,1,3,0,0,0,none,krampe i læggen\n"
    data = text.encode("cp1252")
    response = alice_client.post(
        "/data/import/", {"diary": SimpleUploadedFile("x.csv", data, "text/csv")}, follow=True
    )
    assert Night.objects.get(user=alice).note == "krampe i læggen"
    page = response.content.decode()
    assert "Krampe læste den som cp1252" in page and "æ, ø og å" in page


def test_the_encoding_notice_is_a_warning_beside_the_success(alice_client):
    data = (HEADER + "2026-03-09,baseline,1,3,0,0,0,none,læg\n").encode("cp1252")
    response = alice_client.post(
        "/data/import/", {"diary": SimpleUploadedFile("x.csv", data, "text/csv")}, follow=True
    )
    page = response.content.decode()
    assert '<li class="success">Importeret' in page
    assert '<li class="warning">Filen var ikke gemt som UTF-8' in page
