"""Origin classification, shared-hosting data, ownership, and the attacker-origin generator."""
from __future__ import annotations

import subprocess
import sys

import pytest

from corslint.origins import attacks
from corslint.origins.model import (
    host_within, looks_like_glob, parse_origin, registrable_domain, shared_hosting_suffix,
    shared_hosting_suffixes,
)
from tests.helpers import ROOT


def test_origin_classes():
    assert parse_origin("http://localhost:3000").is_loopback
    assert parse_origin("http://[::1]:8000").is_loopback and parse_origin("http://[::1]:8000").is_ip_literal
    assert parse_origin("http://127.0.0.1").is_loopback
    lan = parse_origin("http://192.168.1.20:8080")
    assert lan.is_private_network and lan.is_ip_literal and not lan.is_loopback
    assert parse_origin("http://nas.local").is_private_network
    assert not parse_origin("https://app.example.com").is_private_network
    assert parse_origin("https://app.example.com:443").has_default_port
    assert parse_origin("https://app.example.com").effective_port == 443
    assert parse_origin("http://app.example.com:8080").effective_port == 8080
    assert parse_origin("null").is_null
    assert parse_origin("file://").is_file
    idn = parse_origin("https://bücher.example")
    assert idn.is_idn and idn.ascii_host() == "xn--bcher-kva.example"
    assert parse_origin("https://xn--bcher-kva.example").is_idn


def test_shared_hosting_suffixes_ship_as_data_with_their_source():
    suffixes = shared_hosting_suffixes()
    for expected in ("vercel.app", "github.io", "herokuapp.com", "onrender.com", "netlify.app", "pages.dev",
                     "azurewebsites.net", "web.app", "firebaseapp.com", "ngrok.io", "ngrok-free.app"):
        assert expected in suffixes
    text = (ROOT / "corslint" / "origins" / "data" / "shared_hosting_suffixes.txt").read_text("utf-8")
    assert "publicsuffix.org" in text
    assert shared_hosting_suffix("shop.vercel.app") == "vercel.app"
    assert shared_hosting_suffix("vercel.app") is None
    assert shared_hosting_suffix("abc.up.railway.app") == "up.railway.app"
    assert shared_hosting_suffix("app.example.com") is None


def test_pip_install_ships_the_data_file(tmp_path):
    """`pip install .` (a real build, as users get it) puts the suffix list in the package."""
    target = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                            str(ROOT)], capture_output=True, timeout=300)
    if built.returncode != 0 and b"etwork" in built.stderr + built.stdout:
        pytest.skip("pip cannot reach an index to build the package")
    assert built.returncode == 0, built.stderr.decode()
    assert (target / "corslint" / "origins" / "data" / "shared_hosting_suffixes.txt").is_file()


def test_registrable_domains_and_ownership():
    assert registrable_domain("app.example.com") == "example.com"
    assert registrable_domain("app.example.co.uk") == "example.co.uk"
    assert registrable_domain("shop.vercel.app") == "shop.vercel.app"
    assert registrable_domain("a.b.shop.vercel.app") == "shop.vercel.app"
    assert host_within("a.example.com", "example.com")
    assert not host_within("evilexample.com", "example.com")


def test_globs_and_regex_quantifiers():
    assert looks_like_glob("https://*.example.com")
    assert not looks_like_glob(r"https://.*\.example\.com")
    assert not looks_like_glob("*")


def test_generator_covers_every_attack_class():
    kinds = {c.kind for c in attacks.host_candidates("https", "app.example.com", ("example.com",))}
    assert {attacks.SUFFIX, attacks.LOOKALIKE, attacks.UNESCAPED_DOT, attacks.SPECIAL_CHARACTER,
            attacks.HTTP_DOWNGRADE, attacks.ARBITRARY_SUBDOMAIN} <= kinds
    origins = {c.origin for c in attacks.host_candidates("https", "app.example.com", ("example.com",))}
    assert {"https://app.example.com.evil.net", "https://evilexample.com", "https://appxexample.com",
            "https://app.example.com_.evil.net", "https://app.example.com`.evil.net", "http://app.example.com",
            "https://evil.app.example.com", "https://xample.com"} <= origins
    generic = {c.origin for c in attacks.generic_candidates(("example.com",))}
    assert {"null", "https://evil.net"} <= generic
    # The attacker's domain is never one the policy trusts.
    assert "https://attacker.org" in {c.origin for c in attacks.generic_candidates(("evil.net",))}
    hosting = {c.origin for c in attacks.shared_hosting_candidates(["shop-"])}
    assert "https://evil.vercel.app" in hosting and "https://shop-evil.vercel.app" in hosting


def test_regex_witnesses_read_the_pattern_as_its_author_meant():
    (witness,) = attacks.regex_witnesses(r"https://app.example\.com")
    assert witness.text == "https://app.example.com"
    assert witness.dot_variants == [("https://appxexample.com", "example")]
    texts = {w.text for w in attacks.regex_witnesses(r"https?://(app|admin)\.example\.com")}
    assert texts == {"http://app.example.com", "http://admin.example.com", "https://app.example.com",
                     "https://admin.example.com"}
    (filled,) = attacks.regex_witnesses(r"https://.*example\.com")
    assert filled.attacker_text == "https://evilexample.com"
    assert attacks.regex_witnesses(r"^https://(\w+)\.\1$") == ()  # backreference: no guess
