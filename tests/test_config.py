import stat

import pytest

from krampe import config


def test_secret_key_is_created_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.setenv("KRAMPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KRAMPE_SECRET_KEY", raising=False)
    first = config.secret_key()
    key_file = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 50
    assert config.secret_key() == first


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("KRAMPE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KRAMPE_SECRET_KEY", "from-env")
    assert config.secret_key() == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_data_dir_defaults_to_the_platform_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("KRAMPE_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert config.data_dir() == tmp_path / "krampe"
    assert (tmp_path / "krampe").is_dir()


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("KRAMPE_DEBUG", raw)
    assert config.env_bool("KRAMPE_DEBUG") is expected


def test_env_bool_names_the_setting_on_bad_input(monkeypatch):
    monkeypatch.setenv("KRAMPE_DEBUG", "maybe")
    with pytest.raises(config.ConfigError, match="KRAMPE_DEBUG='maybe'"):
        config.env_bool("KRAMPE_DEBUG")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("KRAMPE_ALLOWED_HOSTS", "a.example, b.example ,")
    assert config.env_list("KRAMPE_ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_postgres_url_selects_postgresql(monkeypatch):
    from krampe.web import settings

    monkeypatch.setenv("KRAMPE_DATABASE_URL", "postgresql://u:p@db.internal:5433/krampe")
    db = settings._databases()["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.internal", 5433, "krampe")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.dk", ("mail.example.dk", 587, "", "", True, False)),
        (
            "smtps://krampe:s3cret@mail.example.dk",
            ("mail.example.dk", 465, "krampe", "s3cret", False, True),
        ),
        ("smtp+plain://localhost:2525", ("localhost", 2525, "", "", False, False)),
        (
            "smtp://me%40example.dk:p%3Ass@mail.example.dk:25",
            ("mail.example.dk", 25, "me@example.dk", "p:ss", True, False),
        ),
    ],
)
def test_email_url_gives_the_smtp_settings(monkeypatch, url, expected):
    monkeypatch.setenv("KRAMPE_EMAIL_URL", url)
    server = config.email()
    assert server is not None
    assert (
        server.host,
        server.port,
        server.user,
        server.password,
        server.use_tls,
        server.use_ssl,
    ) == expected


def test_no_email_url_means_no_mail_server(monkeypatch):
    monkeypatch.delenv("KRAMPE_EMAIL_URL", raising=False)
    assert config.email() is None


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.example.dk", "use smtp, smtps, smtp+plain://"),
        ("smtp://", "use smtp, smtps, smtp+plain://"),
        ("smtp://u:secretpw@host:port", "a port that is not a number"),
    ],
)
def test_a_bad_email_url_is_named_without_its_password(monkeypatch, url, says):
    monkeypatch.setenv("KRAMPE_EMAIL_URL", url)
    with pytest.raises(config.ConfigError, match="KRAMPE_EMAIL_URL") as error:
        config.email()
    assert "secretpw" not in str(error.value)
    assert says in str(error.value)


def _mail_settings(env: dict[str, str]) -> list[str]:
    import os
    import subprocess
    import sys

    code = (
        "from krampe.web import settings as s; "
        "print(s.EMAIL_BACKEND, getattr(s, 'EMAIL_HOST', '-'), getattr(s, 'EMAIL_PORT', '-'), "
        "s.DEFAULT_FROM_EMAIL)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_settings_use_the_console_back_end_without_a_mail_server(tmp_path):
    backend, host, port, sender = _mail_settings({"KRAMPE_DATA_DIR": str(tmp_path)})
    assert backend == "django.core.mail.backends.console.EmailBackend"
    assert (host, port) == ("-", "-")
    assert sender == "krampe@localhost"


def test_settings_use_smtp_with_a_mail_server(tmp_path):
    env = {
        "KRAMPE_DATA_DIR": str(tmp_path),
        "KRAMPE_EMAIL_URL": "smtps://u:p@mail.example.dk",
        "KRAMPE_SERVER_EMAIL": "krampe@example.dk",
    }
    assert _mail_settings(env) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.dk",
        "465",
        "krampe@example.dk",
    ]
