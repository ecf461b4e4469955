"""Suite-wide fixtures and the rule for tests that need a service or a browser.

Such a test skips with a visible reason on a machine without the service, but
under CI=true the same condition fails the run: CI always exercises
PostgreSQL and the browser.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

from _support import IN_CI

# Tests do not time things: a property test's examples may take as long as a
# loaded machine needs, so Hypothesis's per-example deadline is off everywhere.
settings.register_profile("krampe", deadline=None)
settings.load_profile("krampe")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        help="This is the PostgreSQL run: KRAMPE_DATABASE_URL must reach a server.",
    )


def _postgres_problem() -> str | None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return "--postgres given but KRAMPE_DATABASE_URL is not a PostgreSQL URL"
    try:
        import psycopg

        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=db.get("NAME") or "postgres",
            connect_timeout=3,
        ).close()
    except Exception as exc:
        return f"PostgreSQL is not reachable ({type(exc).__name__}: {exc})".strip()
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--postgres"):
        return
    problem = _postgres_problem()
    if problem is None:
        return
    if IN_CI:
        pytest.exit(f"required under CI=true: {problem}", returncode=1)
    marker = pytest.mark.skip(reason=problem)
    for item in items:
        item.add_marker(marker)
