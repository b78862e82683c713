from corslint.origins.evidence import UNANCHORED
from corslint.origins.rewrite import anchored
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix, value_span
from corslint.rules.origin_wording import matcher_words, pattern_label, regex_evidence
from corslint.rules.regex_fix import regex_fix


class RegexUnanchored(Rule):
    """
    ## What it does
    Reports an origin regex that the framework applies with `re.match` (anchored at the
    start only) and that therefore accepts an attacker's origin that merely *begins*
    with a trusted one, such as `https://app.example.com.evil.net`. The message names
    an origin that the framework's own matcher accepts.

    Flask-CORS and django-cors-headers use `re.match`; Starlette has used
    `re.fullmatch` since 0.13.1, so this rule never fires for current Starlette.

    ## Why is this bad?
    Anyone can register `example.com.evil.net` (or `evil.net` and the subdomain
    `app.example.com.evil.net`). A pattern like `https://.*\\.example\\.com` then lets
    that site read the API's responses, with the user's cookies when credentials are
    allowed.

    ## Fix safety
    Ending the pattern with `$` (and starting it with `^`, or wrapping it as `^(?:…)$`
    when it has a top-level `|`) only removes origins that continue past the trusted
    host, which no legitimate origin does, so the fix is safe. It is offered where the
    intent is plain: a literal pattern written where the option is set, with no inline
    global flags and no anchors (`^`, `$`, `\\A`, `\\Z`, `\\b`) other than a leading `^`.

    ## References
    - [Flask-CORS: origins are matched with re.match (corydolphin/flask-cors#209)](https://github.com/corydolphin/flask-cors/issues/209)
    - [django-cors-headers: CORS_ALLOWED_ORIGIN_REGEXES](https://github.com/adamchainz/django-cors-headers#cors_allowed_origin_regexes-sequencestr--patternstr)
    - [Starlette PR #801: full regex match for allow_origin_regex](https://github.com/encode/starlette/pull/801)
    - [CORScanner: prefix match](https://github.com/chenjj/CORScanner)
    """

    code = "COR201"
    name = "regex-unanchored"
    severity = "error"
    summary = "An origin regex applied with re.match has no end anchor, so https://app.example.com.evil.net gets in"
    frameworks = "F D H (and S before 0.13.1)"

    invalid = [Example("""
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=[r"https://.*\\.example\\.com"], supports_credentials=True)
    """,
        message="r'https://.*\\.example\\.com' in origins accepts https://app.example.com.evil.net", at=(5, 20),
        fixed='from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=[r"^https://.*\\.example\\.com$"], supports_credentials=True)\n'),
        # Fix case: flask-regex-anchored.
        Example('from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=["https://app.example.com", r"https://[a-z0-9-]+\\.preview\\.example\\.com"])\n',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="r'https://[a-z0-9-]+\\.preview\\.example\\.com' in origins accepts", at=(5, 47),
                fixed='from flask import Flask\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=["https://app.example.com", r"^https://[a-z0-9-]+\\.preview\\.example\\.com$"])\n'),
        # Fix case: regex-in-a-shared-constant-is-not-rewritten.
        Example('from flask import Flask\nfrom flask_cors import CORS\n\nPREVIEWS = r"https://[a-z0-9-]+\\.preview\\.example\\.com"\napp = Flask(__name__)\nCORS(app, origins=["https://app.example.com", PREVIEWS])\n',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="r'https://[a-z0-9-]+\\.preview\\.example\\.com' in origins accepts", at=(4, 12)),
        # Fix case: regex-with-inline-flags-is-not-anchored.
        Example('INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]\nMIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]\n\nCORS_ALLOWED_ORIGIN_REGEXES = [r"(?i)https://[a-z0-9-]+\\.example\\.com"]\n', filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="r'(?i)https://[a-z0-9-]+\\.example\\.com' in CORS_ALLOWED_ORIGIN_REGEXES accepts", at=(4, 32)),
        # Hand-written headers: the view's own code runs the regex, not the browser.
        Example("""
            import re

            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = re.compile(r"https://[a-z0-9-]+\\.example\\.com")


            @app.after_request
            def add_cors(response):
                requested = request.headers.get("Origin", "")
                if ALLOWED.match(requested):
                    response.headers["Access-Control-Allow-Origin"] = requested
                    response.headers["Vary"] = "Origin"
                return response
        """,
                message="r'https://[a-z0-9-]+\\.example\\.com' (the Access-Control-Allow-Origin check) accepts "
                        "https://app.example.com.evil.net, because this code tests the Origin with re.match, "
                        "which anchors only the start", at=(6, 22),
                fixed="""
            import re

            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = re.compile(r"^https://[a-z0-9-]+\\.example\\.com$")


            @app.after_request
            def add_cors(response):
                requested = request.headers.get("Origin", "")
                if ALLOWED.match(requested):
                    response.headers["Access-Control-Allow-Origin"] = requested
                    response.headers["Vary"] = "Origin"
                return response
        """),
    ]
    valid = [Example("""
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=[r"^https://[a-z0-9-]+\\.example\\.com$"], supports_credentials=True)
    """), Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        # Starlette applies allow_origin_regex with re.fullmatch: no anchors needed.
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com")
    """)]

    def check(self, policy):
        for item in regex_evidence(policy, UNANCHORED):
            yield self.finding(
                value_span(item.entry, item.option, policy),
                f"{pattern_label(item, policy)} accepts {item.origin}, because {matcher_words(policy)}, which anchors only "
                f"the start, so any origin that begins like a trusted one gets in{suffix(item.entry)}; end the "
                f"pattern with $ (or wrap it as ^(?:…)$).",
                fix=regex_fix(policy, item, anchored, "Anchor the pattern: {new}"),
            )
