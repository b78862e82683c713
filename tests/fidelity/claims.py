"""Compare corslint's verdict on a case with what Chromium let the attacker's pages do.

Two directions:
- every finding makes a claim about the browser (an origin reads the response, with the
  user's cookies; an entry never matches; a preflight fails; a header reads as null), and
  the claim must show in the probes;
- every outcome that matters must come with a finding: an origin the configuration does
  not trust that reads a response, or a trusted origin that loses something the
  configuration means to grant it (a credentialed read, the PUT method, the X-Token
  request header, the X-Total-Count response header).
Findings whose claim cannot be seen in one page load (COR305, the preflight cache's cap;
COR501, shared caches) are listed as not checked, never as agreeing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from tests.fidelity.run import ORIGIN_IN_TEXT, PUBLIC_ORIGIN, CaseRun

ATTACKER = "https://evil.example"
NOT_CHECKABLE = {
    "COR305": "the preflight cache's cap (7200 s in Chromium) cannot be observed in a run of minutes",
    "COR501": "a missing Vary: Origin matters to shared caches (proxies, CDNs), which the matrix does not put "
              "in front; Chromium's own HTTP cache is partitioned by top-level site, so pages of two sites "
              "never share an entry there",
}
# Findings that say any origin gets in; a finding that names an origin covers that one.
ANY_ORIGIN = {"COR101", "COR102", "COR103", "COR104", "COR303"}
# Findings that explain why a trusted origin loses a capability.
ORIGIN_BROKEN = {"COR204", "COR301", "COR302", "COR502", "COR105", "COR101", "COR401", "COR403",
                 "COR404"}  # an auth hook that rejects preflights may reject the rest too
EXPLAINS = {
    "get": ORIGIN_BROKEN | {"COR303"},
    "cred": ORIGIN_BROKEN | {"COR504", "COR303"},
    "put": ORIGIN_BROKEN | {"COR504", "COR307", "COR402", "COR303"},
    "xhdr": ORIGIN_BROKEN | {"COR504", "COR307", "COR306", "COR301", "COR303"},
    "header": ORIGIN_BROKEN | {"COR503", "COR303"},
}


# Disagreements that are understood and explained in docs/fidelity.md: (code, claim start)
# -> the explanation. The suite fails if one of them stops showing, so none goes stale.
EXPLAINED = {
    ("COR109", PUBLIC_ORIGIN): (
        "Chromium 156 no longer lets Access-Control-Allow-Private-Network decide: Private Network "
        "Access preflights were replaced by the Local Network Access permission (M142), so a public "
        "page reaches the loopback service only if the user allows it, whatever the server answers. "
        "COR109's claim holds for browsers that honour the header, not for this Chromium."),
}


def _forbidden_header_dropped(out: "Outcomes", origin: str) -> bool:
    forbidden = out.probe(origin, "forbidden")
    return forbidden["ok"] and "cookie=no" in forbidden.get("body", "")


# Claims about what the configuration's own (trusted) origins can do: code -> (claim, test).
TRUSTED_ORIGIN_CLAIMS = {
    "COR304": ("matches through the old setting name", lambda out, o: out.reads(o)),
    "COR306": ("credentialed preflights for X-Token and Authorization fail",
               lambda out, o: not out.passes(o, "xhdr") and not out.passes(o, "auth")),
    "COR307": ("the PUT preflight fails", lambda out, o: not out.passes(o, "put")),
    "COR308": ("a script's Cookie header is dropped without a preflight", _forbidden_header_dropped),
    "COR502": ("cannot read", lambda out, o: not out.reads(o)),
    "COR503": ("reads the body but X-Total-Count as null", lambda out, o: out.reads(o) and out.header(o) is None),
    "COR504": ("reads without credentials, not with them",
               lambda out, o: out.reads(o) and not out.passes(o, "cred")),
    "COR401": ("the preflights (PUT, X-Token) fail",
               lambda out, o: not out.passes(o, "put") and not out.passes(o, "xhdr")),
    "COR404": ("the preflights (PUT, X-Token) fail",
               lambda out, o: not out.passes(o, "put") and not out.passes(o, "xhdr")),
    "COR402": ("cannot read the 500 of a failing PUT", lambda out, o: not out.passes(o, "put")),
    "COR403": ("cannot read (no CORS headers)", lambda out, o: not out.reads(o)),
}


@dataclass
class Check:
    subject: str   # the finding's code, or "outcome"
    claim: str
    holds: Optional[bool]  # None: not checkable in a browser run
    seen: str
    explained: Optional[str] = None


class Outcomes:
    def __init__(self, run: CaseRun):
        self.run = run

    def probe(self, origin: str, name: str) -> dict:
        return self.run.outcomes.get(origin, {}).get(name, {"ok": False, "error": "not probed"})

    def reads(self, origin: str) -> bool:
        return self.probe(origin, "get")["ok"] or self.probe(origin, "cred")["ok"]

    def reads_with_cookie(self, origin: str) -> bool:
        cred = self.probe(origin, "cred")
        return cred["ok"] and "cookie=yes" in cred.get("body", "")

    def passes(self, origin: str, name: str) -> bool:
        return self.probe(origin, name)["ok"]

    def header(self, origin: str) -> Optional[str]:
        for name in ("get", "cred"):
            result = self.probe(origin, name)
            if result["ok"]:
                return result.get("header")
        return None

    def describe(self, origin: str) -> str:
        probes = self.run.outcomes.get(origin, {})
        parts = []
        for name in ("get", "cred", "put", "xhdr", "auth", "forbidden"):
            result = probes.get(name)
            if result is None:
                continue
            if not result["ok"]:
                parts.append(f"{name}: blocked")
            else:
                extra = "+cookie" if "cookie=yes" in result.get("body", "") else ""
                header = f", X-Total-Count={result.get('header')}" if name in ("get", "cred") else ""
                parts.append(f"{name}: read{extra}{header}")
        return f"{origin} [{'; '.join(parts)}]"


def origins_in(message: str) -> List[str]:
    """Every origin a message names, before the advice part (after the last '; ')."""
    claim = message.rsplit("; ", 1)[0] if "; " in message else message
    return [o.lower() for o in ORIGIN_IN_TEXT.findall(claim)]


def finding_checks(run: CaseRun, out: Outcomes) -> List[Check]:
    checks = []
    trusted = [o for o in run.case.trusted if o != "null"]
    for finding in run.findings:
        before = len(checks)
        finding_claims(finding, run, out, trusted, checks)
        if len(checks) == before:
            checks.append(Check(finding.code, "the finding's claim was checked in the browser", False,
                                finding.message))
    return checks


def finding_claims(finding, run: CaseRun, out: Outcomes, trusted: List[str], checks: List[Check]) -> None:
    """Append the checks of one finding's claim."""
    code, message = finding.code, finding.message
    evidence = [o for o in finding.evidence if o in run.battery]
    named = origins_in(message)
    cookies = "cookies" in message or "Access-Control-Allow-Credentials: true" in message

    def expect(claim, holds, *origins):
        checks.append(Check(code, claim, holds, " | ".join(out.describe(o) for o in origins)))

    def origin_gets_in(origin):
        if cookies:
            expect(f"{origin} reads the response with the user's cookie", out.reads_with_cookie(origin), origin)
        else:
            expect(f"{origin} reads the response", out.reads(origin), origin)

    if code in NOT_CHECKABLE:
        checks.append(Check(code, NOT_CHECKABLE[code], None, ""))
        return
    if code == "COR109":
        expect(f"{PUBLIC_ORIGIN} (a public page) reaches the service on the private network",
               out.reads(PUBLIC_ORIGIN), PUBLIC_ORIGIN)
    if code == "COR101" and "browsers reject" in message:
        expect(f"{ATTACKER} cannot read with credentials, only without",
               out.reads(ATTACKER) and not out.passes(ATTACKER, "cred"), ATTACKER)
    elif code == "COR303" and "no effect" in message:
        for origin in trusted:
            expect(f"{origin} never matches (the misspelt setting is ignored)", not out.reads(origin), origin)
    elif code in ANY_ORIGIN or (code == "COR301" and "every origin" in message) or code == "COR109":
        for origin in evidence + [ATTACKER]:
            origin_gets_in(origin)
    elif code == "COR105":
        origin_gets_in("null")
        if "never with the real site" in message:
            for origin in trusted:
                expect(f"{origin} never matches", not out.reads(origin), origin)
    elif code in ("COR106", "COR107"):
        for origin in [o for o in evidence + named if o.startswith("http://") and o in run.battery][:1]:
            expect(f"{origin} (plain http or loopback) reads with the user's cookie",
                   out.reads_with_cookie(origin), origin)
    elif code in ("COR108", "COR201", "COR202", "COR203", "COR206"):
        for origin in evidence:
            origin_gets_in(origin)
        if not evidence:
            checks.append(Check(code, "names an origin that gets in", False, message))
    elif code == "COR204":
        for origin in trusted:
            expect(f"{origin} (a real subdomain) never matches", not out.reads(origin), origin)
        for origin in evidence:
            origin_gets_in(origin)
    elif code == "COR301":
        if "origin `null`" in message:
            origin_gets_in("null")
        if "no real origin matches" in message:
            for origin in trusted:
                expect(f"{origin} never matches", not out.reads(origin), origin)
        elif "preflights asking for the real headers fail" in message:
            for origin in trusted:
                expect(f"{origin}: the X-Token preflight fails", not out.passes(origin, "xhdr"), origin)
        else:
            for origin in evidence:
                origin_gets_in(origin)
    elif code == "COR302":
        works = "ignores it when matching" in message
        for origin in trusted:
            expect(f"{origin} {'still matches' if works else 'never matches'}",
                   out.reads(origin) == works, origin)
    elif code == "COR401" and "redirects" in message:
        for origin in trusted:
            expect(f"{origin} cannot read a response CommonMiddleware makes (the APPEND_SLASH redirect)",
                   not out.reads(origin), origin)
    elif code == "COR503" and not trusted:
        # Any origin the configuration lets read the body still sees the header as null.
        for origin in [o for o in run.battery if out.reads(o)]:
            expect(f"{origin}: {TRUSTED_ORIGIN_CLAIMS[code][0]}", out.header(origin) is None, origin)
    elif code in TRUSTED_ORIGIN_CLAIMS:
        claim, holds = TRUSTED_ORIGIN_CLAIMS[code]
        for origin in trusted:
            expect(f"{origin}: {claim}", holds(out, origin), origin)
    else:
        checks.append(Check(code, "no browser claim modelled for this rule", False, message))


def outcome_checks(run: CaseRun, out: Outcomes) -> List[Check]:
    checks = []
    codes = {f.code for f in run.findings}
    covered = {o for f in run.findings for o in f.evidence}
    if any(_lets_any_origin_in(f) for f in run.findings):
        covered |= set(run.battery)
    for origin in run.battery:
        if origin in run.case.trusted:
            continue
        if not out.reads(origin):
            checks.append(Check("outcome", f"untrusted {origin} cannot read", True, out.describe(origin)))
            continue
        checks.append(Check("outcome", f"untrusted {origin} reads the response, so a finding must name it",
                            origin in covered, out.describe(origin)))
    intent = run.case.intent
    for origin in [o for o in run.case.trusted if o != "null"]:
        wanted = {"get": out.reads(origin), "cred": out.reads_with_cookie(origin) if intent.get("cred") else True,
                  "put": out.passes(origin, "put") if intent.get("put") else True,
                  "xhdr": out.passes(origin, "xhdr") if intent.get("xhdr") else True,
                  "header": out.header(origin) == "7" if intent.get("expose") else True}
        for capability, works in wanted.items():
            if works:
                checks.append(Check("outcome", f"trusted {origin} keeps '{capability}'", True, ""))
            else:
                checks.append(Check("outcome", f"trusted {origin} loses '{capability}', so a finding must say why",
                                    bool(codes & EXPLAINS[capability]), out.describe(origin)))
    return checks


def _lets_any_origin_in(finding) -> bool:
    if finding.code == "COR303":
        return "no effect" not in finding.message
    if finding.code == "COR301":
        return "every origin" in finding.message
    return finding.code in ANY_ORIGIN


def judge(run: CaseRun) -> List[Check]:
    if run.start_error:
        return [Check("outcome", "the application starts", False, run.start_error)]
    out = Outcomes(run)
    return finding_checks(run, out) + outcome_checks(run, out)


def judge_explained(run: CaseRun) -> List[Check]:
    checks = judge(run)
    for check in checks:
        for (code, start), why in EXPLAINED.items():
            if check.holds is False and check.subject == code and check.claim.startswith(start):
                check.explained = why
    return checks


def disagreements(run: CaseRun) -> List[Check]:
    return [check for check in judge_explained(run) if check.holds is False and not check.explained]
