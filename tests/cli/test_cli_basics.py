import subprocess
import sys

from typer.testing import CliRunner

from krampe import __version__
from krampe.cli.main import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"krampe {__version__}"


def test_help_lists_every_command():
    from typer.main import get_command

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    names = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"serve", "kb", "screen", "medicine", "diet", "plan", "schedule", "trial"} <= names
    assert {"simulate", "analyze", "demo"} <= names
    for name in names:
        assert name in result.output


def test_help_does_not_load_heavy_modules():
    code = (
        "import sys; from krampe.cli.main import app; "
        "names = ('django', 'numpy', 'scipy', 'matplotlib', 'weasyprint'); "
        "heavy = [m for m in names if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_serve_prints_lan_address_and_qr(monkeypatch, capsys):
    from krampe.cli import serve

    monkeypatch.setattr(serve, "_lan_addresses", lambda: ["192.0.2.10"])
    monkeypatch.setattr(serve, "prepare", lambda host: serve._lan_addresses())
    import waitress

    from krampe.cli import serving

    calls = {}
    monkeypatch.setattr(serving, "warm_up", lambda: None)
    # No reminder thread left running in the test process (it would outlive the test).
    monkeypatch.setattr(serving, "start_reminders", lambda: calls.update(reminders=True))
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.update(kw))
    result = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--port", "8123", "--server", "waitress"]
    )
    assert result.exit_code == 0, result.output
    assert "http://192.0.2.10:8123/" in result.output
    assert "█" in result.output or "▀" in result.output  # the QR code
    assert calls == {
        "host": "0.0.0.0",
        "port": 8123,
        "threads": 8,
        "ident": "krampe",
        "max_request_body_size": 2 * 1024 * 1024,  # the upload cap, before Django
        "reminders": True,  # one process: the scheduler runs in it
    }


def test_behind_a_proxy_waitress_takes_the_client_address_and_scheme_from_it(settings):
    from krampe.cli import serve

    settings.BEHIND_PROXY = True
    options = serve.waitress_options()
    assert options["trusted_proxy_headers"] == {"x-forwarded-for", "x-forwarded-proto"}
    assert options["trusted_proxy_count"] == 1
    settings.BEHIND_PROXY = False
    assert "trusted_proxy" not in serve.waitress_options()


def test_lan_addresses_come_from_the_interfaces_and_skip_loopback(monkeypatch):
    import socket

    from krampe.cli import serve

    monkeypatch.setattr(serve, "_interface_addresses", lambda: ["127.0.0.1", "192.0.2.9"])
    monkeypatch.setattr(socket, "gethostname", lambda: "localhost")
    assert serve._lan_addresses() == ["192.0.2.9"]
