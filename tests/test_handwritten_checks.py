"""Origin tests in hand-written CORS code (COR206) in the shapes the rule examples do
not show: a tuple of prefixes, as str.startswith takes it."""
from __future__ import annotations

from corslint.run.engine import check_sources

HOOK = '''from flask import Flask, request

app = Flask(__name__)


@app.after_request
def add_cors(response):
    origin = request.headers.get("Origin", "")
    if origin.startswith({affixes}):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response
'''


def findings(affixes):
    return [(f.code, f.message) for f in check_sources([("app.py", HOOK.format(affixes=affixes))]).findings]


def test_a_tuple_of_prefixes_accepts_what_each_prefix_accepts():
    found = findings('("https://app.example.com", "https://admin.example.com")')
    assert [code for code, _ in found] == ["COR206"]
    assert "https://app.example.com.evil-example.net" in found[0][1]


def test_a_tuple_of_prefixes_that_cannot_match_an_origin_is_not_reported():
    # An Origin never carries a path, so these prefixes accept nothing extra.
    assert findings('("https://app.example.com/", "https://admin.example.com/")') == []
