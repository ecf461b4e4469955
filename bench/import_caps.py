"""The diary import under attack and at its cap, against a real `krampe serve` (SQLite).

    .venv/bin/python bench/import_caps.py

Uploads, as one person: 499,950 bad one-field lines (just under the 1 MB upload limit,
the file the security review sent), then 3,660 valid nights (the cap) twice (created,
then all updated). Reports the time of each answer, its size, and how much the server
process grew (VmRSS). Every request goes to 127.0.0.1. Not part of CI.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
import uuid
from pathlib import Path

from load_crash import Client, Server

HEADER = "date,phase,cramps,worst_pain,awakenings,took_dose,stretched,side_effect,note\n"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def upload(client: Client, content: bytes) -> tuple[int, int, float]:
    boundary = uuid.uuid4().hex
    token = client.cookies.get("csrftoken", "")
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="diary"; '
            f'filename="d.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Referer": f"http://127.0.0.1:{client.port}/data/",
    }
    started = time.perf_counter()
    client.conn.request("POST", "/data/import/", body, headers)
    response = client.conn.getresponse()
    page = response.read()
    return response.status, len(page), time.perf_counter() - started


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="krampe-bench-import-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
    env.update(KRAMPE_DATA_DIR=str(work / "data"), KRAMPE_SECRET_KEY="b" * 50)
    server = Server(work / "data", env)
    server.start()
    try:
        assert server.process is not None
        client = Client(server.port, "importer")
        client.sign_up()
        bad = (HEADER + "x\n" * 499_950).encode()
        end = dt.date.today() - dt.timedelta(days=1)
        good = (
            HEADER
            + "".join(
                f"{(end - dt.timedelta(days=i)).isoformat()},baseline,{i % 4},"
                f"{3 if i % 4 else ''},0,,,none,night {i}\n"
                for i in range(3660)
            )
        ).encode()
        for name, content in (
            ("499,950 bad lines", bad),
            ("3,660 nights, new", good),
            ("3,660 nights, again", good),
        ):
            before = rss_mib(server.process.pid)
            status, size, seconds = upload(client, content)
            grown = rss_mib(server.process.pid) - before
            print(
                f"{name} ({len(content) / 1e6:.2f} MB): {status} in {seconds:.2f} s, "
                f"page {size / 1024:.0f} KiB, server grew {grown:+.1f} MiB"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
