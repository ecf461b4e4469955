"""Deployment settings from the environment: KRAMPE_SITE_URL, KRAMPE_BEHIND_PROXY, logging."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from _support import clean_env

pytestmark = pytest.mark.own_server

SITE = "https://krampe.example.dk"


def _django(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(
            KRAMPE_DATA_DIR=str(tmp_path / "data"),
            DJANGO_SETTINGS_MODULE="krampe.web.settings",
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_an_https_site_url(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(
            KRAMPE_DATA_DIR=str(tmp_path / "data"),
            KRAMPE_SITE_URL=SITE,
            DJANGO_SETTINGS_MODULE="krampe.web.settings",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_warns_without_a_site_url(tmp_path):
    # The control: the same check does find the plain-http install's gaps.
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean_env(
            KRAMPE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="krampe.web.settings"
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


SETTINGS_DUMP = """
import json
from django.conf import settings as s
print(json.dumps({
    "hosts": s.ALLOWED_HOSTS,
    "trusted": getattr(s, "CSRF_TRUSTED_ORIGINS", []),
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
    "hsts": s.SECURE_HSTS_SECONDS,
    "redirect": s.SECURE_SSL_REDIRECT,
    "proxy": s.SECURE_PROXY_SSL_HEADER,
    "site": s.SITE_URL,
}))
"""


def test_an_https_site_url_makes_cookies_secure_hsts_a_year_and_trusts_its_origin(tmp_path):
    result = _django(tmp_path, SETTINGS_DUMP, KRAMPE_SITE_URL=SITE + "/")
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert "krampe.example.dk" in got["hosts"]
    assert got["trusted"] == [SITE]
    assert got["session_secure"] and got["csrf_secure"] and got["redirect"]
    assert got["hsts"] == 31536000
    assert got["proxy"] is None  # the proxy header is trusted only with KRAMPE_BEHIND_PROXY
    assert got["site"] == SITE


def test_behind_proxy_trusts_x_forwarded_proto(tmp_path):
    result = _django(tmp_path, SETTINGS_DUMP, KRAMPE_BEHIND_PROXY="true")
    got = json.loads(result.stdout)
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert not got["session_secure"]  # plain http site: no Secure cookies that would vanish


@pytest.mark.parametrize(
    "value", ["krampe.example.dk", "ftp://krampe.example.dk", "https://x.dk/app", "https://"]
)
def test_a_bad_site_url_is_refused_naming_the_setting(tmp_path, value):
    result = _django(tmp_path, "import django; django.setup()", KRAMPE_SITE_URL=value)
    assert result.returncode != 0
    assert "KRAMPE_SITE_URL" in result.stderr
    assert "https://krampe.example.dk" in result.stderr  # what is allowed


def test_errors_are_logged_to_stderr_with_their_traceback(tmp_path):
    code = (
        "import django, logging; django.setup()\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error: /x')\n"
        "logging.getLogger('krampe.security').warning('login failed: user %r', 'bob')\n"
    )
    result = _django(tmp_path, code)
    assert "ERROR django.request: Internal Server Error: /x" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "WARNING krampe.security: login failed: user 'bob'" in result.stderr


def test_admins_and_mail_server_from_the_environment(tmp_path):
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(json.dumps([s.ADMINS, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS,"
        " s.EMAIL_HOST_USER, s.LOGGING['loggers']['django.request']['handlers']]))"
    )
    result = _django(
        tmp_path,
        code,
        KRAMPE_ADMINS="ops@example.dk, doc@example.dk",
        KRAMPE_EMAIL_URL="smtp://mailer:s%40cret@mail.example.dk",
    )
    assert result.returncode == 0, result.stderr
    admins, host, port, tls, user, handlers = json.loads(result.stdout)
    assert [a[1] for a in admins] == ["ops@example.dk", "doc@example.dk"]
    assert (host, port, tls, user) == ("mail.example.dk", 587, True, "mailer")
    assert handlers == ["mail_admins"]
