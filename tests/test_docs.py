"""The README and docs say what the code does."""

import re
from pathlib import Path

from krampe import config

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> str:
    match = re.search(r"^## Quick start\n(.*?)^## ", README, re.S | re.M)
    assert match, "README has no Quick start section"
    return match.group(1)


def test_quick_start_has_exactly_two_commands():
    blocks = re.findall(r"```sh\n(.*?)```", quick_start(), re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["scripts/serve", "scripts/test"]
    for command in commands:
        assert (ROOT / command).stat().st_mode & 0o111, f"{command} is not executable"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test" in ci
    assert "pg_ctlcluster 15 main start" in ci
    assert "apt-get install" in ci and "chromium" in ci


def test_every_setting_is_in_the_configuration_table():
    for setting in config.SETTINGS:
        assert f"| `{setting.name}` |" in README, setting.name


def test_every_command_is_documented():
    from typer.main import get_command

    from krampe.cli.main import app

    docs = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert re.search(rf"^#+ `?krampe {name}\b", docs, re.M), (
            f"no docs heading for krampe {name}"
        )
