"""Shared CLI error handling: domain errors become a message and exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

USAGE_ERROR = 2


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
