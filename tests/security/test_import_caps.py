"""The diary import is bounded: rows, dates, the error report, the upload size, the
nights per account; and on SQLite a large import does not make anyone else's save fail."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine

from krampe.domain.trial.diary import CSV_HEADER, MAX_NIGHTS
from security.conftest import joined_long_ago, rss_kib

HEADER = ",".join(CSV_HEADER) + "\n"


def _bad_lines(count: int) -> bytes:
    # Each line has a bad date, phase, count and pain: four problems a line.
    return (HEADER + "x,y,99,99,,,,,\n" * count).encode()


def _good_nights(count: int, end: dt.date) -> bytes:
    start = end - dt.timedelta(days=count - 1)
    lines = [
        f"{(start + dt.timedelta(days=i)).isoformat()},baseline,{i % 4},{3 if i % 4 else ''},"
        f"0,,,none,night {i}\n"
        for i in range(count)
    ]
    return (HEADER + "".join(lines)).encode()


@pytest.mark.django_db
class TestWithTheTestClient:
    @pytest.fixture(autouse=True)
    def _today(self):
        with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
            yield

    def _upload(self, client, content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            "/data/import/", {"diary": SimpleUploadedFile("d.csv", content, "text/csv")}
        )

    def test_more_rows_than_the_cap_are_refused_before_any_is_read(self, logged_in):
        answer = self._upload(logged_in, _bad_lines(MAX_NIGHTS + 1))
        assert answer.status_code == 400
        problems = answer.context["problems"]
        assert len(problems) == 1
        assert "at most 3660 nights" in problems[0].allowed

    def test_the_error_report_lists_the_first_100_problems_and_counts_all(self, logged_in):
        answer = self._upload(logged_in, _bad_lines(1000))
        assert answer.status_code == 400
        assert len(answer.context["problems"]) == 100
        assert answer.context["problem_total"] == 4000
        page = answer.content.decode()
        assert "4000 problems" in page and "The first 100 are listed" in page
        assert len(answer.content) < 200_000

    @pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1999-12-31", "2026-12-02"])
    def test_dates_outside_2000_to_today_are_refused(self, logged_in, date):
        from krampe.web.diary.models import Night

        answer = self._upload(logged_in, (HEADER + f"{date},baseline,1,2,0,,,none,\n").encode())
        assert answer.status_code == 400
        assert [(p.line, p.name) for p in answer.context["problems"]] == [(2, "date")]
        assert not Night.objects.exists()

    def test_the_nights_per_account_cap_holds_across_imports(self, logged_in, karen):
        from krampe.web.diary.models import Night

        last_night = dt.date(2026, 11, 30)  # at 09:00 tonight cannot be logged yet
        assert self._upload(logged_in, _good_nights(MAX_NIGHTS, last_night)).status_code == 302
        assert Night.objects.filter(user=karen).count() == MAX_NIGHTS
        # The same nights again only update; one night more is refused, nothing stored.
        assert self._upload(logged_in, _good_nights(MAX_NIGHTS, last_night)).status_code == 302
        older = (HEADER + "2016-01-01,baseline,1,2,0,,,none,\n").encode()
        answer = self._upload(logged_in, older)
        assert answer.status_code == 400
        assert "at most 3660" in answer.content.decode()
        assert Night.objects.filter(user=karen).count() == MAX_NIGHTS
        # The nightly log says so too, for a new night.
        log = logged_in.post(
            "/log/",
            {"date": "2016-01-02", "cramps": "0", "awakenings": "0", "side_effect": "none"},
        )
        assert log.status_code == 200
        assert "3660 nights" in log.content.decode()

    def test_a_large_import_is_one_bulk_write(
        self, logged_in, karen, django_assert_max_num_queries
    ):
        # 3,660 nights in a few dozen statements (Django's SQLite backend puts at most 999
        # parameters, 90 nights, in one INSERT), not one query or two per night.
        content = _good_nights(MAX_NIGHTS, dt.date(2026, 11, 30))
        with django_assert_max_num_queries(80):
            assert self._upload(logged_in, content).status_code == 302


def tiny_bad_lines(count: int) -> bytes:
    """``count`` one-field lines (each a problem): 500,000 of them fit in 1 MB, as in the review."""
    return (HEADER + "x\n" * count).encode()


def test_500000_bad_lines_get_a_short_page_and_the_server_stays_small(live, http_client):
    # The time this takes is a bench figure (bench/import_caps.py), not asserted here.
    client = http_client(live)
    client.sign_up("mallory")
    content = tiny_bad_lines(499_950)
    assert len(content) < 1_000_000  # under the upload limit: the parser sees all of it
    before = rss_kib(live.pid)
    answer = client.upload("/data/import/", "diary", "bad.csv", content, "/data/")
    grown_mib = (rss_kib(live.pid) - before) / 1024
    assert answer.status == 400
    assert len(answer.body) < 100_000, len(answer.body)
    assert "3660" in answer.text  # "at most 3660 nights in one file"
    assert grown_mib < 100, f"the server grew by {grown_mib:.0f} MiB"


def test_a_body_over_the_request_cap_is_refused_before_django(live):
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(live.url)
    before = rss_kib(live.pid)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(
            b"POST /data/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 5000000\r\n\r\n" + b"x" * 10_000
        )
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:100]
    assert (rss_kib(live.pid) - before) / 1024 < 100


def test_a_body_without_a_length_is_refused(live):
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(live.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(
            b"POST /data/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + b"2710\r\n" + b"x" * 10_000 + b"\r\n"
        )
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 411"), reply[:100]


def test_the_server_is_gunicorn_with_a_worker_per_core(live):
    # The request-size tests above hold under the server `krampe serve` runs by default.
    assert "gunicorn:" in live.log() and "worker processes" in live.log()


def test_a_large_import_does_not_make_a_concurrent_save_fail(live, http_client):
    importer = http_client(live)
    importer.sign_up("ivan")
    joined_long_ago(live, "ivan")  # ten years of nights fit an account that old
    saver = http_client(live)
    saver.sign_up("sara")
    content = _good_nights(MAX_NIGHTS, dt.date.today() - dt.timedelta(days=1))
    results: list[int] = []
    stop = threading.Event()

    def save_nights() -> None:
        day = 0
        while not stop.is_set() and day < 60:
            # sara is new: her last fourteen nights, saved and saved again (the form
            # showed that night, so a second save changes it).
            date = dt.date.today() - dt.timedelta(days=1 + day % 14)
            answer = saver.post(
                "/log/",
                {
                    "date": date.isoformat(),
                    "shown": date.isoformat() if day >= 14 else "",
                    "cramps": "1",
                    "worst_pain": "2",
                    "awakenings": "0",
                    "side_effect": "none",
                },
            )
            results.append(answer.status)
            day += 1

    thread = threading.Thread(target=save_nights)
    thread.start()
    try:
        imports = [
            importer.upload("/data/import/", "diary", "big.csv", content, "/data/").status
            for _ in range(3)  # the first creates 3,660 nights, the others update them all
        ]
    finally:
        stop.set()
        thread.join(timeout=120)
    assert imports == [302, 302, 302]
    assert results and set(results) == {302}, results
    assert "database is locked" not in live.log()
