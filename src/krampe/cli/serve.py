"""`krampe serve`: migrate and serve the web app with a production server."""

from __future__ import annotations

import os

import typer


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
    call_command("housekeeping", stdout=io.StringIO())  # expired sessions, old login failures
    config.make_private(config.data_dir())  # the database, and the keys on any engine
    return lan


def _send_reminders_in_background() -> None:
    """The web app's reminder scheduler in a daemon thread: it ends with the server."""
    import threading

    from django.core.management import call_command

    threading.Thread(
        target=call_command, args=("send_reminders",), name="krampe-reminders", daemon=True
    ).start()


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
    threads: int = typer.Option(8, min=1, max=64, help="Worker threads."),
) -> None:
    """Start Krampe: create the data directory, apply migrations and serve the app."""
    from krampe import config

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
    if config.reminders_in_serve():
        _send_reminders_in_background()
        typer.echo("Push reminders are sent by this server (KRAMPE_REMINDERS=false to leave it).")
    typer.echo("Press Ctrl+C to stop.")

    import waitress
    from django.core.wsgi import get_wsgi_application

    # The web app's WSGI application, by the settings module prepare() named.
    waitress.serve(
        get_wsgi_application(),
        host=host,
        port=port,
        threads=threads,
        ident="krampe",
        **waitress_options(),
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
