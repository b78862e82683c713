"""Proof against the real Go libraries: every Go fixture is compiled against rs/cors,
go-chi/cors, gorilla/handlers and net/http as Debian packages them (GOPATH mode, no network), started, and
asked with the origins corslint names.

* every attacker origin a finding names ("accepts https://evilexample.com", "for example
  https://evil.example.net", the `null` origin of COR105) must be echoed in
  `Access-Control-Allow-Origin` by the real middleware, on one of the fixture's routes;
* an unchecked echo (COR102) must echo an arbitrary origin;
* `*` with credentials (COR101 where the library sends `*`) and the `cors.Default()` of
  COR103 must send `Access-Control-Allow-Origin: *`;
* a header COR503 reports is indeed missing from `Access-Control-Expose-Headers`;
* a clean fixture must echo none of the attacker origins corslint generates for its
  policies (the same probes that produce the evidence).

`.ci/run` installs golang-go and the libraries; elsewhere these tests are skipped.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from corslint.languages import missing_support
from corslint.origins.matching import origin_entries
from tests.helpers import TESTDATA, expected_findings
from tests.test_fixtures import check_project

GOCODE = Path("/usr/share/gocode/src")
LIBRARIES = {"rs/cors": GOCODE / "github.com/rs/cors", "go-chi/cors": GOCODE / "github.com/go-chi/cors",
             "gorilla/handlers": GOCODE / "github.com/gorilla/handlers"}
GO = shutil.which("go")
FIXTURES = sorted(p for p in TESTDATA.iterdir() if p.is_dir() and p.name.startswith("go_"))
# The routes each fixture serves (an origin counts as echoed when one of them echoes it).
ROUTES = {
    "go_rs_cors_api": ["/api/orders"],
    "go_rs_cors_clean": ["/api/products"],
    "go_rs_cors_wildcard": ["/api/session"],
    "go_rs_cors_default": ["/api/status"],
    "go_rs_cors_any_https": ["/api/profile"],
    "go_chi_gateway": ["/v1/quotes"],
    "go_chi_clean": ["/v1/stock"],
    "go_nethttp_handwritten": ["/api/invoices", "/api/other"],
    "go_nethttp_clean": ["/api/reports"],
    "go_gorilla_handlers": ["/api/uploads"],
    "go_gorilla_clean": ["/api/media"],
}
ARBITRARY = "https://evil.example.net"
NAMED = re.compile(r"(?:accepts|for example) (https?://[^\s,;)]+|null)")

pytestmark = [
    pytest.mark.skipif(GO is None or not all(p.is_dir() for p in LIBRARIES.values()),
                       reason="needs golang-go, golang-github-rs-cors-dev, golang-github-go-chi-cors-dev and "
                              "golang-github-gorilla-handlers-dev (installed by .ci/run)"),
    pytest.mark.skipif(missing_support("go") is not None, reason="needs tree-sitter-go (corslint[go])"),
]


def library_versions() -> dict:
    """Debian package versions of what the tests ran against, for the report."""
    found = {}
    for package in ("golang-go", "golang-github-rs-cors-dev", "golang-github-go-chi-cors-dev",
                    "golang-github-gorilla-handlers-dev"):
        try:
            found[package] = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                                            text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found[package] = "?"
    return found


@pytest.fixture(scope="module")
def binaries(tmp_path_factory):
    """Every Go fixture built in one `go build` (GOPATH mode: the Debian sources, no modules)."""
    root = tmp_path_factory.mktemp("gopath")
    for fixture in FIXTURES:
        target = root / "src" / "fixtures" / fixture.name
        target.mkdir(parents=True)
        for source in fixture.glob("*.go"):
            shutil.copy(source, target / source.name)
    environment = dict(os.environ, GOPATH=f"{root}:{GOCODE.parent}", GO111MODULE="off", GOFLAGS="",
                       GOPROXY="off", GOCACHE=str(root / "cache"), CGO_ENABLED="0")
    built = subprocess.run([GO, "build", "-o", str(root / "bin") + "/", "fixtures/..."], cwd=root,
                           env=environment, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return root / "bin"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, binary: Path):
        self.port = _free_port()
        self.process = subprocess.Popen([str(binary)], env=dict(os.environ, PORT=str(self.port)),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError(f"{binary.name} did not start")

    def headers(self, path: str, origin: str, preflight: bool = False) -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method="OPTIONS" if preflight
                                         else "GET", headers={"Origin": origin})
        if preflight:
            request.add_header("Access-Control-Request-Method", "GET")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return dict(response.headers)
        except urllib.error.HTTPError as error:
            return dict(error.headers)

    def echoed(self, paths, origin: str) -> bool:
        return any(self.headers(path, origin, preflight).get("Access-Control-Allow-Origin") == origin
                   for path in paths for preflight in (False, True))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _policies(fixture: Path) -> list:
    from corslint.languages.analyse import decode, extractor_modules
    from corslint.languages.source import ForeignSource

    found = []
    for path in sorted(fixture.glob("*.go")):
        data = path.read_bytes()
        source = ForeignSource(path.name, str(path), decode(data), data, "go")
        for module in extractor_modules("go"):
            if any(marker in data for marker in module.MARKERS):
                found.extend(module.extract(source))
    return found


def test_every_go_fixture_has_routes():
    assert {f.name for f in FIXTURES} == set(ROUTES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_real_middleware_agrees_with_the_findings(fixture, binaries):
    result = check_project(fixture)
    assert {(f.path, f.span.start_line, f.code) for f in result.findings} == expected_findings(fixture)
    server = Server(binaries / fixture.name)
    try:
        paths = ROUTES[fixture.name]
        named = set()
        for finding in result.findings:
            named.update(NAMED.findall(finding.message))
            if finding.code == "COR105":
                named.add("null")
        for origin in sorted(named):
            assert server.echoed(paths, origin), f"{origin} (named by corslint) is not echoed by {fixture.name}"
        codes = {f.code for f in result.findings}
        trusted = [entry.data for policy in _policies(fixture) for entry in origin_entries(policy)
                   if entry.data.startswith("https://") and "*" not in entry.data]
        for finding in result.findings:
            if finding.code == "COR503" and trusted:  # the real middleware really does not expose it
                header = re.search(r"\"([^\"]+)\" is set here", finding.message).group(1).lower()
                exposed = server.headers(paths[0], trusted[0]).get("Access-Control-Expose-Headers", "")
                assert server.headers(paths[0], trusted[0]).get("Access-Control-Allow-Origin") == trusted[0]
                assert header not in exposed.lower()
        if "COR102" in codes:
            assert server.echoed(paths, ARBITRARY)
        if codes & {"COR101", "COR103"} and "echoes" not in " ".join(f.message for f in result.findings):
            sent = server.headers(paths[0], ARBITRARY).get("Access-Control-Allow-Origin")
            assert sent == "*", f"{fixture.name} sends {sent!r}, not *"
        if not result.findings:
            probes = {ARBITRARY, "null"}
            for policy in _policies(fixture):
                from corslint.origins.evidence import attacker_probes

                probes.update(attacker_probes(policy))
            leaked = sorted(origin for origin in probes if server.echoed(paths, origin))
            assert not leaked, f"the clean fixture {fixture.name} echoes {leaked}"
    finally:
        server.stop()


def test_versions_are_known():
    """The Debian versions the semantics were verified against (docs/go-rs-cors.md)."""
    versions = library_versions()
    assert versions["golang-github-rs-cors-dev"].startswith("1.")
    assert versions["golang-github-go-chi-cors-dev"].startswith("1.")
    assert versions["golang-github-gorilla-handlers-dev"].startswith("1.")
