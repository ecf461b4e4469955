"""Configuration from the environment through small typed helpers.

Every setting Krampe reads is listed in ``SETTINGS`` so the README's
configuration table can be checked against it by a test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Health data: the data directory and every file in it are the owner's alone.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "KRAMPE_DATA_DIR",
        "the user data directory (platformdirs)",
        "Where the SQLite database, the secret key and the push (VAPID) key are kept.",
    ),
    Setting(
        "KRAMPE_DATABASE_URL",
        "(unset: SQLite in KRAMPE_DATA_DIR)",
        "A PostgreSQL URL, e.g. postgresql://user:password@host:5432/krampe.",
    ),
    Setting(
        "KRAMPE_SECRET_KEY",
        "(generated once, kept in KRAMPE_DATA_DIR/secret_key)",
        "Django's secret key. Set it when several app servers share one database.",
    ),
    Setting(
        "KRAMPE_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the app answers to.",
    ),
    Setting("KRAMPE_DEBUG", "false", "Django debug mode. Never on in production."),
    Setting(
        "KRAMPE_SITE_URL",
        "(unset: links follow the request)",
        "The public address, e.g. https://krampe.example.dk. Its host is allowed and trusted "
        "for CSRF; with https, cookies are Secure, HSTS is sent for a year, http is "
        "redirected to https, and links (the calendar feed too) use it.",
    ),
    Setting(
        "KRAMPE_HSTS_PRELOAD",
        "false",
        "With an https KRAMPE_SITE_URL: add `preload` to HSTS, so the domain may be put on "
        "the browsers' preload list. Only if every subdomain is served over https.",
    ),
    Setting(
        "KRAMPE_BEHIND_PROXY",
        "false",
        "true when a reverse proxy terminates TLS in front of `krampe serve`: trust its "
        "X-Forwarded-Proto and take the client address from X-Forwarded-For. Only when the "
        "app port is reachable from the proxy alone.",
    ),
    Setting(
        "KRAMPE_SIGNUPS_PER_HOUR",
        "10",
        "New accounts one client address may create in an hour.",
    ),
    Setting(
        "KRAMPE_ADMINS",
        "(unset: no mail)",
        "Comma-separated e-mail addresses that get a mail with the traceback of every "
        "server error (needs KRAMPE_EMAIL_URL).",
    ),
    Setting(
        "KRAMPE_EMAIL_URL",
        "(unset: mails are written to the server's output, not sent)",
        "The mail server for password reset links and for KRAMPE_ADMINS: "
        "smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 (TLS) or "
        "smtp+plain://host:25. Characters such as @ or : in the user name or password are "
        "%-encoded.",
    ),
    Setting(
        "KRAMPE_SERVER_EMAIL",
        "krampe@localhost",
        "The sender address of the mails Krampe sends (password reset links, error mails).",
    ),
    Setting(
        "KRAMPE_LOG_LEVEL",
        "INFO",
        "Level of the `krampe` logger on standard error (DEBUG, INFO, WARNING, ERROR).",
    ),
    Setting(
        "KRAMPE_VAPID_PRIVATE_KEY",
        "(generated once, kept in KRAMPE_DATA_DIR/vapid_private_key, mode 0600)",
        "The push signing key (VAPID, P-256, base64url). Set it when several app servers "
        "share one database: phones subscribe to this key.",
    ),
    Setting(
        "KRAMPE_VAPID_SUBJECT",
        "mailto:krampe@localhost",
        "A mailto: or https: address of whoever runs the server, sent to push services "
        "with every reminder. Set it for a hosted install.",
    ),
    Setting(
        "KRAMPE_REMINDERS",
        "true",
        "Whether krampe serve sends the push reminders itself (false when a separate "
        "krampe reminders worker does). Several senders never send a reminder twice.",
    ),
)


class ConfigError(ValueError):
    """A setting in the environment has a value Krampe cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    value = raw.lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use true or false")


def env_int(name: str, default: int, low: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low:
        raise ConfigError(f"{name}={raw!r} is not allowed; use a whole number of at least {low}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory for the database and secret key, created if missing (mode 0700)."""
    raw = env_str("KRAMPE_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("krampe", appauthor=False))
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    return path


def make_private(directory: Path) -> list[Path]:
    """Give the data directory mode 0700 and every file in it 0600; return what changed.

    Fixes installs made before the files were private, whatever the umask was.
    """
    changed: list[Path] = []
    for path, mode in [(directory, PRIVATE_DIR_MODE)] + [
        (child, PRIVATE_FILE_MODE) for child in sorted(directory.iterdir()) if child.is_file()
    ]:
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
            changed.append(path)
    return changed


def private_file(name: str, make: Callable[[], str]) -> str:
    """The text of ``name`` in the data dir, written once from ``make()`` at mode 0600.

    Two processes starting at once agree on one value: the file is created
    exclusively, and the loser reads what the winner wrote.
    """
    path = data_dir() / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    value = make()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value.strip()


def secret_key() -> str:
    """KRAMPE_SECRET_KEY, or a key generated once and kept in the data dir (mode 0600)."""
    key = env_str("KRAMPE_SECRET_KEY")
    if key:
        return key
    return private_file("secret_key", lambda: secrets.token_urlsafe(50))


def vapid_subject() -> str:
    """Who runs this server, for push services (the VAPID ``sub`` claim)."""
    return env_str("KRAMPE_VAPID_SUBJECT", "mailto:krampe@localhost")


def reminders_in_serve() -> bool:
    """Whether ``krampe serve`` sends the push reminders itself."""
    return env_bool("KRAMPE_REMINDERS", default=True)


def database_url() -> str:
    return env_str("KRAMPE_DATABASE_URL")


@dataclass(frozen=True)
class Site:
    """KRAMPE_SITE_URL taken apart: scheme, host (for ALLOWED_HOSTS) and origin."""

    url: str
    scheme: str
    host: str
    origin: str

    @property
    def https(self) -> bool:
        return self.scheme == "https"


def site() -> Site | None:
    """KRAMPE_SITE_URL, checked: http(s), a host, no path, query or user part."""
    raw = env_str("KRAMPE_SITE_URL")
    if not raw:
        return None
    parts = urlsplit(raw)
    allowed = "use the public address, e.g. https://krampe.example.dk"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"KRAMPE_SITE_URL={raw!r} is not an http(s) address; {allowed}")
    if parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        raise ConfigError(f"KRAMPE_SITE_URL={raw!r} must be only scheme and host; {allowed}")
    origin = f"{parts.scheme}://{parts.netloc}"
    return Site(origin, parts.scheme, parts.hostname, origin)


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    use_ssl: bool


EMAIL_SCHEMES = {
    "smtp": (587, True, False),
    "smtps": (465, False, True),
    "smtp+plain": (25, False, False),
}


def email() -> Email | None:
    """KRAMPE_EMAIL_URL as SMTP settings; None when unset."""
    raw = env_str("KRAMPE_EMAIL_URL")
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in EMAIL_SCHEMES or not parts.hostname:
        raise ConfigError(
            f"KRAMPE_EMAIL_URL is not a mail server address; use {', '.join(EMAIL_SCHEMES)}://"
            "user:password@host:port"
        )
    try:
        given_port = parts.port
    except ValueError:  # not a number: named without echoing the URL and its password
        raise ConfigError("KRAMPE_EMAIL_URL has a port that is not a number") from None
    port, tls, ssl = EMAIL_SCHEMES[parts.scheme]
    return Email(
        parts.hostname,
        given_port or port,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        tls,
        ssl,
    )


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def log_level() -> str:
    raw = env_str("KRAMPE_LOG_LEVEL", "INFO").upper()
    if raw not in LOG_LEVELS:
        raise ConfigError(f"KRAMPE_LOG_LEVEL={raw!r} is not allowed; use {', '.join(LOG_LEVELS)}")
    return raw
