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


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory for the database and secret key, created if missing."""
    raw = env_str("KRAMPE_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("krampe", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
