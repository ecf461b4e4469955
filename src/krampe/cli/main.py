"""The `krampe` console entry point.

Each command group lives in its own module under ``krampe.cli`` and exposes
``register(app)``. Those modules import only Typer at module level and load
the domain, numpy or Django inside the command bodies, so ``krampe --help``
stays fast.
"""

from __future__ import annotations

import importlib

import typer

from krampe import __version__

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "krampe.cli.serve",
    "krampe.cli.reminders",
    "krampe.cli.kb",
    "krampe.cli.screen",
    "krampe.cli.diet",
    "krampe.cli.plan",
    "krampe.cli.trial",
    "krampe.cli.demo",
    "krampe.cli.data",
]

app = typer.Typer(
    name="krampe",
    help="Krampe: screen, plan and test magnesium and stretching for night leg cramps.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"krampe {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Krampe: screen, plan and test magnesium and stretching for night leg cramps."""


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not built yet
                continue
            raise
        module.register(app)


_register_all()


def run() -> None:
    app()
