"""Globs a user meant (`https://*.example.com`) against regexes a user wrote (`^https?:\\/\\/*(.*)`).

COR204 is for the first kind only, and the regex it suggests is checked here the way the
framework itself would use it: compiled with `re` and run by the real middleware, which must
let in the origin the glob was written for and nothing an attacker can register. A regex a
user wrote is never re-escaped into advice; one that accepts every origin with credentials is
one COR101 naming the entry and an origin the real Flask-CORS echoes.
"""
from __future__ import annotations

import re

import pytest

from corslint.frameworks.django import SEMANTICS as DJANGO
from corslint.frameworks.flask_cors import SEMANTICS as FLASK
from corslint.frameworks.starlette import SEMANTICS as STARLETTE
from corslint.origins.model import looks_like_glob, written_as_regex
from corslint.origins.rewrite import intended_origin
from corslint.policy import CorsPolicy, Option, Span, Value
from corslint.rules import all_rules
from tests.realcors import real_echo

GLOBS = ["https://*.example.com", "http://localhost:*", "https://*.example.com:*", "*.example.com",
         "https://*.example.com/", "https://*-preview.example.com", "https://*.*.example.com", "http://[::1]:*",
         " https://*.example.com "]
REGEXES = [r"^https?:\/\/*(.*)", r"^https?:\/\/localhost:\d*$", r"https://\w*\.example\.com",
           r"https://.*\.example\.com", "https://.*.example.com", "https://.*", r"^https://[a-z0-9-]*\.example\.com$",
           "https://*.example.com$", "https://(app|admin)*.example.com", "https://**.example.com",
           "https://app.*.example.com", "https://*.example.com|https://*.example.org"]
# Origins nobody on the owner's side controls: the suggested regex must refuse every one.
ATTACKERS = ["https://xexample.com", "https://evilexample.com", "https://app.example.com.evil.net",
             "https://evil.net", "http://evil.net", "null", "https://app.example.com_.evil.net",
             "http://localhost.evil.net", "http://localhost:3000.evil.net"]


@pytest.mark.parametrize("text", GLOBS)
def test_a_glob_is_read_as_a_glob(text):
    assert looks_like_glob(text)
    assert not written_as_regex(text)


@pytest.mark.parametrize("text", REGEXES)
def test_anything_with_regex_syntax_is_read_as_a_regex(text):
    assert not looks_like_glob(text)
    assert written_as_regex(text)


def _span(line: int) -> Span:
    return Span("app.py", line, 0, line, 10)


def _policy(semantics, origins, credentials=False, regex=None) -> CorsPolicy:
    policy = CorsPolicy(semantics, _span(1), "CORS")
    items = [Value("str", text, _span(10 + i), literal=True) for i, text in enumerate(origins)]
    policy.origins = Option("origins", Value("list", items, _span(10)), _span(10))
    policy.credentials = Option("credentials", Value("bool", credentials), _span(2))
    if regex is not None:
        name = semantics.regex_keyword or semantics.regex_setting
        value = Value("str", regex, _span(30)) if semantics is STARLETTE else \
            Value("list", [Value("str", regex, _span(30))], _span(30))
        policy.origin_regexes = [Option(name, value, _span(30))]
    return policy


def _findings(policy):
    return [finding for rule in all_rules().values() for finding in rule.check(policy)]


def _suggested(message: str) -> str:
    match = re.search(r"such as r'([^']+)'", message)
    assert match, message
    return match.group(1)


def _with_suggestion(semantics, pattern: str) -> CorsPolicy:
    """The configuration the advice asks for: the regex where the framework takes regexes."""
    if semantics is FLASK:
        return _policy(semantics, [pattern], credentials=True)
    return _policy(semantics, [], credentials=True, regex=pattern)


# Globs that are plain origins with wildcards (the scheme-less one is COR205 in Flask-CORS,
# where it does not even compile, and COR105 in django-cors-headers, where it matches `null`).
ADVISED = ["https://*.example.com", "http://localhost:*", "https://*.example.com:*", "https://*.example.com/",
           "https://*-preview.example.com", "https://*.*.example.com"]


@pytest.mark.parametrize("semantics", [FLASK, STARLETTE, DJANGO], ids=lambda s: s.framework)
@pytest.mark.parametrize("glob", ADVISED)
def test_the_regex_suggested_for_a_glob_lets_in_what_it_was_meant_for_and_no_attacker(semantics, glob):
    policy = _policy(semantics, [glob], credentials=True)
    reported = [f for f in _findings(policy) if f.code == "COR204"]
    assert len(reported) == 1, [f.code + " " + f.message for f in _findings(policy)]
    message = reported[0].message
    pattern = _suggested(message)
    re.compile(pattern)
    if semantics.regex_mode != "fullmatch":
        assert pattern.startswith("^") and pattern.endswith("$"), message
    if semantics is not FLASK:
        assert (semantics.regex_keyword or semantics.regex_setting) in message
    fixed = _with_suggestion(semantics, pattern)
    assert not [f for f in _findings(fixed) if f.code.startswith("COR2")], [f.message for f in _findings(fixed)]
    echo = real_echo(fixed)
    meant = intended_origin(glob)
    assert echo(meant) == meant, (pattern, meant)
    for origin in ATTACKERS:
        assert echo(origin) is None, (pattern, origin)


def test_the_flask_message_names_the_origin_the_glob_was_meant_for():
    (finding,) = [f for f in _findings(_policy(FLASK, ["https://*.example.com:*"])) if f.code == "COR204"]
    assert "it does not match https://app.example.com:3000" in finding.message
    (finding,) = [f for f in _findings(_policy(FLASK, ["https://*.example.com/"])) if f.code == "COR204"]
    assert "it does not match https://app.example.com;" in finding.message


@pytest.mark.parametrize("semantics", [FLASK, STARLETTE, DJANGO], ids=lambda s: s.framework)
@pytest.mark.parametrize("regex", REGEXES)
def test_a_regex_never_gets_glob_advice_nor_a_re_escaped_suggestion(semantics, regex):
    for credentials in (False, True):
        for finding in _findings(_policy(semantics, [regex], credentials=credentials)):
            assert finding.code != "COR204", finding.message
            assert "\\^" not in finding.message and "\\(" not in finding.message, finding.message
            assert "https://^" not in finding.message, finding.message


def test_a_regex_that_accepts_every_origin_with_credentials_is_one_cor101_naming_it():
    entry = r"^https?:\/\/*(.*)"
    policy = _policy(FLASK, [r"^http://localhost:\d+$", entry], credentials=True)
    found = _findings(policy)
    assert [f.code for f in found] == ["COR101"], [f.code + " " + f.message for f in found]
    message = found[0].message
    assert f"r'{entry}' in origins is a regular expression" in message
    assert "'*'" not in message
    origin = re.search(r"accepts any origin, such as (https?://[^\s,]+)", message).group(1)
    assert re.match(entry, origin, re.IGNORECASE)
    assert real_echo(policy)(origin) == origin
    # Without credentials the same regex is COR203, a too-broad regex, and only that.
    found = _findings(_policy(FLASK, [r"^http://localhost:\d+$", entry]))
    assert [f.code for f in found] == ["COR203"], [f.code + " " + f.message for f in found]


def test_a_django_entry_written_as_a_regex_is_told_to_move_not_to_gain_a_scheme():
    policy = _policy(DJANGO, [r"^https://[a-z0-9-]+\.example\.com$"])
    (finding,) = [f for f in _findings(policy) if f.code == "COR105"]
    assert "move it to CORS_ALLOWED_ORIGIN_REGEXES" in finding.message
    policy = _policy(DJANGO, ["*.example.com"])
    (finding,) = [f for f in _findings(policy) if f.code == "COR105"]
    assert r"r'^https://[a-z0-9-]+\.example\.com$'" in finding.message


@pytest.mark.parametrize("semantics,home", [(STARLETTE, "allow_origin_regex"), (DJANGO, "CORS_ALLOWED_ORIGIN_REGEXES")],
                         ids=["starlette", "django"])
def test_a_regex_in_a_list_compared_literally_is_sent_to_the_regex_option_as_written(semantics, home):
    entry = r"https://\w*\.example\.com"
    found = _findings(_policy(semantics, [entry]))
    assert [f.code for f in found] == ["COR302"], [f.code + " " + f.message for f in found]
    assert f"is a regular expression, but {semantics.display} compares origins literally" in found[0].message
    assert f"move it to {home}" in found[0].message


def test_a_glob_flask_cors_cannot_compile_gets_the_regex_it_was_meant_as():
    found = _findings(_policy(FLASK, ["*.example.com"], credentials=True))
    assert [f.code for f in found] == ["COR205"], [f.code + " " + f.message for f in found]
    assert "'*.example.com' in origins is not a valid regular expression" in found[0].message
    pattern = _suggested(found[0].message)
    echo = real_echo(_with_suggestion(FLASK, pattern))
    assert echo("https://app.example.com") == "https://app.example.com"
    assert all(echo(origin) is None for origin in ATTACKERS)


def test_the_narrower_rs_cors_wildcard_suggested_keeps_the_subdomains_and_refuses_the_lookalike():
    from corslint.languages.go.rs_cors import RS_CORS
    from corslint.origins.matching import glob_accepts

    found = [f for f in _findings(_policy(RS_CORS, ["https://*example.com"])) if f.code == "COR204"]
    assert len(found) == 1, [f.message for f in _findings(_policy(RS_CORS, ["https://*example.com"]))]
    better = re.search(r"write ['\"]([^'\"]+)['\"]", found[0].message).group(1)
    assert glob_accepts(better, "https://app.example.com", RS_CORS)
    assert not glob_accepts(better, "https://evilexample.com", RS_CORS)
    assert not [f for f in _findings(_policy(RS_CORS, [better])) if f.code.startswith("COR2")]


@pytest.mark.parametrize("semantics", [STARLETTE, DJANGO], ids=lambda s: s.framework)
@pytest.mark.parametrize("glob", ["https://*.example.com", "http://localhost:*"])
def test_a_glob_in_the_regex_option_is_one_cor204_whose_regex_the_real_middleware_honours(semantics, glob):
    policy = _policy(semantics, [], credentials=True, regex=glob)
    found = _findings(policy)
    assert [f.code for f in found] == ["COR204"], [f.code + " " + f.message for f in found]
    assert "is written as a glob, but" in found[0].message
    pattern = _suggested(found[0].message)
    echo = real_echo(_with_suggestion(semantics, pattern))
    meant = intended_origin(glob)
    assert echo(meant) == meant
    assert all(echo(origin) is None for origin in ATTACKERS)
    # What the message says the glob does is what the real middleware does with it.
    echo = real_echo(policy)
    accepted = re.search(r"it accepts (https?://[^\s,]+)", found[0].message)
    if accepted:
        assert echo(accepted.group(1)) == accepted.group(1)
    if "does not match" in found[0].message:
        assert echo(meant) is None
