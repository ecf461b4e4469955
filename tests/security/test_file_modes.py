"""The data directory is 0700 and every file in it 0600, whatever the umask; an older
install with readable files is made private when `krampe serve` starts."""

from __future__ import annotations

import os
import stat
import urllib.request

import pytest

from _support import krampe_server

pytestmark = pytest.mark.own_server


def _mode(path) -> int:  # type: ignore[no-untyped-def]
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_install_is_private_under_a_careless_umask(tmp_path):
    old = os.umask(0o022)
    try:
        data = tmp_path / "new-install"
        with krampe_server(data) as server:
            # A write, so the WAL and shared-memory files exist.
            with urllib.request.urlopen(server.url + "/signup/", timeout=10) as answer:
                assert answer.status == 200
            names = {p.name for p in data.iterdir()}
            assert {"krampe.sqlite3", "secret_key"} <= names
            assert _mode(data) == 0o700
            for path in data.iterdir():
                assert _mode(path) == 0o600, path.name
    finally:
        os.umask(old)


def test_an_older_install_is_made_private_on_start(tmp_path):
    data = tmp_path / "old-install"
    with krampe_server(data):
        pass
    # As an older version left it: everything readable by every local user.
    data.chmod(0o755)
    for path in data.iterdir():
        path.chmod(0o644)
    with krampe_server(data):
        assert _mode(data) == 0o700
        for name in ("krampe.sqlite3", "secret_key"):
            assert _mode(data / name) == 0o600, name
        for extra in ("krampe.sqlite3-wal", "krampe.sqlite3-shm"):
            if (data / extra).exists():
                assert _mode(data / extra) == 0o600, extra
