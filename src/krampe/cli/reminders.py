"""`krampe reminders`: send the push reminders (a worker beside `krampe serve`)."""

from __future__ import annotations

import typer


def reminders(
    once: bool = typer.Option(False, "--once", help="Send what is due now and exit (for cron)."),
    interval: int = typer.Option(30, min=5, max=3600, help="Seconds between rounds."),
) -> None:
    """Send the evening-dose and morning-diary reminders that are due, once each."""
    import signal
    import threading

    from krampe.cli.serve import prepare

    prepare("127.0.0.1")
    from krampe.web.reminders import scheduler

    if once:
        report = scheduler.run_once()
        typer.echo(
            f"sent {len(report.sent)}, removed {len(report.removed)} expired subscriptions, "
            f"{report.failed} to try again"
        )
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    typer.echo(f"Sending reminders every {interval} s. Press Ctrl+C to stop.")
    try:
        scheduler.run_forever(stop, interval)
    except KeyboardInterrupt:
        stop.set()


def register(app: typer.Typer) -> None:
    app.command("reminders")(reminders)
