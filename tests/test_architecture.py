"""The layers hold: knowledge and domain are pure, the shells sit on the domain, the web
apps reach each other only through web.core, and the web never imports the API."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_import_linter_contracts_hold(monkeypatch):
    monkeypatch.chdir(ROOT)
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_knowledge_and_domain_import_no_django_and_no_shell():
    (pure,) = [c for c in _contracts().values() if c["type"] == "forbidden"]
    assert set(pure["source_modules"]) == {"krampe.knowledge", "krampe.domain"}  # type: ignore[arg-type]
    assert {"django", "krampe.web", "krampe.api", "krampe.cli"} <= set(pure["forbidden_modules"])  # type: ignore[arg-type]


def test_the_shells_are_independent_layers_above_the_domain_and_the_knowledge_base():
    layers = [c.get("layers") for c in _contracts().values() if not c.get("containers")]
    assert ["krampe.cli | krampe.web | krampe.api", "krampe.domain", "krampe.knowledge"] in [
        layer for layer in layers if layer
    ]


def test_every_web_app_is_in_the_web_layers_and_only_core_reads_other_apps():
    (web,) = [c for c in _contracts().values() if c.get("containers") == ["krampe.web"]]
    named = {app.strip() for layer in web["layers"] for app in str(layer).split("|")}  # type: ignore[union-attr]
    apps = {p.parent.name for p in (ROOT / "src" / "krampe" / "web").glob("*/apps.py")}
    assert apps <= named
    # Only web.core.queries reads other apps' rows; the other exceptions are plumbing that
    # reads no rows: accounts' use of the rate limits (Django's cache) for sign-up and
    # "Forgot your password?", and of the text validator on its forms.
    plumbing = {
        "krampe.web.accounts.views -> krampe.web.core.ratelimit",
        "krampe.web.accounts.urls -> krampe.web.core.ratelimit",
        "krampe.web.accounts.reset_views -> krampe.web.core.ratelimit",
        "krampe.web.accounts.forms -> krampe.web.core.validators",
    }
    for ignored in web["ignore_imports"]:  # type: ignore[union-attr]
        assert str(ignored).startswith("krampe.web.core.queries -> ") or ignored in plumbing
