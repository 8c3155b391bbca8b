"""What the proof scripts (two-nodes, crash-loads, soak) share: failing, a free port, an HTTP call that never
raises, and waiting for a server's /readyz."""
import json
import socket
import sys
import time
import urllib.error
import urllib.request


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None, headers=None, data=None, timeout=30):
    """(status, body); `body` is sent as JSON, `data` as it is. A transport error (a server killed under the
    request, a timeout) is status 0 with the error's text."""
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except Exception as error:
        return 0, str(error).encode()


def wait_ready(base, what, seconds=60, process=None):
    """Waits until `base`/readyz answers 200; fails naming `what` after `seconds`, or at once if `process` ended."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if request(f"{base}/readyz", timeout=2)[0] == 200:
            return
        if process is not None and process.poll() is not None:
            fail(f"{what} exited ({process.returncode}) instead of becoming ready; see its log")
        time.sleep(0.1)
    fail(f"{what} was not ready within {seconds} s")
