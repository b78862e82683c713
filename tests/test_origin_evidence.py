"""The evidence is real: every origin the origin-trust rules report is echoed by the actual
framework middleware, and the attacker origins generated for clean policies are refused by it."""
from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest

from corslint.run.engine import Engine, Input, Options
from corslint.files.discover import DEFAULT_EXCLUDES, ExcludeMatcher, discover
from corslint.frameworks.django import SEMANTICS as DJANGO_SEMANTICS
from corslint.frameworks.flask_cors import SEMANTICS as FLASK_SEMANTICS
from corslint.origins.evidence import attacker_probes, policy_evidence
from corslint.origins.matching import accepts, any_origin_evidence
from corslint.policy import CorsPolicy, Option, Span, Value
from corslint.rules import all_rules
from tests.helpers import expected_findings, fixture_projects
from tests.realcors import NotBuildable, real_echo

ORIGIN_CODES = {"COR105", "COR106", "COR108", "COR201", "COR202", "COR203", "COR204"}
# "accepts https://x" or "accepts the origin `null`": the evidence a message names.
EVIDENCE = re.compile(r"accepts (?:the origin `(null)`|(https?://[^\s,;()]+))")


def run_project(project):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        found = discover(["."], ExcludeMatcher([*DEFAULT_EXCLUDES, "*.fixed.py"], str(project)))
        engine = Engine(Options(selected=set(all_rules()), config_root=str(project), project_roots=[str(project)]))
        result = engine.run([Input(f.path, os.path.relpath(f.path)) for f in found.files])
    finally:
        os.chdir(cwd)
    return result, list(engine.facts.policies) if engine.facts is not None else []


def reported_origins(result, policies):
    """(finding, policy, origin) for every origin-trust finding that names an accepted origin."""
    out = []
    for finding in result.findings:
        if finding.code not in ORIGIN_CODES:
            continue
        match = EVIDENCE.search(finding.message)
        if not match:
            continue
        origin = match.group(1) or match.group(2)
        owners = [p for p in policies
                  if any(item.origin == origin and item.entry.span is not None
                         and item.entry.span.start_line == finding.span.start_line
                         for item in policy_evidence(p).items)]
        assert owners, f"no policy holds the evidence {origin} of {finding.code}: {finding.message}"
        out.append((finding, owners[0], origin))
    return out


PROJECTS = fixture_projects()


def unknowns_left_out(policy: CorsPolicy) -> CorsPolicy:
    """The policy with each wholly unknown option left out (the framework's default). A
    setting written at run time, or a branch's import that is not in the project, leaves
    the others unknown; an origin the regex or the list accepts is echoed whatever they
    are, and leaving them out can only refuse more."""
    changes = {}
    for name in ("origins", "allow_all_origins", "credentials"):
        option = getattr(policy, name)
        if option is not None and option.value.kind == "unknown":
            changes[name] = None
    regexes = [o for o in policy.origin_regexes if o.value.kind != "unknown"]
    return replace(policy, origin_regexes=regexes, **changes)


def buildable_echo(policy: CorsPolicy):
    try:
        return real_echo(policy)
    except NotBuildable:
        return real_echo(unknowns_left_out(policy))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_every_reported_origin_is_echoed_by_the_real_middleware(project):
    result, policies = run_project(project)
    for finding, policy, origin in reported_origins(result, policies):
        if policy.semantics.language != "python":
            continue  # Go services run their real libraries in tests/test_go_libraries.py
        echo = buildable_echo(policy)
        assert echo(origin) == origin, f"{finding.code}: {origin} is not echoed by the real middleware"


def test_fixtures_report_origins_from_every_evidence_rule():
    codes = set()
    for project in PROJECTS:
        result, policies = run_project(project)
        codes |= {finding.code for finding, _, _ in reported_origins(result, policies)}
    assert {"COR106", "COR108", "COR202", "COR203"} <= codes


CLEAN = [p for p in PROJECTS if not expected_findings(p)]


@pytest.mark.parametrize("project", CLEAN, ids=lambda p: p.name)
def test_attacker_origins_are_refused_for_clean_fixtures(project):
    result, policies = run_project(project)
    built = 0
    for policy in policies:
        if any_origin_evidence(policy) is not None:
            # Open to every origin on purpose (a public endpoint): in a clean fixture that is
            # only possible with a `# noqa: COR104`, so there is nothing to refuse.
            continue
        if policy.origins is not None and policy.origins.value.kind == "unknown" and not policy.origin_regexes:
            # Origins corslint cannot know (read back after a `from_pyfile`): leaving them out
            # would test Flask-CORS's allow-all default, which nobody wrote.
            continue
        try:
            echo = buildable_echo(policy)
        except NotBuildable:
            continue
        built += 1
        probes = attacker_probes(policy)
        assert probes
        for origin in probes:
            assert echo(origin) in (None,), f"the real middleware lets {origin} in ({policy.span.describe()})"
    if any(p.origin_regexes for p in policies):
        assert built, "no policy of this clean fixture could be built"


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_accepts_agrees_with_the_real_middleware_on_every_probe(project):
    _, policies = run_project(project)
    for policy in policies:
        try:
            echo = real_echo(policy)
        except NotBuildable:
            continue
        for origin in attacker_probes(policy) + ["https://evil.net", "null"]:
            verdict = accepts(policy, origin).accepted
            if verdict is None:
                continue
            assert verdict == (echo(origin) in (origin, "*")), (policy.span.describe(), origin)


# -- Flask-CORS and django-cors-headers: hand-built policies with their semantics ----------------

# The frameworks' own semantics, as their extractors declare them.
FLASK = FLASK_SEMANTICS
DJANGO = DJANGO_SEMANTICS


def _span(line: int) -> Span:
    return Span("settings.py", line, 0, line, 10)


def _strings(items, first_line: int):
    return Value("list", [Value("str", text, _span(first_line + i), literal=True) for i, text in enumerate(items)],
                 _span(first_line))


def flask_policy(origins, credentials=True) -> CorsPolicy:
    policy = CorsPolicy(FLASK, _span(1), "CORS(app)")
    policy.origins = Option("origins", _strings(origins, 10), _span(10))
    policy.credentials = Option("supports_credentials", Value("bool", credentials), _span(2))
    return policy


def django_policy(origins=(), regexes=(), credentials=True) -> CorsPolicy:
    policy = CorsPolicy(DJANGO, _span(1), "settings")
    policy.origins = Option("CORS_ALLOWED_ORIGINS", _strings(origins, 10), _span(10))
    policy.origin_regexes = [Option("CORS_ALLOWED_ORIGIN_REGEXES", _strings(regexes, 30), _span(30))]
    policy.credentials = Option("CORS_ALLOW_CREDENTIALS", Value("bool", credentials), _span(2))
    return policy


def findings(policy):
    out = []
    for rule in all_rules().values():
        out.extend(rule.check(policy))
    return out


BAD = [
    ("flask unanchored", flask_policy([r"https://.*\.example\.com"]), "COR201", "https://app.example.com.evil.net"),
    ("flask unescaped", flask_policy([r"^https://(app|admin).example\.com$"]), "COR202", "https://appxexample.com"),
    ("flask broad", flask_policy([r"^https://.*example\.com$"]), "COR203", "https://evilexample.com"),
    ("flask hosting", flask_policy([r"^https://[a-z0-9-]+\.netlify\.app$"]), "COR108", "https://evil.netlify.app"),
    ("flask glob", flask_policy(["https://*.example.com"]), "COR204", "https://xexample.com"),
    ("flask null", flask_policy(["https://app.example.com", "null"]), "COR105", "null"),
    ("flask http", flask_policy([r"^https?://app\.example\.com$"]), "COR106", "http://app.example.com"),
    ("django unanchored", django_policy(regexes=[r"^https://\w+\.example\.com"]), "COR201",
     "https://app.example.com.evil.net"),
    ("django unescaped", django_policy(regexes=[r"^https://app.example\.com$"]), "COR202", "https://appxexample.com"),
    ("django hosting", django_policy(regexes=[r"^https://[\w-]+\.github\.io$"]), "COR108", "https://evil.github.io"),
    ("django scheme-less", django_policy(origins=["app.example.com"]), "COR105", "null"),
]


@pytest.mark.parametrize("name,policy,code,origin", BAD, ids=[b[0] for b in BAD])
def test_flask_and_django_evidence_is_echoed_by_the_real_middleware(name, policy, code, origin):
    reported = [f for f in findings(policy) if f.code == code]
    assert reported, f"{code} did not fire: {[f.code + ' ' + f.message for f in findings(policy)]}"
    assert origin in reported[0].message or (origin == "null" and "`null`" in reported[0].message), \
        reported[0].message
    assert real_echo(policy)(origin) == origin


CLEAN_POLICIES = [
    ("flask anchored", flask_policy([r"^https://[a-z0-9-]+\.example\.com$", "https://partner.example.org"])),
    ("flask literal", flask_policy(["https://app.example.com", "https://shop.vercel.app"])),
    ("django anchored", django_policy(origins=["https://app.example.com"],
                                      regexes=[r"^https://(app|admin)\.example\.com$"])),
    ("django localhost", django_policy(regexes=[r"^http://localhost:\d+$"])),
]


@pytest.mark.parametrize("name,policy", CLEAN_POLICIES, ids=[c[0] for c in CLEAN_POLICIES])
def test_clean_flask_and_django_policies_stay_silent_and_refuse_attackers(name, policy):
    assert not [f for f in findings(policy) if f.code in ORIGIN_CODES], [f.message for f in findings(policy)]
    echo = real_echo(policy)
    probes = attacker_probes(policy)
    assert len(probes) > 20
    for origin in probes:
        assert echo(origin) is None, origin
        assert accepts(policy, origin).accepted is False, origin


def test_a_free_form_tail_is_shown_as_the_attackers_own_domain_after_the_trusted_host():
    # `https://.*\.example\.com.*` once gave https://evil.example.comevil: not a domain
    # anyone can register. The tail lets the host run on, so the witness is the trusted
    # host under the attacker's domain, which Starlette's fullmatch accepts.
    from corslint.origins.attacks import SUFFIX, regex_witnesses

    pattern = r"https://.*\.example\.com.*"
    [witness] = regex_witnesses(pattern)
    assert witness.text == "https://app.example.com"
    assert (witness.attacker_text, witness.attacker_kind) == ("https://app.example.com.evil.net", SUFFIX)
    assert re.fullmatch(pattern, witness.attacker_text)
    [closed] = regex_witnesses(r"https://.*\.example\.com")
    assert closed.attacker_text == "https://evil.example.com"


def test_a_port_glob_names_its_host_without_the_colon():
    """`http://localhost:*` (Flask-CORS compiles it) has the witness `http://localhost:`: the
    host is `localhost`, so the probes include `http://localhost.evil.net`, which it accepts."""
    from corslint.origins import attacks

    for pattern in ("http://localhost:*", "http://localhost:*/*"):
        witnesses = attacks.regex_witnesses(pattern, True)
        assert attacks.witness_hosts(witnesses) == [("http", "localhost")]
    assert attacks.witness_hosts(attacks.regex_witnesses(r"http://localhost:\d+", True)) == [("http", "localhost")]


def test_the_advice_for_a_port_glob_with_a_path_glob_is_a_port_pattern():
    from corslint.rules.cor204_glob_origin import suggested_regex, wildcard_meaning

    assert suggested_regex("http://localhost:*/*") == "http://localhost(:[0-9]+)?"
    assert wildcard_meaning("http://localhost:*/*") == "any port"
    assert wildcard_meaning("https://*.example.com:*") == "subdomains and any port"
