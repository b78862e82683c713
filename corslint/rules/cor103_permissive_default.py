from corslint.origins.matching import wildcard_entry
from corslint.rules.base import Example, Rule
from corslint.policy import Value
from corslint.rules.helpers import assigned, noqa_comment, suffix, written


class PermissiveDefault(Rule):
    """
    ## What it does
    Reports a CORS configuration that never says which origins it allows, and so gets a
    library default that allows every origin: `CORS(app)` or `@cross_origin()` in
    Flask-CORS without `origins=` (nor `CORS_ORIGINS` in the app config).

    ## Why is this bad?
    Flask-CORS defaults to `origins="*"`, and unless `send_wildcard=True` it answers
    every request by echoing the requesting origin back in
    `Access-Control-Allow-Origin`. Every website a user visits can then read the API's
    responses through the user's browser. Copying `CORS(app)` from a tutorial is the
    most common way this ships; it is rarely what an API that is not fully public
    wants. With `supports_credentials=True` the same default is reported as
    wildcard-with-credentials (COR101) instead.

    ## Fix safety
    No automatic fix: only the owner knows which origins the frontend runs on.

    ## References
    - [Flask-CORS: API (origins default)](https://flask-cors.readthedocs.io/en/latest/api.html)
    - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    """

    code = "COR103"
    ecosystem = ("Ecosystem check: 3 findings, all acceptable (dify's token-authenticated service API, open to every origin on purpose). Stays on as a warning: the default is easy to leave in by accident, and a `# noqa` documents the intent.")
    name = "permissive-default"
    severity = "warning"
    summary = "No origins configured, so the library default lets every origin in"
    frameworks = "F"

    invalid = [
        Example("""
            from flask import Flask
            from flask_cors import CORS

            app = Flask(__name__)
            CORS(app)
        """,
        message='CORS(app) sets no origins', at=(5, 1)),
        Example("""
            from flask import Flask
            from flask_cors import cross_origin

            app = Flask(__name__)


            @app.route("/api/items")
            @cross_origin()
            def items():
                return {"items": []}
        """,
        message='@cross_origin on items() sets no origins', at=(8, 1)),
    ]
    valid = [
        Example("""
            from flask import Flask
            from flask_cors import CORS

            app = Flask(__name__)
            CORS(app, origins=["https://app.example.com"])
        """),
        Example("""
            from flask import Flask
            from flask_cors import CORS

            app = Flask(__name__)
            app.config["CORS_ORIGINS"] = ["https://app.example.com"]
            CORS(app)
        """),
    ]

    def check(self, policy):
        option = policy.origins
        if option is None or not option.implicit or policy.credentials_enabled() is True:
            return  # with credentials this is COR101
        entry = wildcard_entry(policy)
        if entry is None:
            return
        display = policy.semantics.display
        send_wildcard = policy.send_wildcard
        literal = send_wildcard is not None and send_wildcard.value.truth() is True
        behaviour = ("sends `Access-Control-Allow-Origin: *`" if literal
                     else "echoes every requesting origin back in Access-Control-Allow-Origin")
        advice = "pass origins=[...] with the frontend's origins" if policy.semantics.language == "python" \
            else "list the frontend's origins explicitly"
        if policy.semantics.language == "python":
            default = f"origins={entry.data!r}"
        elif "(" in option.name:  # a preset (`cors.Default()`): no option to name
            default = f"origins {written(entry.data, policy)}"
        else:  # `AllowedOrigins: []string{"*"}`
            default = assigned(option, policy, Value("list", [Value("str", entry.data)]))
        yield self.finding(
            policy.span,
            f"{policy.label} sets no origins, so {display} uses its default {default} and "
            f"{behaviour}: any website can read these responses through its visitors' browsers"
            f"{suffix(entry)}; {advice} (or add `{noqa_comment(policy, self.code)}` for a "
            "public API).",
        )
