"""`krampe serve`: migrate and serve the web app with a production server."""

from __future__ import annotations

import os
from enum import StrEnum

import typer


class Server(StrEnum):
    """The servers `krampe serve --server` accepts."""

    auto = "auto"
    gunicorn = "gunicorn"
    waitress = "waitress"


def _interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces (Linux), read locally."""
    import fcntl
    import socket
    import struct

    siocgifaddr = 0x8915
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    probe.fileno(), siocgifaddr, struct.pack("256s", name[:15].encode())
                )
            except OSError:
                continue  # an interface without an IPv4 address
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _lan_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, found without sending anything."""
    import contextlib
    import socket

    candidates: list[str] = []
    # Not Linux: fall back to what the host name resolves to.
    with contextlib.suppress(ImportError, OSError, AttributeError):
        candidates += _interface_addresses()
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    candidates += [str(info[4][0]) for info in infos]
    found: list[str] = []
    for address in candidates:
        if not address.startswith("127.") and address not in found:
            found.append(address)
    return found


def _print_qr(url: str) -> None:
    import io

    import qrcode

    qr = qrcode.QRCode(border=1)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.StringIO()
    qr.print_ascii(out=buffer, invert=True)
    typer.echo(buffer.getvalue())


def prepare(host: str) -> list[str]:
    """Set up Django for serving: private data dir, secret key, allowed hosts, migrations.

    Every file Krampe creates from here on is the owner's alone (umask 077), and
    files of an older install are made private too. Returns the LAN addresses
    when serving on all interfaces.
    """
    from krampe import config

    os.umask(config.PRIVATE_UMASK)
    lan = _lan_addresses() if host in {"0.0.0.0", "::"} else []
    if lan and not os.environ.get("KRAMPE_ALLOWED_HOSTS"):
        os.environ["KRAMPE_ALLOWED_HOSTS"] = ",".join(["localhost", "127.0.0.1", "[::1]", *lan])
    elif host not in {"0.0.0.0", "::", "127.0.0.1", "localhost"} and not os.environ.get(
        "KRAMPE_ALLOWED_HOSTS"
    ):
        os.environ["KRAMPE_ALLOWED_HOSTS"] = ",".join(["localhost", "127.0.0.1", "[::1]", host])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krampe.web.settings")

    import io

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limits' counters
    # expired sessions, old login failures, cached reports of an earlier release
    call_command("housekeeping", stdout=io.StringIO())
    config.make_private(config.data_dir())  # the database, and the keys on any engine
    return lan


def waitress_options() -> dict[str, object]:
    """Request size cap and, behind a proxy, the headers waitress may trust."""
    from django.conf import settings

    options: dict[str, object] = {"max_request_body_size": settings.MAX_REQUEST_BYTES}
    if settings.BEHIND_PROXY:
        # The client address (REMOTE_ADDR) and the scheme come from the proxy; the app
        # port must be reachable from the proxy alone (docs/hosting.md).
        options.update(
            trusted_proxy="*",
            trusted_proxy_count=1,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
            clear_untrusted_proxy_headers=True,
        )
    return options


def serve(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on; 0.0.0.0 opens it to your network."
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(
        0,
        min=0,
        max=64,
        help="Worker processes (gunicorn); 0 means one per core.",
        show_default="one per core",
    ),
    threads: int = typer.Option(8, min=1, max=64, help="Threads per worker process."),
    server: Server = typer.Option(  # noqa: B008 (an enum member is a constant)
        Server.auto,
        help="auto (gunicorn, or waitress on Windows), gunicorn or waitress (one process).",
    ),
) -> None:
    """Start Krampe: create the data directory, apply migrations and serve the app."""
    from krampe import config
    from krampe.cli import serving

    chosen = serving.choose(server.value)
    processes = workers or serving.default_workers()

    lan = prepare(host)
    from django.conf import settings

    typer.echo(f"Krampe data: {config.data_dir()}")
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    typer.echo(f"Krampe is running at http://{shown}:{port}/")
    if settings.SITE_URL:
        typer.echo(f"Public address: {settings.SITE_URL}/")
    for address in lan:
        url = f"http://{address}:{port}/"
        typer.echo(f"On your network (open it on your phone): {url}")
        _print_qr(url)
    if chosen == "gunicorn":
        typer.echo(f"gunicorn: {processes} worker processes, {threads} threads each.")
    else:
        typer.echo(f"waitress: one process, {threads} threads.")
    reminders = config.reminders_in_serve()
    if reminders:
        typer.echo("Push reminders are sent by this server (KRAMPE_REMINDERS=false to leave it).")
    typer.echo("Press Ctrl+C to stop.")

    from django.core.servers.basehttp import get_internal_wsgi_application

    # The web app's WSGI application (settings.WSGI_APPLICATION, with its request-size
    # cap), by the settings module prepare() named.
    application = get_internal_wsgi_application()
    if chosen == "gunicorn":
        serving.run_gunicorn(
            application,
            serving.GunicornOptions(
                host=host,
                port=port,
                workers=processes,
                threads=threads,
                behind_proxy=settings.BEHIND_PROXY,
                reminders_lock=config.data_dir() / serving.REMINDERS_LOCK if reminders else None,
            ),
        )
    else:
        serving.run_waitress(application, host, port, threads, waitress_options(), reminders)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
