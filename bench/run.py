"""`make bench`: Latchkey beside Django 5.2's own auth views on this machine, in one run. Every
page is rendered for the request it answers. Two measurements of each scenario:

- saturation (wrk, 64 connections, as fast as it can): requests per second, beside Django's, held
  to a minimum ratio; the p99 there is reported, not budgeted (by Little's law it is 64 ÷ rps);
- a fixed offered load (oha -q, 1,000 requests a second): the p99 a person feels at real load,
  held to a budget.

The scenarios and their budgets are one table, `SCENARIOS`. Writes target/bench/report.md and
target/bench/latency.png, and exits non-zero when a budget is missed. Speed is never asserted by
the tests, only here.

Run by scripts/bench.sh, which installs wrk, oha and this script's virtualenv (Django, gunicorn,
matplotlib) and builds the release binary first."""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/release/latchkey"
OUT = ROOT / "target/bench"
PEER = ROOT / "bench/peers/django"
PASSWORD = "correct horse battery staple"
KNOWN = "bench0@example.com"
CONNECTIONS, SECONDS = 64, 8
# The offered load at which the p99 budgets hold, and for how long.
RATE, RATE_SECONDS = 1000, 8
FORM = "application/x-www-form-urlencoded"
ACCOUNTS = 64
# Correct logins spread over the accounts, so that no address sees many at once (they would
# count against one allowance).
LOGINS = dict(
    method="POST",
    body="",
    vary=f'"email=bench" .. ((n + tag) % {ACCOUNTS}) .. "%40example.com&password={urllib.parse.quote(PASSWORD)}"',
)

# Django checks its CSRF token on every POST, as a browser would send it (cookie and field).
CSRF = "benchbenchbenchbenchbenchbench12"
CSRF_COOKIE = {"Cookie": f"csrftoken={CSRF}"}
CSRF_FIELD = f"csrfmiddlewaretoken={CSRF}"

# Budgets besides the scenarios'. A miss fails the bench, never the tests.
TIMING_GAP_MS = 1.0
LOGIN_SHARE_MIN = 0.90
PAGE_P99_DURING_LOGINS_MS = 20.0
PAGE_WEIGHT_KB = 150
FIRST_ROUND_TRIP_KB = 14
IDLE_RSS_MB = 30
FLOOD_RSS_MB = 150


@dataclass
class Run:
    rps: float
    p50: float
    p90: float
    p99: float
    errors: int

    def cell(self):
        return f"{self.rps:,.0f} / {self.p99:.1f} ms"


def log(message):
    print(message, flush=True)


# ---- wrk ---------------------------------------------------------------------------------------


def lua(method="GET", body=None, vary=None, headers=None):
    """A wrk script: the method, headers and body of every request; with `vary`, a Lua
    expression giving each request its own body (`n` counts requests, `tag` tells the threads
    apart): a different address each time."""
    lines = [f'wrk.method = "{method}"']
    for name, value in (headers or {}).items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    if body is not None:
        lines.append(f'wrk.headers["Content-Type"] = "{FORM}"')
        lines.append(f'wrk.body = "{body}"')
    if vary is not None:
        lines += [
            "local n = 0",
            "local tag = 0",
            "init = function() math.randomseed(os.time() + os.clock() * 1000000); tag = math.random(1, 1000000000) end",
            "request = function()",
            "  n = n + 1",
            f"  return wrk.format(nil, nil, nil, {vary})",
            "end",
        ]
    return "\n".join(lines) + "\n"


def wrk(base, path, connections=CONNECTIONS, seconds=SECONDS, threads=2, **script):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua(**script))
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", f.name, base + path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(f.name)
    return parse_wrk(out)


def parse_wrk(out):
    def ms(p):
        match = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return Run(rps, ms(50), ms(90), ms(99), errors)


def oha(base, path, method="GET", body=None, vary=None, headers=None, rate=RATE, seconds=RATE_SECONDS):
    """`rate` requests a second offered for `seconds`, whatever the answers' pace (latency
    corrected: a late answer is timed from when its request was due, so a stall is not hidden).
    `vary` (wrk's per-request bodies) has no equivalent: the fixed `body` stands for it."""
    del vary
    # -w: the requests still in flight when the time is up are answered and timed, not aborted
    # (oha would count those as errors).
    command = ["oha", "--no-tui", "--output-format", "json", "--latency-correction", "-w", "-z", f"{seconds}s",
               "-q", str(rate), "-c", str(CONNECTIONS), "-m", method]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if body is not None:
        command += ["-T", FORM, "-d", body]
    out = subprocess.run([*command, base + path], check=True, capture_output=True, text=True).stdout
    return parse_oha(json.loads(out))


def parse_oha(result):
    summary, pct = result["summary"], result["latencyPercentiles"]
    statuses = result.get("statusCodeDistribution", {})
    errors = sum(result.get("errorDistribution", {}).values()) + sum(
        n for code, n in statuses.items() if int(code) >= 400
    )
    ms = lambda p: (pct.get(p) or 0) * 1000  # noqa: E731
    return Run(summary["requestsPerSec"], ms("p50"), ms("p90"), ms("p99"), errors)


# ---- servers -------------------------------------------------------------------------------------


class Process:
    """A server the bench started, stopped when the bench ends."""

    process = None

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None


class Latchkey(Process):
    def __init__(self, port, database_url, work):
        self.port, self.base = port, f"http://127.0.0.1:{port}"
        self.env = dict(
            os.environ,
            LATCHKEY_ADDR=f"127.0.0.1:{port}",
            LATCHKEY_DATABASE_URL=database_url,
            LATCHKEY_MAIL_DIR=str(work / f"mail-{port}"),
            LATCHKEY_SECRET_KEY="ab" * 32,
            LATCHKEY_LOG="warn",
            # Benchmarks measure the work, not the abuse limits.
            LATCHKEY_RATE_LIMIT_IP_PER_MIN="100000000",
            # Sign-up on, for its timing beside forgot's.
            LATCHKEY_SIGNUP="open",
        )

    def cli(self, *args, stdin=None):
        return subprocess.run(
            [BINARY, *args], env=self.env, input=stdin, check=True, capture_output=True, text=True
        ).stdout

    def add_accounts(self, n):
        for i in range(n):
            self.cli("user", "add", "--email", f"bench{i}@example.com", "--role", "owner", "--password-stdin", stdin=PASSWORD)

    def start(self):
        self.process = subprocess.Popen([BINARY, "serve"], env=self.env)
        wait_ready(self.base + "/readyz")
        return self

    def status(self, field):
        text = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) / 1024

    def reset_token(self):
        link = self.cli("user", "reset-link", "--email", KNOWN).strip().split()[-1]
        return urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]

    def session_cookie(self):
        body = urllib.parse.urlencode({"email": KNOWN, "password": PASSWORD}).encode()
        request = urllib.request.Request(self.base + "/api/auth/login", data=body, headers={"Content-Type": FORM})
        with urllib.request.urlopen(request) as response:
            cookies = response.headers.get_all("Set-Cookie")
        return next(c.split(";")[0] for c in cookies if c.startswith("latchkey_session="))


class Django(Process):
    def __init__(self, port, work):
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        self.env = dict(os.environ, PEER_DB=str(work / "django.sqlite3"), PYTHONPATH=str(PEER))

    def start(self):
        python = Path(sys.executable)
        subprocess.run([python, PEER / "setup_peer.py"], env=self.env, check=True)
        self.token_path, session = subprocess.run(
            [python, "-c", TOKEN_SNIPPET], env=self.env, check=True, capture_output=True, text=True, cwd=PEER
        ).stdout.split()
        self.session_cookie = f"sessionid={session}"
        self.process = subprocess.Popen(
            [python.parent / "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "peer.wsgi:application"],
            env=self.env,
            cwd=PEER,
        )
        wait_ready(self.base + "/accounts/login/")
        return self


TOKEN_SNIPPET = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
django.setup()
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = User.objects.get(username="bench0")
print(f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/")
# A signed-in session, as LoginView would store it.
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def wait_ready(url):
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"{url} never answered")


def served_size(url, accept="br"):
    """Bytes on the wire for `url` when the client accepts `accept` (brotli)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
    return len(body), encoding, body


# ---- measurements --------------------------------------------------------------------------------


def forgot_timing(server, rounds=300):
    """Sequential, alternating known and unknown addresses: the medians must match."""
    return known_unknown_timing(server, "/api/auth/forgot", {}, rounds)


def signup_timing(server, rounds=100):
    """Sign-up's answer for an address with an account and for a new one (each hashes the
    password first, so fewer rounds): the medians must match."""
    password = "a bench passphrase of some length"
    return known_unknown_timing(server, "/api/auth/signup", {"password": password, "confirm": password}, rounds)


def known_unknown_timing(server, path, fields, rounds):
    """Medians (ms) of POSTs to `path` with `fields`, alternating `KNOWN` and unknown addresses."""
    known, unknown = [], []
    tag = time.time_ns()
    for i in range(rounds):
        for email, bucket in ((KNOWN, known), (f"nobody-{tag}-{i}@example.com", unknown)):
            body = urllib.parse.urlencode({"email": email, **fields}).encode()
            request = urllib.request.Request(server.base + path, data=body, headers={"Content-Type": FORM})
            start = time.perf_counter()
            with urllib.request.urlopen(request) as response:
                response.read()
            bucket.append((time.perf_counter() - start) * 1000)
    return statistics.median(known), statistics.median(unknown)


def hashing_ceiling():
    """One Argon2id check's time on one core (ms), and checks per second on every core with
    nothing else running: the most logins this machine could check."""
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "latchkey-domain", "--example", "hash_time"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    one_ms, per_second = map(float, out.split())
    return one_ms, per_second


def page_weight(base):
    """What the login page needs, as served to a browser that accepts brotli."""
    html_bytes, html_encoding, _ = served_size(base + "/auth/login")
    _, _, raw_html = served_size(base + "/auth/login", accept="identity")
    assets = sorted(set(re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js|wasm))"', raw_html.decode())))
    sizes = {"HTML (/auth/login)": (html_bytes, html_encoding)}
    for asset in assets:
        size, encoding, _ = served_size(base + asset)
        sizes[asset] = (size, encoding)
    # The wasm is fetched by the script, not named in the HTML unless preloaded.
    if not any(a.endswith(".wasm") for a in assets):
        wasm = next((a[:-3] + "_bg.wasm" for a in assets if a.endswith(".js")), None)
        if wasm:
            size, encoding, _ = served_size(base + wasm)
            sizes[wasm] = (size, encoding)
    return sizes


def first_round_trip(base, paths):
    """HTML + CSS of each page as served (brotli when accepted)."""
    result = {}
    for path in paths:
        html_bytes, _, _ = served_size(base + path)
        _, _, raw = served_size(base + path, accept="identity")
        css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(/[^"]+)"|<link[^>]+href="(/[^"]+\.css)"', raw.decode())
        css_paths = sorted({a or b for a, b in css})
        result[path] = html_bytes + sum(served_size(base + c)[0] for c in css_paths)
    return result


# ---- the report ----------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.lines, self.misses = [], []

    def add(self, text=""):
        self.lines.append(text)
        log(text)

    def budget(self, ok, what):
        mark = "met" if ok else "**MISSED**"
        if not ok:
            self.misses.append(what)
        return mark


def ratio(ours, theirs):
    return ours.rps / theirs.rps if theirs.rps else float("inf")


def chart(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [name for name, _, _ in rows]
    fig, ax = plt.subplots(figsize=(11, 5))
    width = 0.13
    for i, (who, pick, color) in enumerate(
        [("Latchkey", 1, "#2563eb"), ("Django 5.2", 2, "#9ca3af")]
    ):
        for j, (pct, alpha) in enumerate([("p50", 1.0), ("p90", 0.7), ("p99", 0.45)]):
            values = [getattr(row[pick], pct) if row[pick] else 0 for row in rows]
            offsets = [x + (i * 3 + j - 2.5) * width for x in range(len(rows))]
            ax.bar(offsets, values, width, color=color, alpha=alpha, label=f"{who} {pct}")
    ax.set_yscale("log")
    ax.set_ylabel("latency (ms, log scale)")
    ax.set_xticks(range(len(rows)), labels, rotation=10, fontsize=8)
    ax.set_title(f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on one 2-core machine: Latchkey (SQLite) and Django 5.2")
    ax.legend(ncol=2, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="latchkey-bench-"))
    report = Report()
    servers = []
    try:
        measure(report, work, servers)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    (OUT / "report.md").write_text("\n".join(report.lines) + "\n")
    log(f"\nwrote {OUT / 'report.md'} and {OUT / 'latency.png'}")
    if report.misses:
        log("budgets missed:\n  " + "\n  ".join(report.misses))
        sys.exit(1)


class DiskProbe:
    """While in use: a 4 KB append and an fsync every 5 ms, on the filesystem the database is
    on, timed. What a durable commit waits for at least, measured beside the writes."""

    def __init__(self, path):
        self.path, self.times = path, []

    def __enter__(self):
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def __exit__(self, *_):
        self.running = False
        self.thread.join()

    def run(self):
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while self.running:
                os.write(fd, b"x" * 4096)
                start = time.perf_counter()
                os.fsync(fd)
                self.times.append((time.perf_counter() - start) * 1000)
                time.sleep(0.005)
        finally:
            os.close(fd)
            os.unlink(self.path)

    def cell(self):
        if not self.times:
            return "not measured"
        t = sorted(self.times)
        slow = sum(1 for x in t if x > 20)
        return (f"p50 {t[len(t) // 2]:.2f} ms, p99 {t[int(len(t) * 0.99)]:.1f} ms, max {t[-1]:.0f} ms "
                f"({slow} of {len(t)} over 20 ms)")


@dataclass
class Request:
    """One kind of request, as wrk (saturation) and oha (a fixed rate) send it. `vary`: a Lua
    expression giving each of wrk's requests its own body (see `lua`); oha sends `body`."""

    path: str
    method: str = "GET"
    body: str = None
    vary: str = None
    headers: dict = None

    def wrk(self):
        script = dict(method=self.method, headers=self.headers)
        if self.method == "POST":
            script.update(body="" if self.vary else self.body, vary=self.vary)
        return dict(path=self.path, **script)

    def oha(self):
        return dict(path=self.path, method=self.method, body=self.body, headers=self.headers)


@dataclass
class Scenario:
    """A row of the report: Latchkey's request and Django's for the same moment (`None` where
    Django has none), the least ratio of their rates at saturation, and the p99 budget at the
    fixed offered load (`None`: reported only)."""

    name: str
    ours: Request
    theirs: Request
    min_ratio: float
    p99_ms: float


def scenarios(token, cookie, django_cookie, django_reset_path):
    """Every scenario and its budgets. At least 5× Django wherever Django does the same work (a
    page rendered from its template and data, a form handled); 3× where Django answers from a fixed
    template and Latchkey renders a page that repeats the address typed. p99 ≤ 10 ms for a page at
    1,000 req/s, 20 ms for forgot password, which waits for its batch's sync to disk."""
    known = urllib.parse.quote(KNOWN)
    unknown = '"email=nobody-" .. tag .. "-" .. n .. "%40example.com"'
    signed_in, django_signed_in = {"Cookie": cookie}, {"Cookie": django_cookie}
    return [
        Scenario("GET login page", Request("/auth/login"), Request("/accounts/login/"), 5, 10),
        Scenario("GET login page a proxy sent someone to (?return_to=)", Request("/auth/login?return_to=%2Faccount"),
                 Request("/accounts/login/?next=%2F"), 5, 10),
        Scenario("GET forgot page", Request("/auth/forgot"), Request("/accounts/password_reset/"), 5, 10),
        Scenario("GET forgot confirmation (?sent=1), the address typed",
                 Request("/auth/forgot?sent=1", headers={"Cookie": f"latchkey_forgot_email={known}"}),
                 Request("/accounts/password_reset/done/"), 3, 10),
        # Django has no account page; its nearest signed-in page is the password change form.
        Scenario("GET account page (signed in)", Request("/account", headers=signed_in),
                 Request("/accounts/password_change/", headers=django_signed_in), 5, 10),
        Scenario("GET change-password page (signed in)", Request("/account/password", headers=signed_in),
                 Request("/accounts/password_change/", headers=django_signed_in), 5, 10),
        Scenario("GET account page after a change (?changed=password)",
                 Request("/account?changed=password", headers=signed_in),
                 Request("/accounts/password_change/done/", headers=django_signed_in), 5, 10),
        Scenario("GET reset page (valid link)", Request(f"/auth/reset/code?token={token}"),
                 Request(django_reset_path), 5, 10),
        # After the reset page: a request for a known address revokes its earlier links.
        Scenario("POST forgot, known address", Request("/api/auth/forgot", "POST", f"email={known}"),
                 Request("/accounts/password_reset/", "POST", f"{CSRF_FIELD}&email={known}", headers=CSRF_COOKIE), 5, 20),
        Scenario("POST forgot, unknown address",
                 Request("/api/auth/forgot", "POST", "email=nobody%40example.com", vary=unknown),
                 Request("/accounts/password_reset/", "POST", f"{CSRF_FIELD}&email=nobody%40example.com",
                         vary=f'"{CSRF_FIELD}&" .. {unknown}', headers=CSRF_COOKIE), 5, 20),
        Scenario("GET /api/auth/verify (signed in)", Request("/api/auth/verify", headers=signed_in), None, None, 10),
        # The floor: the same server answering with nothing (no page, no database).
        Scenario("the floor: GET /healthz (empty answer)", Request("/healthz"), None, None, None),
    ]


def measure(report, work, servers):
    port = int(os.environ.get("LATCHKEY_BENCH_PORT", "3197"))
    sqlite = Latchkey(port, f"sqlite://{work}/bench.db?mode=rwc", work)
    sqlite.add_accounts(ACCOUNTS)
    sqlite.start()
    servers.append(sqlite)
    time.sleep(1)
    idle_rss = sqlite.status("VmRSS")
    django = Django(port + 1, work).start()
    servers.append(django)

    token = sqlite.reset_token()
    cookie = sqlite.session_cookie()
    rows = []
    disk = DiskProbe(work / "fsync-probe")
    for scenario in scenarios(token, cookie, django.session_cookie, django.token_path):
        log(f"measuring {scenario.name}")
        if scenario.ours.method == "POST":
            with disk:
                saturated = wrk(sqlite.base, **scenario.ours.wrk())
        else:
            saturated = wrk(sqlite.base, **scenario.ours.wrk())
        at_rate = oha(sqlite.base, **scenario.ours.oha())
        peer = wrk(django.base, **scenario.theirs.wrk()) if scenario.theirs else None
        rows.append((scenario, saturated, at_rate, peer))
    mk, mu = forgot_timing(sqlite)
    sk, su = signup_timing(sqlite)

    report.add("# Latchkey beside Django 5.2")
    report.add()
    report.add(f"One run on one {os.cpu_count()}-core machine. Latchkey: release build, SQLite (WAL, synchronous=FULL), "
               "every page rendered for its request. Django 5.2: its own LoginView / PasswordResetView / "
               "PasswordResetDoneView / PasswordResetConfirmView / PasswordChangeView / PasswordChangeDoneView under "
               "gunicorn with 2 workers, SQLite, sessions in the database, locmem mail.")
    report.add()
    report.add(f"- **saturation**: `wrk -t2 -c{CONNECTIONS} -d{SECONDS}s` against both, as fast as each answers; the ratio "
               f"is Latchkey's requests per second over Django's. Its p99 is reported only: with {CONNECTIONS} requests "
               f"always in flight it is {CONNECTIONS} ÷ rps, a throughput figure in disguise.")
    report.add(f"- **at {RATE:,} req/s**: `oha -q {RATE} -z {RATE_SECONDS}s -c {CONNECTIONS} --latency-correction -w` "
               "against Latchkey: the p99 a person feels when the service is busy but not overrun.")
    report.add()
    report.add(f"| scenario | saturation: Latchkey rps / p99 | Django rps / p99 | ratio (budget) | p99 at {RATE:,} req/s (budget) |")
    report.add("|---|---|---|---|---|")
    for scenario, saturated, at_rate, peer in rows:
        cells = [scenario.name, saturated.cell(), peer.cell() if peer else "—"]
        if peer and scenario.min_ratio:
            r = ratio(saturated, peer)
            ok = r >= scenario.min_ratio and saturated.errors == 0
            mark = report.budget(ok, f"{scenario.name}: {r:.1f}× Django (needs {scenario.min_ratio:g}×), "
                                     f"{saturated.errors} errors")
            cells.append(f"**{r:.1f}×** (≥ {scenario.min_ratio:g}×: {mark})")
        else:
            cells.append("—")
        if scenario.p99_ms:
            ok = at_rate.p99 <= scenario.p99_ms and at_rate.errors == 0
            mark = report.budget(ok, f"{scenario.name}: p99 {at_rate.p99:.1f} ms at {RATE} req/s (needs ≤ "
                                     f"{scenario.p99_ms:g} ms), {at_rate.errors} errors, {at_rate.rps:.0f} req/s served")
            cells.append(f"{at_rate.p99:.1f} ms (≤ {scenario.p99_ms:g} ms: {mark})")
        else:
            cells.append(f"{at_rate.p99:.1f} ms")
        report.add("| " + " | ".join(cells) + " |")
    report.add(f"| the disk: one 4 KB append + fsync beside the forgot runs | {disk.cell()} | — | — | — |")
    report.add()
    gap = abs(mk - mu)
    report.add(f"Forgot password, sequential and alternating: median known {mk:.3f} ms, unknown {mu:.3f} ms, "
               f"gap {gap:.3f} ms (budget ≤ {TIMING_GAP_MS} ms: {report.budget(gap <= TIMING_GAP_MS, f'timing gap {gap:.3f} ms')}).")
    signup_gap = abs(sk - su)
    signup_ok = report.budget(signup_gap <= TIMING_GAP_MS, f"sign-up timing gap {signup_gap:.3f} ms")
    report.add(f"Sign-up, the same way: median address with an account {sk:.3f} ms, new address {su:.3f} ms, "
               f"gap {signup_gap:.3f} ms (budget ≤ {TIMING_GAP_MS} ms: {signup_ok}).")
    report.add()
    chart([(scenario.name, saturated, peer) for scenario, saturated, _, peer in rows if peer], OUT / "latency.png")
    report.add("![latency percentiles at saturation](latency.png)")
    report.add()

    # Logins: how close to what the cores can hash, and pages beside them.
    log("measuring logins")
    hash_ms, ceiling = hashing_ceiling()
    logins = wrk(sqlite.base, "/api/auth/login", connections=8, **LOGINS)
    report.add("## Logins (Argon2id)")
    report.add()
    share = logins.rps / ceiling
    report.add(f"One check takes {hash_ms:.1f} ms on one core; all {os.cpu_count()} cores hashing and nothing else "
               f"check {ceiling:.0f} a second (cores ÷ one check: {os.cpu_count() * 1000 / hash_ms:.0f}). Measured (8 connections): {logins.rps:.0f} logins/s, p99 {logins.p99:.0f} ms = "
               f"**{share:.1%}** of the ceiling (budget ≥ {LOGIN_SHARE_MIN:.0%}: "
               f"{report.budget(share >= LOGIN_SHARE_MIN and logins.errors == 0, f'logins at {share:.1%} of the ceiling')}).")
    pages_during = during(sqlite)
    report.add(f"The login page while logins saturate the cores: {pages_during.cell()} (budget p99 ≤ "
               f"{PAGE_P99_DURING_LOGINS_MS:.0f} ms: {report.budget(pages_during.p99 <= PAGE_P99_DURING_LOGINS_MS, f'page p99 {pages_during.p99:.1f} ms during logins')}).")
    report.add()

    # Memory.
    flood_rss = sqlite.status("VmHWM")
    report.add("## Memory")
    report.add()
    report.add(f"Idle RSS after start: {idle_rss:.1f} MB (budget ≤ {IDLE_RSS_MB} MB: "
               f"{report.budget(idle_rss <= IDLE_RSS_MB, f'idle RSS {idle_rss:.1f} MB')}); "
               f"peak RSS after every run above, logins included: {flood_rss:.1f} MB (budget ≤ {FLOOD_RSS_MB} MB: "
               f"{report.budget(flood_rss <= FLOOD_RSS_MB, f'peak RSS {flood_rss:.1f} MB')}).")
    report.add()

    # Page weight.
    report.add("## Page weight (as served to a browser that accepts brotli)")
    report.add()
    report.add("| what the login page loads | bytes | encoding |")
    report.add("|---|---|---|")
    sizes = page_weight(sqlite.base)
    for name, (size, encoding) in sizes.items():
        report.add(f"| `{name}` | {size:,} | {encoding or 'none'} |")
    total = sum(size for size, _ in sizes.values())
    report.add(f"| **total** | **{total:,}** ({total / 1024:.0f} KB) | budget ≤ {PAGE_WEIGHT_KB} KB: "
               f"{report.budget(total <= PAGE_WEIGHT_KB * 1024, f'login page weighs {total / 1024:.0f} KB')} |")
    report.add()
    report.add(f"HTML + CSS of each page (one round trip, budget ≤ {FIRST_ROUND_TRIP_KB} KB):")
    report.add()
    # A fresh link: the forgot runs above revoked the first one.
    fresh = sqlite.reset_token()
    for path, size in first_round_trip(sqlite.base, ["/auth/login", "/auth/forgot", f"/auth/reset/code?token={fresh}"]).items():
        mark = report.budget(size <= FIRST_ROUND_TRIP_KB * 1024, f"{path} first round trip {size / 1024:.1f} KB")
        report.add(f"- `{path.split('?')[0]}`: {size:,} bytes: {mark}")
    report.add()

    # PostgreSQL: the same forgot figures.
    sqlite.stop()
    servers.remove(sqlite)
    pg_url = os.environ.get("LATCHKEY_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    database = f"latchkey_bench_{os.getpid()}"
    if subprocess.run(["psql", pg_url + "/postgres", "-qc", f"CREATE DATABASE {database}"], capture_output=True).returncode == 0:
        try:
            pg = Latchkey(port + 2, f"{pg_url}/{database}", work)
            pg.add_accounts(1)
            pg.start()
            servers.append(pg)
            report.add("## The same on PostgreSQL")
            report.add()
            report.add("| figure | Latchkey (PostgreSQL) rps / p99 | Django (SQLite) rps / p99 | ratio |")
            report.add("|---|---|---|---|")
            for scenario, _, _, peer in (row for row in rows if row[0].ours.method == "POST"):
                run = wrk(pg.base, **scenario.ours.wrk())
                report.add(f"| {scenario.name} | {run.cell()} | {peer.cell()} | {ratio(run, peer):.1f}× |")
            pk, pu = forgot_timing(pg)
            report.add()
            report.add(f"Sequential medians on PostgreSQL: known {pk:.3f} ms, unknown {pu:.3f} ms.")
            report.add()
            pg.stop()
            servers.remove(pg)
        finally:
            subprocess.run(["psql", pg_url + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"])
    else:
        report.add("(PostgreSQL at LATCHKEY_BENCH_PG_URL not reachable: its figures are left out.)")


def during(server):
    """The login page at 4 connections while 8 connections log in."""
    hog = threading.Thread(target=wrk, args=(server.base, "/api/auth/login"), kwargs=dict(connections=8, seconds=SECONDS + 2, **LOGINS))
    hog.start()
    time.sleep(1)
    page = wrk(server.base, "/auth/login", connections=4, seconds=SECONDS, threads=1)
    hog.join()
    return page


if __name__ == "__main__":
    main()
