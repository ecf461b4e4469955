"""`krampe reminders`: send the push reminders (a worker beside `krampe serve`).

The web app's ``send_reminders`` command does the work (the command line
never imports the web app); this module prepares Django and runs it.
"""

from __future__ import annotations

import typer


def reminders(
    once: bool = typer.Option(False, "--once", help="Send what is due now and exit (for cron)."),
    interval: int = typer.Option(30, min=5, max=3600, help="Seconds between rounds."),
) -> None:
    """Send the evening-dose and morning-diary reminders that are due, once each."""
    import io

    from krampe.cli.serve import prepare

    prepare("127.0.0.1")
    from django.core.management import call_command

    if once:
        typer.echo(call_command("send_reminders", once=True, stdout=io.StringIO()))
        return
    typer.echo(f"Sending reminders every {interval} s. Press Ctrl+C to stop.")
    call_command("send_reminders", interval=interval)


def register(app: typer.Typer) -> None:
    app.command("reminders")(reminders)
