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


def _cli_sections() -> dict[str, str]:
    """The text of each ``## krampe NAME`` section of docs/cli.md, by NAME."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `?krampe ([\w-]+)`?.*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _commands() -> list[tuple[str, str, object]]:
    """(top-level name, full name, click command) of every command and subcommand."""
    from typer.main import get_command

    from krampe.cli.main import app

    out = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):  # a group: kb, trial
            out += [(name, f"{name} {sub}", c) for sub, c in command.commands.items()]
        else:
            out.append((name, name, command))
    return out


def test_every_subcommand_is_documented_in_its_commands_section():
    sections = _cli_sections()
    for top, full, _command in _commands():
        assert top in sections, f"docs/cli.md has no section for krampe {top}"
        if full != top:
            sub = full.split(" ", 1)[1]
            assert re.search(rf"krampe {top} [\w|]*\b{sub}\b", sections[top]), (
                f"docs/cli.md does not show krampe {full}"
            )


def test_every_option_of_every_command_is_documented():
    sections = _cli_sections()
    checked = 0
    for top, full, command in _commands():
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name != "option" or param.name == "help":
                continue
            checked += 1
            longest = max(param.opts, key=len)
            assert longest in sections[top], f"docs/cli.md does not name {longest} of krampe {full}"
    assert checked > 40  # the options were really read
