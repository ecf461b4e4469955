"""`krampe demo`: a demo account with eight weeks of realistic simulated data.

The account is built by the web app's ``demo_account`` command (the command
line never imports the web app); this module checks the options and prints
how to log in.
"""

from __future__ import annotations

import secrets

import typer

from krampe.cli.common import fail
from krampe.domain.vocab import LANGS

DEMO_TRIALS = ("open", "blinded")
MIN_PASSWORD = 8


def demo(
    username: str = typer.Option("demo", help="Username of the demo account."),
    password: str | None = typer.Option(
        None, help="Password of the demo account (default: a new random one, printed)."
    ),
    trial: str = typer.Option("open", help="The demo trial: open or blinded."),
    lang: str = typer.Option("da", help="The account's language: da or en."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port shown in the login URL."),
    force: bool = typer.Option(
        False, "--force", help="Replace an account with this name that krampe demo did not make."
    ),
) -> None:
    """Create (or reset) a demo account with eight weeks of simulated diary data."""
    if not username.strip() or len(username) > 150:
        raise fail("--username: must be 1 to 150 characters")
    if trial not in DEMO_TRIALS:
        raise fail(f"--trial: {trial!r} is not allowed; use open or blinded")
    if lang not in LANGS:
        raise fail(f"--lang: {lang!r} is not allowed; use da or en")
    if password is not None and len(password) < MIN_PASSWORD:
        raise fail(f"--password: must be at least {MIN_PASSWORD} characters")
    generated = secrets.token_urlsafe(9)
    while generated.startswith("-"):
        # A generated password starting with "-" would be read as an option by the command.
        generated = secrets.token_urlsafe(9)
    password = password or generated

    from krampe.cli.serve import prepare

    prepare("127.0.0.1")  # data directory, settings and migrations, as `krampe serve`
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        count = call_command(
            "demo_account",
            username=username.strip(),
            password=password,
            trial=trial,
            lang=lang,
            force=force,
            stdout=io.StringIO(),  # the command returns the count; the messages are printed here
        )
    except CommandError as exc:  # a password the validators refuse, or a real account
        raise fail(str(exc)) from None
    typer.echo(f"Demo account ready: {count} nights, {trial} trial.")
    typer.echo("Start Krampe with: krampe serve")
    typer.echo(f"Log in at:  http://127.0.0.1:{port}/login/")
    typer.echo(f"Username:   {username.strip()}")
    typer.echo(f"Password:   {password}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
