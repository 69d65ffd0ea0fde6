"""One timed HTTP/1.1 request, shared by the benchmark scripts. Standard library only."""

import http.client
import time
import urllib.parse

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def timed_request(base_url, method, path, body=None, headers=None):
    """Sends one request on a new connection; returns (status, seconds)."""
    base = urllib.parse.urlparse(base_url)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, elapsed
