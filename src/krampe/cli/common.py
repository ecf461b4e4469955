"""Shared CLI pieces: option choices, user errors as exit status 2, JSON in and out.

The choices of ``--lang`` and ``--design`` are the domain's vocabulary
(:mod:`krampe.domain.vocab`), which Typer reads from the ``Literal`` types.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import typer

from krampe.domain.vocab import Lang, TrialKind

if TYPE_CHECKING:  # the screening loads inside the commands
    from krampe.domain.screening.profile import Profile

__all__ = ["Lang", "OutputFormat", "TrialKind", "echo_json", "fail", "read_json_file"]

USAGE_ERROR = 2

OutputFormat = Literal["json", "text"]


def fail(message: str) -> typer.Exit:
    """Print ``message`` to stderr and return the Exit to raise (status 2)."""
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


@contextmanager
def user_errors(*kinds: type[Exception]) -> Iterator[None]:
    """Turn the given exception types (and ValueError) into exit status 2."""
    handled: tuple[type[Exception], ...] = (ValueError, *kinds)
    try:
        yield
    except handled as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(USAGE_ERROR)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON."""
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def read_json_file(path: Path, field: str, what: str, doc: str) -> Any:
    """Parse a JSON file ("-" reads standard input); exit 2 naming ``field`` when it can't."""
    import json

    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"{field}: file {str(path)!r} not found; allowed: {what} ({doc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{field}: cannot read {str(path)!r} ({exc})") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise fail(
            f"{field}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            f"allowed: a JSON object, see {doc}"
        ) from None


def read_profile(path: Path) -> tuple[Profile, dict[str, Any]]:
    """A profile file as (the checked screening Profile, its "plan" object).

    The "plan" object belongs to ``krampe plan``; one file serves both
    commands. Every problem of the profile is printed, naming its field, and
    the command exits 2.
    """
    from krampe.domain.screening import ProfileError, parse_profile

    data = read_json_file(path, "PROFILE", "a JSON profile file", "docs/screening.md")
    section: Any = data.pop("plan", {}) if isinstance(data, dict) else {}
    if not isinstance(section, dict):
        raise fail("plan: must be a JSON object")
    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        for problem in exc.problems:
            typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    return profile, section
