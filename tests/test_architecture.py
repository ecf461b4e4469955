"""The functional core stays pure: knowledge and domain import no Django and no shell."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold(monkeypatch):
    monkeypatch.chdir(ROOT)
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_the_contract_covers_knowledge_and_domain():
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    forbidden = {c["name"]: c for c in contracts if c["type"] == "forbidden"}
    (contract,) = forbidden.values()
    assert set(contract["source_modules"]) == {"krampe.knowledge", "krampe.domain"}
    assert {"django", "krampe.web", "krampe.api", "krampe.cli"} <= set(
        contract["forbidden_modules"]
    )
