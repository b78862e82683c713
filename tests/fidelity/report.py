"""Regenerate docs/fidelity.md from a fresh run of the matrix:

    .venv/bin/python -m tests.fidelity.report

Needs Debian's chromium (apt-get install chromium). Everything in the page that is a
result (versions, findings, outcomes, agreement, timings) comes from this run.
"""
from __future__ import annotations

import os
import platform
import sys
from collections import Counter
from importlib.metadata import version as package_version

from tests.fidelity.cases import ALL_CASES, FRAMEWORKS
from tests.fidelity.claims import EXPLAINED, NOT_CHECKABLE, Outcomes, judge_explained
from tests.fidelity.coverage import OUT_OF_SCOPE, required
from tests.fidelity.run import REPO, run_matrix

PACKAGES = ["starlette", "flask", "flask-cors", "django", "django-cors-headers", "aiohttp", "aiohttp-cors"]

INTRO = """# Fidelity: corslint's verdicts in a real browser

corslint judges CORS configurations without running them. This page shows, for every rule
that makes a claim about what a browser will let a page do, that the claim holds in a real
browser: each configuration of the matrix is written as a small project, linted by
corslint's CLI, and then **served for real** (the project's own module is executed and its
application served on loopback) while headless Chromium loads an attacker's page at each
origin of a battery and records what that page could do.

Regenerate this page (about 20 seconds): `.venv/bin/python -m tests.fidelity.report`.
The same matrix runs in the test suite (`tests/test_fidelity.py`, marker `fidelity`), so
`.ci/run` fails when corslint and Chromium disagree.

## How it runs

- **Browser**: Debian's `chromium` package, headless, driven over the Chrome DevTools
  Protocol on a pipe (`--remote-debugging-pipe`) with Python's standard library only
  (`tests/fidelity/chromium.py`): no driver package, nothing that downloads a browser. One
  browser serves the whole matrix; each origin's page runs all its probes (12 at a time)
  and returns the results to the test through `Runtime.evaluate`. Flags: `--headless
  --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync` and a fresh `--user-data-dir`, as root on a
  closed network needs, plus `--disable-features=HttpsUpgrades,...` so that `http://` origins
  stay http.
- **Host names**: `--host-rules` maps every test host (`evil.example`,
  `app.example.com.evil.net`, `xexample.com`, `localhost:3000`, ...) to a loopback port. It
  is used instead of `--host-resolver-rules` because the origins carry the real default ports
  (443, 80) while the servers listen on free ports; host-rules maps the port too. Nothing
  leaves the machine.
- **Servers** (`tests/fidelity/serve.py`, a subprocess): one aiohttp front server on a TLS
  port and on a plain port answers for every host name; the `Host` header selects either the
  attacker page or a case's application. Starlette apps are called through a small ASGI
  bridge, Flask and Django apps through a WSGI bridge (all Django cases share one configured
  Django; each request runs under its case's `CORS_*` settings and view), aiohttp-cors apps
  are served by aiohttp itself on their own TLS port.
- **Certificates**: one key and certificate per run, made with the `openssl` command
  (Python's `ssl` module cannot create certificates, and `cryptography` would be a new
  dependency), trusted with `--ignore-certificate-errors-spki-list=<SHA-256 of the key's
  SPKI>`. That flag accepts only this key and changes nothing in the CORS checks; pages stay
  secure contexts (`isSecureContext` is true, which `SameSite=None; Secure` cookies need).
  The broader `--ignore-certificate-errors` would work too, but trusts every certificate.
- **Cookies**: a `session` cookie (`SameSite=None; Secure; HttpOnly`) for `.api.test`, the
  domain of every application, is set through CDP. The fresh profile allows third-party
  cookies, as Chromium's default settings do; the matrix asks what CORS lets through, not
  what cookie blocking does. Each application answers `cookie=yes|no`, so a credentialed
  read shows whether the cookie really went along.
- **`null`**: the page creates `<iframe sandbox="allow-scripts">` (no `allow-same-origin`),
  whose origin serialises as `null`, and runs the same probes there.
- **Private Network Access**: all other pages are on loopback like the applications, so a
  page at `https://public.example` is served from a port that Chromium is told is public
  (`--ip-address-space-overrides=127.0.0.1:PORT=public`).

### The probes (from each origin of a case's battery)

| probe | request | shows |
|---|---|---|
| `get` | `fetch(url)` | the page reads the body (and `X-Total-Count`) without credentials |
| `cred` | `credentials: "include"` | a credentialed read, and whether the cookie was sent |
| `put` | `method: "PUT"` | a preflight for the method passes |
| `xhdr` | header `X-Token: 1` | a preflight for a custom request header passes |
| `auth` | header `Authorization: Bearer ...` | a preflight for `Authorization` passes |
| `forbidden` | header `Cookie: session=forged` | a forbidden header is dropped without a preflight |

`put`, `xhdr` and `auth` use credentials when the configuration grants them.

### The battery

The configuration's trusted origins; every origin corslint names as evidence in a finding's
message (`https://app.example.com.evil.net`, `https://appxexample.com`, `https://evil.vercel.app`,
`null`, ...); the generic attackers `https://evil.example` and `null`; `https://public.example`
for private-network cases.

### The comparison (`tests/fidelity/claims.py`)

- Every finding's claim must show: the evidence origin reads the response (with the user's
  cookie when the message says so); a never-matching entry never matches; a preflight that
  the message says fails does fail; an unexposed header reads as `null`; `True` as
  `Access-Control-Allow-Credentials` makes credentialed reads fail.
- Every outcome must come with a finding: an origin the configuration does not trust that
  reads a response must be named by a finding (or covered by a finding that says any origin
  gets in), and a trusted origin that loses something the configuration means to grant it (a
  credentialed read, `PUT`, `X-Token`, reading `X-Total-Count`) needs a finding that says why.
- Claims that one page load cannot show are listed as *not checked*, never as agreeing.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _outcome_summary(run) -> str:
    out = Outcomes(run)
    parts = []
    for origin in run.battery:
        probes = run.outcomes.get(origin, {})
        granted = [name for name in ("get", "cred", "put", "xhdr", "auth") if probes.get(name, {}).get("ok")]
        if "cred" in granted and not out.reads_with_cookie(origin):
            granted[granted.index("cred")] = "cred(no cookie)"
        header = out.header(origin)
        if out.reads(origin) and header is None:
            granted.append("header=null")
        parts.append(f"`{origin}`: {', '.join(granted) if granted else 'nothing'}")
    return "<br>".join(parts)


def render(result: dict) -> str:
    runs = result["runs"]
    lines = [INTRO]
    lines += ["## This run", ""]
    lines.append(f"- Browser: {result['chromium']}")
    lines.append("- Libraries: " + ", ".join(f"{name} {package_version(name)}" for name in PACKAGES))
    lines.append(f"- Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    checks = {run.case.id: judge_explained(run) for run in runs}
    all_checks = [c for cs in checks.values() for c in cs]
    agreeing = sum(1 for c in all_checks if c.holds is True)
    explained = [c for c in all_checks if c.explained]
    failing = [c for c in all_checks if c.holds is False and not c.explained]
    unchecked = sum(1 for c in all_checks if c.holds is None)
    findings = sum(len(run.findings) for run in runs)
    lines.append(f"- Matrix: {len(runs)} configurations over {len(FRAMEWORKS)} frameworks "
                 f"({', '.join(f'{n} {f}' for f, n in Counter(r.case.framework for r in runs).items())}), "
                 f"{findings} findings, {result['pages']} attacker origins, {result['probes']} fetches")
    lines.append(f"- Checks: **{agreeing} agree**, {len(explained)} explained disagreement(s), "
                 f"**{len(failing)} unexplained disagreement(s)**, {unchecked} not checkable in a browser")
    t = result["timings"]
    lines.append(f"- Time: {t['total']:.1f} s in all (lint {t['lint']:.1f} s, start the servers "
                 f"{t['serve']:.1f} s, Chromium {t['browser']:.1f} s)")
    lines.append("")

    lines += ["## Coverage: every rule with a browser claim, on every framework it supports", ""]
    shown = {}
    for run in runs:
        for finding in run.findings:
            if any(c.subject == finding.code and (c.holds is not False or c.explained) for c in checks[run.case.id]):
                shown.setdefault((finding.code, run.case.framework), []).append(run.case.shape)
    frameworks = list(FRAMEWORKS)
    lines.append("| rule | " + " | ".join(FRAMEWORKS[f] for f in frameworks) + " |")
    lines.append("|---|" + "---|" * len(frameworks))
    needed = required()
    codes = sorted({code for code, _ in needed} | {code for code, _ in OUT_OF_SCOPE})
    for code in codes:
        cells = []
        for framework in frameworks:
            if (code, framework) in shown:
                cells.append(", ".join(sorted(set(shown[(code, framework)]))))
            elif (code, framework) in OUT_OF_SCOPE or (code, "*") in OUT_OF_SCOPE:
                cells.append("out of scope*")
            elif (code, framework) in needed:
                cells.append("**MISSING**")
            else:
                cells.append("")
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    lines += ["", "Cells name the configuration shapes whose finding was shown in Chromium. *Out of scope:*", ""]
    for (code, framework), why in sorted(OUT_OF_SCOPE.items()):
        lines.append(f"- {code} ({'all frameworks' if framework == '*' else FRAMEWORKS[framework]}): {why}.")
    lines.append("")
    lines += ["Not checkable in one page load (the finding is reported, its claim is not tested):", ""]
    for code, why in sorted(NOT_CHECKABLE.items()):
        lines.append(f"- {code}: {why}.")
    lines.append("")

    lines += ["## Disagreements", ""]
    if failing:
        for run in runs:
            for c in checks[run.case.id]:
                if c.holds is False and not c.explained:
                    lines.append(f"- **{run.case.id}** {c.subject}: {c.claim}. Seen: {c.seen}")
    else:
        lines.append("None unexplained in this run.")
    lines += ["", "### Explained", ""]
    for (code, _), why in EXPLAINED.items():
        cases = sorted({run.case.id for run in runs for c in checks[run.case.id]
                        if c.explained == why})
        lines.append(f"- **{code}** ({', '.join(cases)}): {why}")
    lines += ["", FOUND, "", LIMITS, ""]

    lines += ["## Results", ""]
    for framework in frameworks:
        lines += [f"### {FRAMEWORKS[framework]}", ""]
        lines.append("| configuration | corslint | what the pages could do | agreement |")
        lines.append("|---|---|---|---|")
        for run in [r for r in runs if r.case.framework == framework]:
            cs = checks[run.case.id]
            verdict = ", ".join(sorted({f.code for f in run.findings})) or "clean"
            bad = [c for c in cs if c.holds is False and not c.explained]
            note = "**disagree**" if bad else ("explained" if any(c.explained for c in cs) else "agree")
            held = sum(1 for c in cs if c.holds is True)
            lines.append(f"| `{run.case.shape}` | {verdict} | {_cell(_outcome_summary(run))} | "
                         f"{note} ({held} checks) |")
        lines.append("")
    lines += ["Each configuration's project is in `tests/fidelity/cases.py`; `nothing` means every "
              "probe from that origin was blocked by CORS.", ""]
    return "\n".join(lines)


FOUND = """### Found by the matrix and fixed in corslint

- **COR104** did not report `CORS_ALLOW_ALL_ORIGINS = True` without credentials in
  django-cors-headers (an early return meant for Flask-CORS's implicit default origins also
  skipped Django's implicit empty `CORS_ALLOWED_ORIGINS`). Chromium: every origin reads.
- **COR307** reported lower-case `allow_methods` in aiohttp-cors, which upper-cases them
  (`ResourceOptions`); Chromium passes the `PUT` preflight.
- **COR503** treated Flask-CORS's default `expose_headers=None` as unknown and said nothing;
  Chromium reads the unexposed header as `null`.
- **COR404** reported a `before_request` hook whose 401 sits under
  `if request.method == "PUT" and ...`, which a preflight never reaches; Chromium passes the
  preflight.

Each fix has a test in `tests/test_browser_found_bugs.py` that needs no browser.

### What Chromium confirmed from the research

`Access-Control-Allow-Credentials: True` (capital T) makes every credentialed read fail
while uncredentialed reads work; `Access-Control-Allow-Origin: *` with credentials is refused
for credentialed requests only; two origins in one `Access-Control-Allow-Origin` fail for
both; an unexposed custom header reads as `null`; a lower-case method in
`Access-Control-Allow-Methods` (hand-written, django-cors-headers) fails the `PUT` preflight;
a literal `*` in `Access-Control-Allow-Headers` with credentials covers neither `X-Token` nor
`Authorization`, while Starlette, Flask-CORS and aiohttp-cors reflect the requested headers and
pass both; a forbidden `Cookie` request header is silently dropped; the sandboxed iframe's
`null` origin is accepted wherever `null` (or, in django-cors-headers, a scheme-less entry or a
string `CORS_ALLOWED_ORIGINS`) is; a trailing slash never matches in Starlette, Flask-CORS,
aiohttp-cors and hand-written headers but still matches in django-cors-headers."""


LIMITS = """## Cost in CI, and limits

Measured on 2026-12-05 on this 2-core machine while other sessions kept it busy (load
average 7 to 9): `CI=true bash .ci/run` from a clean clone took 6 min 9 s in all (a fresh
virtual environment, then 982 tests); the fidelity tests alone (`pytest -m fidelity`, 116
tests) took 31.5 s there, the whole matrix running once per session. Where Chromium is missing, `.ci/run`
installs it first (`apt-get update && apt-get install -y chromium`: under 2.5 minutes on this
machine), so the matrix adds at most about 3 minutes to a run on a clean machine.

Limits: one browser (Chromium; Firefox and Safari are not on the machine), one path per
application, no shared cache in front of the servers (so COR501 is not shown), and a run of
seconds (so COR305's cap is not shown). The comparison reads a finding's claim from its
message (the origins it names, and words such as "never matches"), so a rewording that
changes a claim shows up here as a disagreement to look at."""


def main() -> int:
    result = run_matrix(ALL_CASES)
    text = render(result)
    path = os.path.join(REPO, "docs", "fidelity.md")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {path}: {len(result['runs'])} configurations in {result['timings']['total']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
