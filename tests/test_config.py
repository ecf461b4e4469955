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
