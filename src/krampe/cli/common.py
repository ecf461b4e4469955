"""Shared CLI pieces: option choices, user errors as exit status 2, JSON in and out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

USAGE_ERROR = 2


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


class Lang(StrEnum):
    da = "da"
    en = "en"


class DesignKind(StrEnum):
    open = "open"
    blinded = "blinded"
    stretching = "stretching"


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
