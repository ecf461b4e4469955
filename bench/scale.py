"""A scale dataset: many people with a year of nights, profiles, plans and trials.

    .venv/bin/python bench/scale.py build --data-dir /tmp/krampe-scale        # SQLite
    .venv/bin/python bench/scale.py build --database-url postgresql://.../krampe_perf_scale
    .venv/bin/python bench/scale.py explain --database-url ...   # EXPLAIN ANALYZE

``build`` empties the database and fills it with ``--people`` people (10,000)
of ``--nights`` nights each (365, ending last night; about 3 % not logged),
each with a health profile, a supplement plan and, for nine in ten, a trial:
an open-label trial running, a blinded crossover finished and unblinded, or a
stretching trial finished. Two more people hold two years of nights:
``year2`` (a finished, unblinded blinded trial at the end) and ``year2-diary``
(no trial, so the results chart shows all 730 nights). Rows go in by COPY on
PostgreSQL and by ``executemany`` in large transactions on SQLite, built from
the models' own fields so a field added later gets its default.

It writes ``sessions.json`` next to the database (or ``--sessions-file``):
logged-in sessions (cookie and CSRF secret) of ``--sessions`` people picked at
random and of the two-year people, for ``bench/web.py``.

``explain`` runs the queries the heavy pages make (a person's nights in date
order, nights in a trial's dates, last night logged?, the active trial, the
session) under EXPLAIN ANALYZE (PostgreSQL) or EXPLAIN QUERY PLAN (SQLite)
for the two-year person and prints each plan, failing when one reads a whole
table instead of an index.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

PASSWORD = "bench-night-calf-2026"
CHUNK = 250  # people per transaction / COPY
KINDS = (
    "open",
    "open",
    "open",
    "open",
    "blinded",
    "blinded",
    "blinded",
    "stretching",
    "stretching",
    None,
)
# Days before today each kind of trial began: the open-label one (63 nights) runs,
# the blinded one (126 nights) and the stretching one (63) are over.
TRIAL_START = {"open": 40, "blinded": 140, "stretching": 90}
MEDICINES = (["Eltroxin"], [], ["Furix"], ["Ciproxin", "Eltroxin"], [], ["Pantoprazol"])


def setup(args: argparse.Namespace) -> None:
    """Point Krampe at the dataset's database and apply the migrations."""
    for key in [k for k in os.environ if k.startswith("KRAMPE_")]:
        del os.environ[key]
    if args.database_url:
        os.environ["KRAMPE_DATABASE_URL"] = args.database_url
        data_dir = Path(args.data_dir or f"/tmp/{args.database_url.rsplit('/', 1)[-1]}")
    elif args.data_dir:
        data_dir = Path(args.data_dir)
    else:
        sys.exit("give --data-dir (SQLite) or --database-url (PostgreSQL)")
    os.environ["KRAMPE_DATA_DIR"] = str(data_dir)
    os.environ["KRAMPE_SECRET_KEY"] = "bench-only-secret-key"
    os.environ["DJANGO_SETTINGS_MODULE"] = "krampe.web.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def _db_values(obj: Any, fields: list[Any], connection: Any) -> tuple[Any, ...]:
    return tuple(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.connection = connection
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.table = model._meta.db_table
        self.columns = [f.column for f in self.fields]

    def write(self, objects: list[Any]) -> int:
        from django.db.models import DateTimeField

        for obj in objects:
            for field in self.fields:  # what save() would fill in
                automatic = isinstance(field, DateTimeField) and (
                    field.auto_now or field.auto_now_add
                )
                if automatic and getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, NOW)
        fields, columns = self.fields, self.columns
        if objects and objects[0].pk is None:  # let the database number the rows
            fields = [f for f in fields if not f.primary_key]
            columns = [f.column for f in fields]
        rows = [_db_values(o, fields, self.connection) for o in objects]
        return self.write_rows(columns, rows)

    def write_rows(self, columns: list[str], rows: list[tuple[Any, ...]]) -> int:
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cols = ", ".join(f'"{c}"' for c in columns)
                raw = cursor.cursor
                with raw.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cols = ", ".join(f'"{c}"' for c in columns)
                cursor.executemany(f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})', rows)
        return len(rows)


NOW: dt.datetime


def _empty_tables() -> None:
    from django.apps import apps
    from django.db import connection

    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
        else:
            cursor.execute("PRAGMA foreign_keys=OFF")
            for table in tables:
                if table != "django_migrations":
                    cursor.execute(f'DELETE FROM "{table}"')
            cursor.execute("PRAGMA foreign_keys=ON")


def _trial_template(
    kind: str, start: dt.date, seed: int | None, today: dt.date
) -> tuple[dict[str, Any], Any, dict[str, Any] | None]:
    """The stored design, the design, and a blinded trial's sealed allocation.

    A blinded trial is stored as the app stores it: sealed at the start, with
    its allocation in the sealed record; once its last night is over, revealed
    (it is stored unblinded).
    """
    from krampe.domain.trial.design import (
        build_design,
        design_to_dict,
        reveal_design,
        seal_design,
    )

    design = build_design(kind, start, seed)
    if kind != "blinded":
        return design_to_dict(design), design, None
    sealed, allocation = seal_design(design, start)
    stored = sealed if today <= design.end else reveal_design(sealed, allocation)
    return design_to_dict(stored), stored, allocation.to_dict()


class NightRows:
    """A person's nights as rows in the table's column order, without model objects.

    3.65 million Night objects would take minutes to build and convert; the
    values are converted once per kind (a date, a bool) and any column added to
    the model later gets its default.
    """

    KNOWN = (
        "user_id",
        "date",
        "phase",
        "cramps",
        "worst_pain",
        "awakenings",
        "took_dose",
        "stretched",
        "side_effect",
        "note",
        "updated_at",
    )

    def __init__(self, connection: Any) -> None:
        from krampe.web.diary.models import Night

        self.sqlite = connection.vendor == "sqlite"
        fields = [f for f in Night._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in fields]
        self.defaults = {
            f.column: f.get_db_prep_save(f.get_default(), connection)
            for f in fields
            if f.column not in self.KNOWN
        }
        self.updated_at = Night._meta.get_field("updated_at").get_db_prep_save(NOW, connection)

    def rows(
        self, user_id: int, nights: int, today: dt.date, phase_of: Any, rng: Any
    ) -> list[tuple[Any, ...]]:
        import numpy as np

        rate = rng.gamma(4.0, 1.2 / 4.0, size=nights)
        cramps = np.minimum(rng.poisson(rate), 20).tolist()
        logged = (rng.random(nights) >= 0.03).tolist()
        pain = rng.integers(2, 9, size=nights).tolist()
        took = (rng.random(nights) < 0.9).tolist()
        first = today - dt.timedelta(days=nights)
        out = []
        for day in range(nights):
            if not logged[day]:
                continue
            date = first + dt.timedelta(days=day)
            count = cramps[day]
            values = {
                "user_id": user_id,
                "date": date.isoformat() if self.sqlite else date,
                "phase": phase_of(date),
                "cramps": count,
                "worst_pain": pain[day] if count else None,
                "awakenings": min(count, 1 + count // 3) if count else 0,
                "took_dose": took[day],
                "stretched": day % 3 == 0,
                "side_effect": "none",
                "note": "",
                "updated_at": self.updated_at,
                **self.defaults,
            }
            out.append(tuple(values[c] for c in self.columns))
        return out


def build(args: argparse.Namespace) -> None:
    global NOW
    setup(args)
    import numpy as np
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from krampe.knowledge import loaders
    from krampe.web.accounts.models import User
    from krampe.web.accounts.usernames import username_key
    from krampe.web.diary.models import Night, SealedAllocation, Trial
    from krampe.web.plans.models import SupplementPlan
    from krampe.web.profiles.models import HealthProfile

    NOW = timezone.now()
    today = timezone.localdate()
    t0 = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    _empty_tables()
    password = make_password(PASSWORD)
    product = loaders.default_form("citrate").id
    models = (User, HealthProfile, SupplementPlan, Trial, SealedAllocation, Night)
    writers = {m: Writer(m) for m in models}
    night_rows = NightRows(connection)
    rng = np.random.default_rng(2026)
    # One design per kind: every person of a kind started on the same evening.
    templates: dict[tuple[str, int], Any] = {}
    special = [("year2", 730, "blinded"), ("year2-diary", 730, None)]
    people = [(f"p{i:05d}", args.nights, KINDS[i % len(KINDS)]) for i in range(args.people)]
    everyone = people + special
    total_nights = 0
    for offset in range(0, len(everyone), CHUNK):
        chunk = everyone[offset : offset + CHUNK]
        users, profiles, plans, trials, sealed, nights = [], [], [], [], [], []
        for index, (name, count, kind) in enumerate(chunk, start=offset + 1):
            users.append(
                User(
                    id=index,
                    username=name,
                    username_key=username_key(name),
                    password=password,
                    language="en" if index % 5 == 0 else "da",
                    date_joined=NOW - dt.timedelta(days=count + 1),
                    last_login=None,
                )
            )
            profiles.append(
                HealthProfile(
                    id=index,
                    user_id=index,
                    data={
                        "age": 40 + index % 45,
                        "sex": "female" if index % 2 else "male",
                        "medicines": MEDICINES[index % len(MEDICINES)],
                        "conditions": [],
                        "symptoms": [],
                        "cramps_per_week": 4 + index % 9,
                        "takes_magnesium": False,
                    },
                )
            )
            plans.append(
                SupplementPlan(
                    id=index,
                    user_id=index,
                    product=product,
                    elemental_mg_per_tablet=100.0,
                    wake=dt.time(7, 0),
                    bed=dt.time(23, 0),
                    medicine_times=[],
                )
            )
            phase_of = lambda date: ""  # noqa: E731
            if kind is not None:
                # A short diary holds the trial's last nights only: start it within them.
                back = min(TRIAL_START[kind], count)
                if (kind, back) not in templates:
                    seed = 7 if kind == "blinded" else None
                    start = today - dt.timedelta(days=back)
                    templates[kind, back] = _trial_template(kind, start, seed, today)
                design_dict, design, allocation = templates[kind, back]
                running = today <= design.end
                trials.append(
                    Trial(
                        id=index,
                        user_id=index,
                        design=design_dict,
                        unblinded_at=NOW if kind == "blinded" and not running else None,
                        active=running,
                        created_at=NOW - dt.timedelta(days=back),
                    )
                )
                if allocation is not None:
                    sealed.append(
                        SealedAllocation(
                            id=index, trial_id=index, allocation=allocation, created_at=NOW
                        )
                    )

                def phase_of(date: dt.date, design: Any = design) -> str:
                    return design.phase_on(date) or ""

            nights.extend(night_rows.rows(index, count, today, phase_of, rng))
        with transaction.atomic():
            for model, rows in (
                (User, users),
                (HealthProfile, profiles),
                (SupplementPlan, plans),
                (Trial, trials),
                (SealedAllocation, sealed),
            ):
                writers[model].write(rows)
            writers[Night].write_rows(night_rows.columns, nights)
        total_nights += len(nights)
        done = offset + len(chunk)
        if done % 2000 < CHUNK or done == len(everyone):
            print(
                f"  {done} people, {total_nights} nights, {time.perf_counter() - t0:.0f} s",
                flush=True,
            )
    _reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"built {len(everyone)} people, {total_nights} nights in {time.perf_counter() - t0:.0f} s"
    )
    write_sessions(args, [p[0] for p in people], [s[0] for s in special])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE django_session")


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from krampe.web.accounts.models import User
    from krampe.web.diary.models import Night, SealedAllocation, Trial
    from krampe.web.plans.models import SupplementPlan
    from krampe.web.profiles.models import HealthProfile

    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(
        no_style(), [User, HealthProfile, SupplementPlan, Trial, SealedAllocation, Night]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def sessions_path(args: argparse.Namespace) -> Path:
    if args.sessions_file:
        return Path(args.sessions_file)
    return Path(os.environ["KRAMPE_DATA_DIR"]) / "sessions.json"


def login_session(user: Any) -> dict[str, str]:
    """A logged-in session for ``user`` and a CSRF secret, as a browser would hold them."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    csrf = "".join(secrets.choice(alphabet) for _ in range(32))
    assert store.session_key is not None
    return {"username": user.username, "sessionid": store.session_key, "csrftoken": csrf}


def write_sessions(args: argparse.Namespace, names: list[str], special: list[str]) -> None:
    from krampe.web.accounts.models import User

    picked = random.Random(19).sample(names, min(args.sessions, len(names)))
    by_name = {u.username: u for u in User.objects.filter(username__in=picked + special)}
    out = {
        "people": [login_session(by_name[n]) for n in picked],
        **{name: login_session(by_name[name]) for name in special if name in by_name},
    }
    path = sessions_path(args)
    path.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"sessions: {path}")


# The queries the heavy pages make, with the two-year person's id and dates.
QUERIES = {
    "nights in date order (results, summary, exports)": (
        "SELECT * FROM diary_night WHERE user_id = %(user)s ORDER BY date"
    ),
    "recent nights (log form)": (
        "SELECT * FROM diary_night WHERE user_id = %(user)s ORDER BY date DESC LIMIT 14"
    ),
    "nights in the trial's dates (status)": (
        "SELECT count(*) FROM diary_night WHERE user_id = %(user)s"
        " AND date >= %(start)s AND date <= %(end)s"
    ),
    "last night logged? (overview, save)": (
        "SELECT 1 FROM diary_night WHERE user_id = %(user)s AND date = %(last)s LIMIT 1"
    ),
    "night count (overview)": "SELECT count(*) FROM diary_night WHERE user_id = %(user)s",
    "latest trial": (
        "SELECT * FROM diary_trial WHERE user_id = %(user)s AND active"
        " ORDER BY created_at DESC, id DESC LIMIT 1"
    ),
    "session": "SELECT * FROM django_session WHERE session_key = %(session)s",
}


def explain(args: argparse.Namespace) -> None:
    setup(args)
    from django.db import connection
    from django.utils import timezone

    from krampe.web.accounts.models import User
    from krampe.web.diary.models import Trial

    user = User.objects.get(username="year2")
    trial = Trial.objects.filter(user=user).first()
    sessions = json.loads(sessions_path(args).read_text(encoding="utf-8"))
    params = {
        "user": user.pk,
        "start": (trial.start if trial else timezone.localdate()).isoformat(),
        "end": timezone.localdate().isoformat(),
        "last": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "session": sessions["year2"]["sessionid"],
    }
    postgres = connection.vendor == "postgresql"
    bad = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM diary_night")
        print(f"{connection.vendor}: {cursor.fetchone()[0]} nights in the database\n")
        for title, sql in QUERIES.items():
            if postgres:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            else:
                sqlite_sql = sql.replace("%(", ":").replace(")s", "")
                cursor.execute("EXPLAIN QUERY PLAN " + sqlite_sql, params)
            plan = "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
            print(f"-- {title}\n{plan}\n")
            # The bench's own sessions fit in one page, which PostgreSQL rightly reads whole.
            small = "django_session" in sql
            full_scan = not small and (
                ("Seq Scan" in plan) if postgres else ("SCAN " in plan and "USING" not in plan)
            )
            # A person's few trials may be sorted; their hundreds of nights must not be.
            sorts = ("Sort" in plan) if postgres else ("TEMP B-TREE" in plan)
            if full_scan or (sorts and "ORDER BY date" in sql):
                bad.append(title)
    if bad:
        sys.exit("not served by an index in order: " + "; ".join(bad))
    print("every query reads an index (in date order where it sorts)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("build", "explain"))
    parser.add_argument("--data-dir", help="SQLite: the data directory (its krampe.sqlite3)")
    parser.add_argument(
        "--database-url", help="PostgreSQL: a database whose name starts with krampe_perf"
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--sessions", type=int, default=200, help="people to log in for the load")
    parser.add_argument("--sessions-file", help="where to write the sessions (default: data dir)")
    args = parser.parse_args()
    {"build": build, "explain": explain}[args.command](args)


if __name__ == "__main__":
    main()
