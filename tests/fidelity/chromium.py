"""Drive Debian's headless Chromium over the Chrome DevTools Protocol on a pipe.

Standard library only: Chromium is started with --remote-debugging-pipe, reads commands
on fd 3 and writes replies on fd 4, each message a JSON object ended by a NUL byte. No
driver package is needed, and nothing downloads a browser.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import Future
from typing import Dict, List, Optional

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Without the background-networking flags Chromium keeps trying to reach Google's hosts
# and, on a closed network, can hang; as root it needs --no-sandbox.
BASE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
    "--no-default-browser-check", "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--remote-debugging-pipe",
]


def find_chromium() -> Optional[str]:
    override = os.environ.get("CORSLINT_CHROMIUM")
    if override:
        return override if os.path.exists(override) else None
    for path in CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    return out.stdout.strip()


class CdpError(RuntimeError):
    pass


class Browser:
    """One Chromium process; `session(url)` opens a tab and returns a Tab."""

    def __init__(self, binary: str, extra_flags: List[str]):
        self.profile = tempfile.mkdtemp(prefix="corslint-chromium-")
        # Allow third-party cookies, as Chromium's default settings do for regular
        # browsing: the matrix asks what CORS lets through, not what cookie blocking does.
        os.makedirs(os.path.join(self.profile, "Default"))
        with open(os.path.join(self.profile, "Default", "Preferences"), "w") as fh:
            json.dump({"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}, fh)
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_pipes():  # runs in the child before exec: fd 3 reads, fd 4 writes
            # via high numbers first, in case either end already is fd 3 or 4
            os.dup2(to_chrome_r, 1003)
            os.dup2(from_chrome_w, 1004)
            os.dup2(1003, 3)
            os.dup2(1004, 4)
            os.close(1003)
            os.close(1004)

        self.proc = subprocess.Popen(
            [binary, *BASE_FLAGS, f"--user-data-dir={self.profile}", *extra_flags, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=wire_pipes, close_fds=False,  # Python's own fds are not inheritable (PEP 446)
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._ids = itertools.count(1)
        self._pending: Dict[int, Future] = {}
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.stderr_tail: List[str] = []
        threading.Thread(target=self._read_loop, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_tail = (self.stderr_tail + [line.decode(errors="replace").rstrip()])[-40:]

    def _read_loop(self):
        buffer = b""
        while True:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        future = self._pending.pop(message["id"], None)
                    if future is not None:
                        if "error" in message:
                            future.set_exception(CdpError(str(message["error"])))
                        else:
                            future.set_result(message.get("result", {}))
        with self._lock:
            for future in self._pending.values():
                future.set_exception(CdpError("Chromium closed the pipe: " + " | ".join(self.stderr_tail[-5:])))
            self._pending.clear()

    def send(self, method: str, params: Optional[dict] = None, session: Optional[str] = None,
             timeout: float = 60) -> dict:
        ident = next(self._ids)
        future: Future = Future()
        with self._lock:
            self._pending[ident] = future
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        with self._write_lock:
            os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        return future.result(timeout=timeout)

    def open(self, url: str) -> "Tab":
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Tab(self, target, session)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session

    def wait_loaded(self, url_prefix: str, timeout: float = 30):
        import time
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state = self.evaluate("location.href + ' ' + document.readyState", timeout=10)
            except CdpError:
                state = ""
            if state.startswith(url_prefix) and state.endswith(" complete"):
                return
            time.sleep(0.02)
        raise CdpError(f"page {url_prefix} did not load")

    def evaluate(self, expression: str, timeout: float = 120):
        result = self.browser.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True,
        }, session=self.session, timeout=timeout)
        if "exceptionDetails" in result:
            raise CdpError(json.dumps(result["exceptionDetails"])[:2000])
        return result["result"].get("value")

    def close(self):
        self.browser.send("Target.closeTarget", {"targetId": self.target})
