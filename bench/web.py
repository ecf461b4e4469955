"""Throughput and latency of Krampe's pages against a hello-world view, same server, same run.

    .venv/bin/python bench/scale.py build --data-dir /tmp/krampe-small --people 20 --nights 56
    .venv/bin/python bench/web.py --data-dir /tmp/krampe-small --label "SQLite, small"

Starts ``krampe serve`` (its own process, with ``bench/benchsite`` adding
``/bench/hello/`` behind Krampe's whole middleware stack) on a dataset made by
``bench/scale.py`` and drives it with wrk (``apt-get install wrk``; a C load
generator in its own process, so the client takes as little of the two cores
as possible). Every request is a logged-in person picked at random from the
dataset's sessions; saving a night posts one of the last 28 nights. For each
page and each number of clients it reports requests a second, p50 and p95 in
milliseconds and the throughput as a share of the hello view's in the same
run (the figure that matters on a shared two-core machine). With ``--rounds
N`` the pages run N times in turn and each ratio is taken within its round:
the table shows the median ratio and its range.

``--person year2`` sends every request as the person with two years of
nights. ``--src DIR`` serves another checkout's ``src`` (for a baseline of
main) with this environment; ``--serve-args`` passes options to
``krampe serve`` (e.g. ``"--workers 2"``).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
# name: (method, path)
PAGES = {
    "hello": ("GET", "/bench/hello/"),
    "overview": ("GET", "/home/"),
    "log form": ("GET", "/log/"),
    "save a night": ("POST", "/log/"),
    "results": ("GET", "/results/"),
    "summary": ("GET", "/summary/"),
    "summary PDF": ("GET", "/summary.pdf"),
    "CSV export": ("GET", "/data/diary.csv"),
    "JSON export": ("GET", "/data/krampe.json"),
    "FHIR export": ("GET", "/data/fhir.json"),
}
NIGHT = "cramps=2&worst_pain=5&awakenings=1&took_dose=yes&stretched=no&side_effect=none&note="

LUA = r"""
local sessions = {SESSIONS}
local method, path = "{METHOD}", "{PATH}"
local night = "{NIGHT}"
local counter = 0

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end

init = function(args)
  math.randomseed(os.time() * 1000 + id)
end

request = function()
  local s = sessions[math.random(#sessions)]
  local headers = {}
  headers["Cookie"] = "sessionid=" .. s[1] .. "; csrftoken=" .. s[2]
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local date = os.date("%Y-%m-%d", os.time() - 86400 * math.random(1, 28))
    -- "shown": the form showed that night, so a night already logged is saved again
    -- (a new night's form would open it for editing instead of writing).
    local body = "csrfmiddlewaretoken=" .. s[2] .. "&date=" .. date .. "&shown=" .. date
      .. "&" .. night
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(args: argparse.Namespace, port: int, log: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRAMPE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if args.database_url:
        env["KRAMPE_DATABASE_URL"] = args.database_url
        env["KRAMPE_DATA_DIR"] = args.data_dir or f"/tmp/{args.database_url.rsplit('/', 1)[-1]}"
    else:
        env["KRAMPE_DATA_DIR"] = args.data_dir
    env["KRAMPE_SECRET_KEY"] = "bench-only-secret-key"
    env["DJANGO_SETTINGS_MODULE"] = "benchsite.settings"
    paths = [str(BENCH)] + ([args.src] if args.src else [])
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "krampe", "serve", "--port", str(port)]
    command += shlex.split(args.serve_args)
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> float:
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - t0
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit("krampe serve did not start; see the server log")


def check(url: str, page: str, session: dict[str, str]) -> None:
    """One request as the person: the page must answer 200 (or 302 after a save)."""
    method, path = PAGES[page]
    cookie = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
    data = None
    if method == "POST":
        night = yesterday()
        data = f"csrfmiddlewaretoken={session['csrftoken']}&date={night}&shown={night}&{NIGHT}"
        data = data.encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a: Any, **k: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url + path, data=data, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=120) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
        location = exc.headers.get("Location", "")
        if not (method == "POST" and status == 302 and location.endswith("/log/")):
            raise SystemExit(f"{page}: {path} answered {status} {location}") from exc
        return
    if status != 200:
        raise SystemExit(f"{page}: {path} answered {status}")


def prime(url: str, page: str, sessions: list[dict[str, str]]) -> None:
    """View a page once as every person, so the timed run reads each from the cache.

    Saving a night (an earlier page of the same round) gives that person's data
    a new version, so the first view after it computes the page again; the
    cost of that first view is measured by bench/reports.py.
    """
    if PAGES[page][0] == "GET" and page != "hello":
        for session in sessions:
            check(url, page, session)


def drain(url: str) -> None:
    """Wait until the server has finished what the last run left queued.

    wrk stops counting at the end of its run, but the server still works off
    the requests it had accepted (20 slow PDFs can take a minute); the next
    page must not pay for them.
    """
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=60) as response:
                response.read()
        except OSError:
            pass
        if time.monotonic() - t0 < 0.05:
            return
        time.sleep(0.5)


def yesterday() -> str:
    return time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400))


def run_wrk(
    url: str, page: str, sessions: list[dict[str, str]], clients: int, seconds: float
) -> dict[str, Any]:
    method, path = PAGES[page]
    table = ", ".join(f'{{"{s["sessionid"]}", "{s["csrftoken"]}"}}' for s in sessions)
    script = (
        LUA.replace("{SESSIONS}", "{" + table + "}")
        .replace("{METHOD}", method)
        .replace("{PATH}", path)
        .replace("{NIGHT}", NIGHT)
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    threads = min(clients, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "120s",
        "-s",
        handle.name,
        url,
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(handle.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line[len("RESULT ") :])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "rps": raw["requests"] / seconds_run,
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000,
        "requests": raw["requests"],
        "errors": raw["errors"] + raw["status_errors"] + raw["timeouts"],
    }


def median_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("rps", "p50", "p95", "p99", "max")
    out = {k: statistics.median(r[k] for r in rounds) for k in keys}
    out["requests"] = sum(r["requests"] for r in rounds)
    out["errors"] = sum(r["errors"] for r in rounds)
    return out


def ratios(
    results: dict[tuple[str, int], list[dict[str, Any]]], page: str, base: str, count: int
) -> list[float]:
    """``page``'s throughput over ``base``'s, one figure per round.

    A ratio is taken within its round, whose pages ran one after the other a
    few seconds apart: on a shared machine whose speed drifts from minute to
    minute (the hello view alone has ranged 240–790 req/s in one hour), the
    ratio of two medians taken minutes apart measures the drift as much as
    the page.
    """
    pairs = zip(results[(page, count)], results[(base, count)], strict=True)
    return [p["rps"] / b["rps"] for p, b in pairs]


def ratio_text(values: list[float]) -> str:
    """The median ratio, and its range when there was more than one round."""
    text = f"{statistics.median(values):.3f}"
    if len(values) > 1:
        text += f" ({min(values):.2f}–{max(values):.2f})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", help="SQLite dataset (bench/scale.py build --data-dir)")
    parser.add_argument("--database-url", help="PostgreSQL dataset")
    parser.add_argument("--label", default="", help="title of the printed table")
    parser.add_argument("--person", help="every request as this person (e.g. year2)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--clients", default="1,20")
    parser.add_argument("--seconds", type=float, default=8.0, help="per page and round")
    parser.add_argument("--warm", type=float, default=2.0, help="seconds of warm-up per page")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds (medians)")
    parser.add_argument("--src", help="serve this checkout's src directory instead")
    parser.add_argument("--serve-args", default="", help="options for krampe serve")
    parser.add_argument("--json", help="append the figures to this JSON-lines file")
    parser.add_argument(
        "--sessions", type=int, default=0, help="use only the first N people (0: all)"
    )
    parser.add_argument(
        "--prime",
        action="store_true",
        help="before each timed run, view each page once as each person: time the cached page",
    )
    args = parser.parse_args()
    if not (args.data_dir or args.database_url):
        parser.error("give --data-dir or --database-url")
    data_dir = Path(args.data_dir or f"/tmp/{args.database_url.rsplit('/', 1)[-1]}")
    all_sessions = json.loads((data_dir / "sessions.json").read_text(encoding="utf-8"))
    sessions = [all_sessions[args.person]] if args.person else all_sessions["people"]
    if args.sessions:
        sessions = sessions[: args.sessions]
    pages = ["hello"] + [p for p in args.pages.split(",") if p and p != "hello"]
    for page in pages:
        if page not in PAGES:
            parser.error(f"--pages: {page!r} is not one of {', '.join(PAGES)}")
    clients = [int(c) for c in args.clients.split(",")]

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w+b", suffix=".log") as log:
        server = start_server(args, port, log)
        try:
            ready = wait_ready(url, server)
            print(f"server ready in {ready:.2f} s: krampe serve {args.serve_args}".rstrip())
            for page in pages:
                check(url, page, sessions[0])
                if args.warm:
                    run_wrk(url, page, sessions, 4, args.warm)
                    drain(url)
            results: dict[tuple[str, int], list[dict[str, Any]]] = {}
            for _ in range(args.rounds):
                for count in clients:
                    for page in pages:
                        if args.prime:
                            prime(url, page, sessions)
                        figure = run_wrk(url, page, sessions, count, args.seconds)
                        drain(url)
                        results.setdefault((page, count), []).append(figure)
                        print(
                            f"  {page:>13} {count:>2} clients: {figure['rps']:8.1f} req/s"
                            f"  p50 {figure['p50']:7.1f}  p95 {figure['p95']:7.1f} ms",
                            flush=True,
                        )
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.seek(0)
            tail = log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            if server.returncode not in (0, -15):
                print("server log:", *tail, sep="\n  ")
    report(args, pages, clients, results)


def report(
    args: argparse.Namespace,
    pages: list[str],
    clients: list[int],
    results: dict[tuple[str, int], list[dict[str, Any]]],
) -> None:
    figures = {k: median_of(v) for k, v in results.items()}
    head = "| page |"
    rule = "|---|"
    for count in clients:
        noun = "client" if count == 1 else "clients"
        head += f" req/s, {count} {noun} | p50 / p95 ms | × hello |"
        rule += "---|---|---|"
    print(f"\n{args.label}\n\n{head}\n{rule}")
    for page in pages:
        row = f"| {page} |"
        for count in clients:
            f = figures[(page, count)]
            errors = f" ({f['errors']} errors)" if f["errors"] else ""
            row += (
                f" {f['rps']:,.1f}{errors} | {f['p50']:,.0f} / {f['p95']:,.0f} |"
                f" {ratio_text(ratios(results, page, 'hello', count))} |"
            )
        print(row)
    against = [p for p in ("results", "summary") if p in pages]
    if "overview" in pages and against:
        # The goal for results and the summary is against the overview's throughput.
        heads = [f"× overview, {c} client{'' if c == 1 else 's'}" for c in clients]
        print("\n| page | " + " | ".join(heads) + " |")
        print("|---|" + "---|" * len(clients))
        for page in against:
            cells = [ratio_text(ratios(results, page, "overview", c)) for c in clients]
            print(f"| {page} | " + " | ".join(cells) + " |")
    if args.json:
        with open(args.json, "a", encoding="utf-8") as handle:
            for (page, count), f in figures.items():
                record = {
                    "label": args.label,
                    "page": page,
                    "clients": count,
                    **f,
                    "x_hello_rounds": ratios(results, page, "hello", count),
                }
                handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
