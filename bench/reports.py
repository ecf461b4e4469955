"""What the heavy pages cost for one person: the first view after a change, and from the cache.

    .venv/bin/python bench/reports.py --data-dir /tmp/krampe-small --people p00000
    .venv/bin/python bench/reports.py --database-url postgresql://.../krampe_perf_scale \\
        --people p00000,year2,year2-diary

In one process, through Django's test client with the bench's settings (the
whole middleware stack, the dataset's database): for each person, the hello
view (the baseline of this run), then each page ``--repeats`` times as the
first view after a change (the person's data version bumped before each
request, as a saved night does) and as a cached view. It prints the median
milliseconds of each, the ratio to hello, and the nights the person has, so
growth with the diary's length can be read across people. The FHIR export
is not cached: it is streamed from the database each time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PAGES = {
    "results": "/results/",
    "summary": "/summary/",
    "summary PDF": "/summary.pdf",
    "FHIR export": "/data/fhir.json",
}


def setup(args: argparse.Namespace) -> None:
    for key in [k for k in os.environ if k.startswith("KRAMPE_")]:
        del os.environ[key]
    if args.database_url:
        os.environ["KRAMPE_DATABASE_URL"] = args.database_url
        data_dir = args.data_dir or f"/tmp/{args.database_url.rsplit('/', 1)[-1]}"
    else:
        data_dir = args.data_dir
    os.environ["KRAMPE_DATA_DIR"] = str(data_dir)
    os.environ["KRAMPE_SECRET_KEY"] = "bench-only-secret-key"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchsite.settings"
    sys.path.insert(0, str(BENCH))

    import django

    django.setup()
    from django.core.management import call_command

    # A dataset built by an older checkout gets this one's tables, as krampe serve does.
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limits' counters, as krampe serve


def timed(client: Any, path: str) -> float:
    t0 = time.perf_counter()
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200 or not body:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", help="SQLite dataset (bench/scale.py build --data-dir)")
    parser.add_argument("--database-url", help="PostgreSQL dataset")
    parser.add_argument("--people", default="p00000", help="comma-separated usernames")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if not (args.data_dir or args.database_url):
        parser.error("give --data-dir or --database-url")
    setup(args)

    from django.test import Client

    from krampe.web.accounts.models import User
    from krampe.web.core import reportcache
    from krampe.web.diary.models import Night

    pages = [p for p in args.pages.split(",") if p]
    print(f"\n{args.label}\n")
    print("| person | nights | page | first view ms | × hello | cached ms | × hello |")
    print("|---|---|---|---|---|---|---|")
    for name in args.people.split(","):
        user = User.objects.get(username=name)
        nights = Night.objects.filter(user=user).count()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        timed(client, "/bench/hello/")
        hello = statistics.median(timed(client, "/bench/hello/") for _ in range(20))
        print(f"| {name} | {nights} | hello | {hello:.1f} | 1 | — | — |")
        for page in pages:
            path = PAGES[page]
            timed(client, path)  # imports and the first connection, not counted
            first, cached = [], []
            for _ in range(args.repeats):
                reportcache.bump(user.pk)
                first.append(timed(client, path))
                cached.append(timed(client, path))
            f, c = statistics.median(first), statistics.median(cached)
            cached_cell = "not cached" if page == "FHIR export" else f"{c:,.1f} | {c / hello:,.0f}"
            if page == "FHIR export":
                cached_cell += " | —"
            print(f"| {name} | {nights} | {page} | {f:,.1f} | {f / hello:,.0f} | {cached_cell} |")


if __name__ == "__main__":
    main()
