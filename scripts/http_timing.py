"""What the benchmark scripts share: a timed HTTP/1.1 request, running workers in threads,
and percentiles. Standard library only."""

import http.client
import threading
import time
import urllib.parse

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def timed_request(base_url, method, path, body=None, headers=None):
    """Sends one request on a new connection; returns (status, seconds)."""
    status, elapsed, _, _ = timed_request_with_retry_after(base_url, method, path, body, headers)
    return status, elapsed


def timed_request_with_retry_after(base_url, method, path, body=None, headers=None):
    """Like `timed_request`, with the `Retry-After` seconds of the answer (or None) and the
    `name=value` pairs of the cookies it sets as well."""
    base = urllib.parse.urlparse(base_url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    retry_after = response.getheader("Retry-After")
    cookies = [value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    return response.status, elapsed, int(retry_after) if retry_after else None, cookies


def run_threads(target, args_list):
    """Runs `target(*args)` for each args tuple on its own thread; returns the wall time."""
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def percentile_ms(sorted_seconds, p):
    """The p-th percentile (0..1) of sorted durations in seconds, in milliseconds."""
    if not sorted_seconds:
        return 0.0
    return sorted_seconds[min(len(sorted_seconds) - 1, int(p * len(sorted_seconds)))] * 1000
