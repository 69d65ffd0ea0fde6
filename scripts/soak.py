"""The soak for `make bench`: simulated people log in and go through the whole reset flow
against one server, with a real SMTP server (aiosmtpd, installed by bench.sh) catching the mail.
Usage: soak.py BASE_URL SMTP_PORT USERS SECONDS. Reports errors, mail lost, throughput and
latency percentiles. Each person has their own account and stays under the mail cap."""

import re
import sys
import threading
import time
import urllib.parse

from aiosmtpd.controller import Controller
from http_timing import FORM, percentile_ms, run_threads, timed_request_with_retry_after

BASE_URL = sys.argv[1]
SMTP_PORT, USERS, SECONDS = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
LINK = re.compile(r"token=([A-Za-z0-9_-]{43})")

inbox, inbox_lock = {}, threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode("utf-8", "replace").replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
        with inbox_lock:
            for rcpt in envelope.rcpt_tos:
                inbox.setdefault(rcpt.lower(), []).append(text)
        return "250 OK"


Controller(Sink(), hostname="127.0.0.1", port=SMTP_PORT).start()

stats_lock = threading.Lock()
latencies, errors, flows = [], [], {"logins": 0, "resets": 0, "busy": 0}


def call(method, path, body=None, device=None):
    """One request as a person's browser makes it: it sends back the device cookie it was given
    (`device`, a dict: a browser that logged in before is no new device), and told the server
    is busy (503 with Retry-After, the hashing queue is full), it waits as asked and tries again."""
    waited = 0.0
    while True:
        headers = dict(FORM) if body else {}
        if device and "cookie" in device:
            headers["Cookie"] = device["cookie"]
        status, elapsed, retry_after, cookies = timed_request_with_retry_after(BASE_URL, method, path, body, headers)
        for cookie in cookies:
            if cookie.startswith("latchkey_device=") and device is not None:
                device["cookie"] = cookie
        if status != 503 or retry_after is None:
            break
        with stats_lock:
            flows["busy"] += 1
        waited += elapsed + retry_after
        time.sleep(retry_after)
    with stats_lock:
        latencies.append(waited + elapsed)
    return status


def expect(status, wanted, what):
    if status != wanted:
        with stats_lock:
            errors.append(f"{what}: {status}")
        return False
    return True


def person(i, deadline):
    email, password = f"soak{i + 1}@example.com", "correct horse battery staple"
    resets, device = 0, {}
    while time.time() < deadline:
        form = urllib.parse.urlencode({"email": email, "password": password})
        if expect(call("POST", "/api/auth/login", form, device), 200, "login"):
            with stats_lock:
                flows["logins"] += 1
        if resets >= 3 or time.time() > deadline - 10:
            continue
        # The whole flow: ask, wait for the email, open the link, set a new password.
        seen = len(inbox.get(email, []))
        if not expect(call("POST", "/api/auth/forgot", urllib.parse.urlencode({"email": email})), 200, "forgot"):
            continue
        token = None
        for _ in range(300):
            with inbox_lock:
                fresh = [m for m in inbox.get(email, [])[seen:] if "Reset your" in m]
            if fresh:
                token = LINK.search(fresh[-1]).group(1)
                break
            time.sleep(0.1)
        if token is None:
            with stats_lock:
                errors.append("reset email never arrived")
            continue
        expect(call("GET", f"/auth/reset/code?token={token}"), 200, "reset page")
        new_password = f"new passphrase {i} {resets}"
        form = urllib.parse.urlencode({"token": token, "password": new_password, "confirm": new_password})
        if expect(call("POST", "/api/auth/reset", form), 200, "reset"):
            password = new_password
            resets += 1
            with stats_lock:
                flows["resets"] += 1


deadline = time.time() + SECONDS
elapsed = run_threads(person, [(i, deadline) for i in range(USERS)])


def mailed(subject):
    with inbox_lock:
        return sum(sum(subject in m for m in box) for box in inbox.values())


# The last "password changed" emails may still be on their way: wait for them (up to 30 s).
settle_deadline = time.time() + 30
while mailed("was changed") < flows["resets"] and time.time() < settle_deadline:
    time.sleep(0.2)
resets_mailed, changed_mailed = mailed("Reset your"), mailed("was changed")
latencies.sort()
pct = lambda p: percentile_ms(latencies, p)  # noqa: E731
print(f"## Soak: {USERS} people for {SECONDS} s")
print(f"requests {len(latencies)}  ({len(latencies) / elapsed:.0f}/s)   p50 {pct(0.5):.1f} ms   p99 {pct(0.99):.1f} ms")
print(f"logins {flows['logins']}   complete reset flows {flows['resets']}   "
      f"told 'busy, retry in 1 s' {flows['busy']} times (latency above includes the waits)")
print(f"errors {len(errors)} {sorted(set(errors))[:5]}")
print(f"mail: {resets_mailed} reset emails for {flows['resets']} resets, {changed_mailed} 'changed' emails "
      f"-> missing after 30 s: {max(0, flows['resets'] - changed_mailed)}")
