"""HTTP measurements for `make bench` beyond the side-by-side ones in bench/run.py: a flood of
logins beside pages, and the accounts pages at 100,000 accounts. Standard library only."""

import sys
import threading
import urllib.parse

from http_timing import FORM, percentile_ms, run_threads, timed_request

BASE_URL = sys.argv[1]


def request(method, path, body=None, headers=None):
    return timed_request(BASE_URL, method, path, body, headers)


def load(name, method, path, body=None, concurrency=8, total=800, headers=None):
    """`total` requests from `concurrency` clients; `body` may be a list, one per client."""
    times, statuses, lock = [], {}, threading.Lock()
    per_worker = total // concurrency
    bodies = body if isinstance(body, list) else [body] * concurrency

    def worker(body):
        for _ in range(per_worker):
            status, elapsed = request(method, path, body, headers)
            with lock:
                times.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    wall = run_threads(worker, [(bodies[i % len(bodies)],) for i in range(concurrency)])
    times.sort()
    pct = lambda p: percentile_ms(times, p)  # noqa: E731
    print(
        f"{name:<34} {len(times) / wall:8.0f} req/s   p50 {pct(0.50):7.2f} ms   "
        f"p99 {pct(0.99):7.2f} ms   statuses {statuses}"
    )


def session_cookie():
    """Logs bench0 in and returns its session cookie (`name=value`)."""
    import http.client

    base = urllib.parse.urlparse(BASE_URL)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    body = urllib.parse.urlencode({"email": "bench0@example.com", "password": "correct horse battery staple"})
    conn.request("POST", "/api/auth/login", body=body, headers=FORM)
    response = conn.getresponse()
    response.read()
    cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    return next(c for c in cookies if c.startswith("latchkey_session="))


signed_in = {"Cookie": session_cookie()}
# One account per client: logins for one address at once are counted against one allowance.
login = [
    urllib.parse.urlencode({"email": f"bench{i}@example.com", "password": "correct horse battery staple"})
    for i in range(8)
]
print()
print("## A flood of logins for made-up addresses (64 clients) beside pages, /healthz and a real login")
# Every flood request names a new address, so no throttle stops it: it all reaches the bounded
# hashing queue, which turns the excess away at once (503 + Retry-After) instead of queueing.
flood_statuses, flood_lock, flooding = {}, threading.Lock(), threading.Event()
flooding.set()


def flood(worker):
    n = 0
    while flooding.is_set():
        n += 1
        body = urllib.parse.urlencode({"email": f"flood{worker}-{n}@example.com", "password": "a made-up guess"})
        status, _ = request("POST", "/api/auth/login", body, FORM)
        with flood_lock:
            flood_statuses[status] = flood_statuses.get(status, 0) + 1


flooders = [threading.Thread(target=flood, args=(w,)) for w in range(64)]
for t in flooders:
    t.start()
load("  GET /auth/login during the flood", "GET", "/auth/login", total=400, concurrency=2)
load("  GET /healthz during the flood", "GET", "/healthz", total=1000, concurrency=2)
load("  POST /api/auth/login (real) in the flood", "POST", "/api/auth/login", login, total=40, concurrency=2, headers=FORM)
# 503 is the bounded queue saying "busy, retry in 1 s" at once, instead of making every login wait.
flooding.clear()
for t in flooders:
    t.join()
print(f"  flood answers: {flood_statuses} (503 = turned away at once by the full hashing queue)")

print()
print("## The accounts page at 100,000 accounts (an API Owner's session, 2 concurrent clients)")
load("GET /admin/users (first page)", "GET", "/admin/users", total=200, concurrency=2, headers=signed_in)
load("GET /admin/users (page after 99,950)", "GET", "/admin/users?after=99950", total=200, concurrency=2, headers=signed_in)
load("GET /admin/users?q=person99999 (search)", "GET", "/admin/users?q=person99999", total=100, concurrency=2, headers=signed_in)
load("GET /admin/users?q=nobody (no match)", "GET", "/admin/users?q=nobody", total=100, concurrency=2, headers=signed_in)
load("GET /admin/audit (first page)", "GET", "/admin/audit", total=200, concurrency=2, headers=signed_in)
