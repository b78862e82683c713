"""Run the matrix: lint every case with corslint's CLI, serve the real applications, load
the attacker's page at every origin of each case's battery in one headless Chromium, and
collect what each page could do."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from tests.fidelity.cases import ALL_CASES, CUSTOM_HEADER, REQUEST_HEADER, Case
from tests.fidelity.chromium import Browser, find_chromium, version

GENERIC_ATTACKERS = ("https://evil.example", "null")
# A page in the public address space: every other page of the matrix is on loopback, like
# the applications, so only this one makes a Private Network Access request.
PUBLIC_ORIGIN = "https://public.example"
# An origin in a message; not one that continues as a path or pattern, or is cut short (…).
ORIGIN_IN_TEXT = re.compile(r"\b(https?://[a-z0-9][a-z0-9.-]*[a-z0-9](?::\d+)?)(?![\w.:/*\\(\[…-])", re.I)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass
class Finding:
    code: str
    message: str
    evidence: Tuple[str, ...]


@dataclass
class CaseRun:
    case: Case
    findings: List[Finding]
    battery: Tuple[str, ...]
    outcomes: Dict[str, Dict[str, dict]] = field(default_factory=dict)  # origin -> probe -> result
    start_error: Optional[str] = None


def evidence_origins(message: str, trusted: Tuple[str, ...]) -> Tuple[str, ...]:
    """Origins a finding names that the configuration does not list itself: the ones
    corslint says get in (or, for a broken entry, the one it says never matches)."""
    found = []
    claim = message.rsplit("; ", 1)[0] if "; " in message else message  # not the advice part
    for origin in ORIGIN_IN_TEXT.findall(claim):
        origin = origin.lower()
        if origin not in trusted and origin not in found:
            found.append(origin)
    if "`null`" in claim and "null" not in found:
        found.append("null")
    return tuple(found)


def lint(root: str, cases: List[Case]) -> Dict[str, List[Finding]]:
    out = subprocess.run([sys.executable, "-m", "corslint", "check", "--select", "ALL", "--output-format", "json",
                          "--exit-zero", "."], cwd=root, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"corslint failed ({out.returncode}): {out.stderr[-2000:]}")
    start = out.stdout.index("[")
    rows, _ = json.JSONDecoder().raw_decode(out.stdout[start:])
    by_case: Dict[str, List[Finding]] = {case.id: [] for case in cases}
    trusted = {case.id: case.trusted for case in cases}
    for row in rows:
        case_id = os.path.relpath(row["filename"], root).split(os.sep)[0]
        by_case[case_id].append(Finding(row["code"], row["message"],
                                        evidence_origins(row["message"], trusted[case_id])))
    return by_case


def probes_for(run: CaseRun, origin: str) -> List[dict]:
    url = f"https://{run.case.host}{run.case.path}"
    credentials = "include" if run.case.intent.get("cred") else "omit"
    base = {"url": url, "readHeader": CUSTOM_HEADER}
    specs = {
        "get": {"method": "GET", "credentials": "omit"},
        "cred": {"method": "GET", "credentials": "include"},
        "put": {"method": "PUT", "credentials": credentials},
        "xhdr": {"method": "GET", "credentials": credentials, "headers": {REQUEST_HEADER: "1"}},
        "auth": {"method": "GET", "credentials": credentials, "headers": {"Authorization": "Bearer fidelity"}},
        "forbidden": {"method": "GET", "credentials": "omit", "headers": {"Cookie": "session=forged"}},
    }
    return [{**base, **spec, "id": f"{run.case.id}|{name}"} for name, spec in specs.items()]


def host_rules(origins, tls_port: int, plain_port: int, aiohttp_ports: Dict[str, int], public_port: int) -> str:
    """Chromium's --host-rules: every test host goes to a loopback port, which also maps the
    origin's port (443, 80, 3000) to the server's (--host-resolver-rules maps names only)."""
    rules = [f"MAP {urlsplit(PUBLIC_ORIGIN).hostname}:443 127.0.0.1:{public_port}"]
    rules += [f"MAP {host}:443 127.0.0.1:{port}" for host, port in aiohttp_ports.items()]
    ports = {("https", 443), ("http", 80)}
    for origin in origins:
        if origin != "null":
            parts = urlsplit(origin)
            ports.add((parts.scheme, parts.port or (443 if parts.scheme == "https" else 80)))
    for scheme, port in sorted(ports):
        rules.append(f"MAP *:{port} 127.0.0.1:{tls_port if scheme == 'https' else plain_port}")
    return ", ".join(rules)


def run_matrix(cases: List[Case] = ALL_CASES, tabs: int = 3) -> dict:
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("chromium")
    timings = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="corslint-fidelity-") as root:
        projects = {case.id: case.write(os.path.join(root, "projects")) for case in cases}
        findings = lint(os.path.join(root, "projects"), cases)
        timings["lint"] = time.monotonic() - started
        runs = []
        for case in cases:
            battery = list(case.trusted)
            for finding in findings[case.id]:
                battery += [o for o in finding.evidence if o not in battery]
            battery += [o for o in GENERIC_ATTACKERS if o not in battery]
            if case.shape == "private-network":
                battery.append(PUBLIC_ORIGIN)
            runs.append(CaseRun(case, findings[case.id], tuple(battery)))

        from tests.fidelity.certs import make_certificate
        cert = make_certificate(root)
        manifest = os.path.join(root, "manifest.json")
        with open(manifest, "w") as fh:
            json.dump({"cert": cert.cert_path, "key": cert.key_path, "cases": [
                {"id": c.id, "framework": c.framework, "dir": projects[c.id], "host": c.host} for c in cases]}, fh)
        server_log = open(os.path.join(root, "server.log"), "w+")
        server = subprocess.Popen([sys.executable, "-m", "tests.fidelity.serve", manifest], cwd=REPO,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=server_log, text=True)
        browser = None
        try:
            line = server.stdout.readline()
            if not line:
                server.wait(timeout=20)
                server_log.seek(0)
                raise RuntimeError("the fidelity server did not start:\n" + server_log.read()[-3000:])
            ports = json.loads(line)
            for run in runs:
                run.start_error = ports["errors"].get(run.case.id)
            timings["serve"] = time.monotonic() - started - timings["lint"]
            all_origins = sorted({o for run in runs for o in run.battery})
            rules = host_rules(all_origins, ports["tls_port"], ports["plain_port"], ports["aiohttp_ports"],
                               ports["public_port"])
            browser = Browser(binary, [
                f"--host-rules={rules}", f"--ignore-certificate-errors-spki-list={cert.spki_sha256}",
                f"--ip-address-space-overrides=127.0.0.1:{ports['public_port']}=public",
                "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
            ])
            browser.send("Storage.setCookies", {"cookies": [{
                "name": "session", "value": "1", "domain": ".api.test", "path": "/", "secure": True,
                "httpOnly": True, "sameSite": "None"}]})
            by_origin: Dict[str, List[dict]] = {}
            for run in runs:
                if run.start_error:
                    continue
                for origin in run.battery:
                    by_origin.setdefault(origin, []).extend(probes_for(run, origin))
            results = {}

            def visit(origin: str):
                page_origin = "https://evil.example" if origin == "null" else origin
                url = page_origin + "/probe"
                tab = browser.open(url)
                try:
                    tab.wait_loaded(url)
                    call = "runProbesAsNull" if origin == "null" else "runProbes"
                    answer = tab.evaluate(f"{call}({json.dumps(by_origin[origin])})", timeout=300)
                finally:
                    tab.close()
                if answer["origin"] != origin:
                    raise RuntimeError(f"the page ran at {answer['origin']}, not {origin}")
                return origin, answer["results"]

            with ThreadPoolExecutor(tabs) as pool:
                for origin, answers in pool.map(visit, sorted(by_origin)):
                    for answer in answers:
                        case_id, probe = answer["id"].split("|")
                        results.setdefault(case_id, {}).setdefault(origin, {})[probe] = answer
            for run in runs:
                run.outcomes = results.get(run.case.id, {})
            timings["browser"] = time.monotonic() - started - timings["lint"] - timings["serve"]
            chromium_version = version(binary)
        finally:
            if browser is not None:
                browser.close()
            server.stdin.close()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            server_log.close()
    timings["total"] = time.monotonic() - started
    return {"runs": runs, "chromium": chromium_version, "timings": timings,
            "probes": sum(len(p) for p in by_origin.values()), "pages": len(by_origin)}
