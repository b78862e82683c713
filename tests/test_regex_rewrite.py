"""The origin-regex rewrites behind the COR201 and COR202 fixes, and where they refuse."""
from __future__ import annotations

import pytest

from corslint.origins.rewrite import anchored, escape_host_dots


@pytest.mark.parametrize("pattern,expected", [
    (r"https://.*\.example\.com", r"^https://.*\.example\.com$"),
    (r"^https://[\w-]+\.corp\.example\.com", r"^https://[\w-]+\.corp\.example\.com$"),
    (r"https://a\.example\.com|https://b\.example\.com", r"^(?:https://a\.example\.com|https://b\.example\.com)$"),
    (r"https://(a|b)\.example\.com", r"^https://(a|b)\.example\.com$"),
    (r"https://[$^]\.example\.com", r"^https://[$^]\.example\.com$"),  # anchors in a class are characters
    (r"(?i)https://a\.example\.com", None),  # global flags must stay first: not plain
    (r"https://a\.example\.com$|https://b", None),  # one branch anchored, the other not
    (r"https://a\.example\.com\b", None),
    (r"https://(", None),  # does not compile
])
def test_anchored(pattern, expected):
    assert anchored(pattern) == expected


@pytest.mark.parametrize("pattern,expected", [
    (r"https://app.example.com", r"https://app\.example\.com"),
    (r"^https://.*.example.com$", r"^https://.*\.example\.com$"),
    (r"https://[a-z.]+.example.com", r"https://[a-z.]+\.example\.com"),  # a dot in a class is literal already
    (r"https://(admin|ops).acme-shop\.com", r"https://(admin|ops)\.acme-shop\.com"),
    (r"https://app\.example\.com", None),
    (r"https://.+", None),  # a quantified dot is a wildcard, not a separator
    (r"https://a.*", None),
])
def test_escape_host_dots(pattern, expected):
    assert escape_host_dots(pattern) == expected
