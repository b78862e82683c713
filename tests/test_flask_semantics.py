"""The Flask-CORS model is checked against Flask-CORS itself: each snippet is linted, then
run with the real library, and every verdict corslint gives (which origins get in, what a
finding claims) must be what the real application does."""
from __future__ import annotations

import os
import re
import tempfile
import textwrap

import pytest

flask = pytest.importorskip("flask")
pytest.importorskip("flask_cors")

from corslint.run.engine import Engine, Input, Options  # noqa: E402
from corslint.origins.matching import accepts  # noqa: E402
from corslint.rules import all_rules  # noqa: E402

ORIGINS = [
    "https://app.example.com", "https://APP.example.com", "https://xexample.com", "https://xexample.com.evil.net",
    "https://evil.example.net", "https://a.example.com,https://b.example.com", "https://a.example.com",
    "https://b.example.com", "null", "http://app.example.com", "https://app.example.com.evil.net",
]

SNIPPETS = {
    "default": "CORS(app)",
    "glob": 'CORS(app, origins=["https://*.example.com"])',
    "comma-string": 'CORS(app, origins="https://a.example.com,https://b.example.com")',
    "upper-case": 'CORS(app, origins=["https://App.Example.com"])',
    "match-not-fullmatch": r'CORS(app, origins=[r"https://.*\.example\.com"])',
    "anchored": r'CORS(app, origins=[r"^https://[a-z]+\.example\.com$", "null"])',
    "config": 'app.config["CORS_ORIGINS"] = ["https://b.example.com"]\nCORS(app)',
    "config-after-init": 'CORS(app)\napp.config["CORS_ORIGINS"] = ["https://b.example.com"]',
    "kwargs-over-config": ('app.config["CORS_ORIGINS"] = ["https://b.example.com"]\n'
                           'CORS(app, origins=["https://a.example.com"])'),
    "resource-over-kwargs": ('CORS(app, origins=["https://a.example.com"], '
                             'resources={r"/x": {"origins": "https://b.example.com"}})'),
    "init-app": 'cors = CORS(origins=["https://a.example.com"])\ncors.init_app(app)',
    "typo": 'CORS(app, origin="https://a.example.com")',
    "credentials": 'CORS(app, supports_credentials=True)',
}

PRELUDE = "from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\n"
ROUTES = '\n\n@app.route("/x")\ndef x():\n    return "ok"\n'


def lint(source: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "app.py")
        with open(path, "w") as fh:
            fh.write(source)
        engine = Engine(Options(selected=set(all_rules()), config_root=tmp, project_roots=[tmp]))
        result = engine.run([Input(path, "app.py")])
        return engine.facts.policies, result.findings


def run(source: str):
    namespace: dict = {"__name__": "snippet"}
    exec(compile(source, "app.py", "exec"), namespace)  # the test runs user code; the linter never does
    return namespace["app"].test_client()


def real_acao(client, origin: str, path: str = "/x"):
    return client.get(path, headers={"Origin": origin}).headers.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_accepts_agrees_with_flask_cors(name):
    source = PRELUDE + SNIPPETS[name] + ROUTES
    policies, _ = lint(source)
    client = run(source)
    assert policies, "no policy extracted"
    policy = policies[-1]
    for origin in ORIGINS:
        verdict = accepts(policy, origin).accepted
        actual = real_acao(client, origin) is not None
        assert verdict is not None, (name, origin)
        assert verdict == actual, (name, origin, verdict, actual)


def test_glob_finding_names_an_origin_flask_cors_really_accepts():
    # `*.example.com` as a Flask-CORS regex lets in `https://xexample.com`, another registrable
    # domain (with `*.shop.example.com` the extra hosts would all be the owner's own subdomains).
    source = PRELUDE + 'CORS(app, origins=["https://*.example.com"])' + ROUTES
    _, findings = lint(source)
    [finding] = [f for f in findings if f.code == "COR204"]
    assert finding.severity == "error"
    accepted = re.search(r"it accepts (\S+),", finding.message).group(1)
    refused = re.search(r"does not match (\S+) and", finding.message).group(1)
    client = run(source)
    assert real_acao(client, accepted) == accepted
    assert real_acao(client, refused) is None


def test_decorator_above_route_really_sends_no_cors_headers():
    source = ("from flask import Flask\nfrom flask_cors import cross_origin\n\napp = Flask(__name__)\n\n\n"
              "@cross_origin(origins=['https://a.example.com'])\n@app.route('/x')\ndef x():\n    return 'ok'\n")
    _, findings = lint(source)
    assert [f.code for f in findings] == ["COR403"]
    assert real_acao(run(source), "https://a.example.com") is None
    fixed = source.replace("@cross_origin(origins=['https://a.example.com'])\n@app.route('/x')",
                           "@app.route('/x')\n@cross_origin(origins=['https://a.example.com'])")
    _, findings = lint(fixed)
    assert findings == []
    assert real_acao(run(fixed), "https://a.example.com") == "https://a.example.com"


HOOK = textwrap.dedent('''
    from flask import Flask, abort, request
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, origins=["https://a.example.com"])


    @app.before_request
    def auth():
        {exempt}if request.headers.get("Authorization") is None:
            abort(401)


    @app.route("/x", methods=["POST"])
    def x():
        return "ok"
''')


@pytest.mark.parametrize("exempt", [False, True])
def test_preflight_blocked_matches_the_real_preflight(exempt):
    body = 'if request.method == "OPTIONS":\n        return None\n    ' if exempt else ""
    source = HOOK.replace("{exempt}", body)
    _, findings = lint(source)
    response = run(source).options("/x", headers={"Origin": "https://a.example.com",
                                                  "Access-Control-Request-Method": "POST"})
    preflight_ok = 200 <= response.status_code < 300
    assert ("COR404" in [f.code for f in findings]) == (not preflight_ok)


def test_lower_case_methods_work_in_flask_cors_so_method_case_is_silent():
    source = PRELUDE + 'CORS(app, origins=["https://a.example.com"], methods=["get", "post"])' + ROUTES
    _, findings = lint(source)
    assert "COR307" not in [f.code for f in findings]
    response = run(source).options("/x", headers={"Origin": "https://a.example.com",
                                                  "Access-Control-Request-Method": "POST"})
    assert "POST" in response.headers.get("Access-Control-Allow-Methods", "")
