from corslint.fixes.intents import SAFE, RemoveElement, ReplaceLiteral, contains, is_list_entry, make_fix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span, written

# Fetch standard, "forbidden request-header": names a script can never set on a request.
FORBIDDEN_REQUEST_HEADERS = frozenset({
    "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
    "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin",
    "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
})
FORBIDDEN_PREFIXES = ("proxy-", "sec-")

_WHY = {
    "cookie": " (cookies go with `credentials: \"include\"` and the credentials option, not a header list)",
    "origin": " (the browser sets it on every cross-origin request)",
    "content-length": " (the browser computes it from the body)",
}


def is_forbidden(name: str) -> bool:
    low = name.strip().lower()
    return low in FORBIDDEN_REQUEST_HEADERS or low.startswith(FORBIDDEN_PREFIXES)


class ForbiddenHeader(Rule):
    """
    ## What it does
    Reports a forbidden request header listed among the allowed request headers
    (`allow_headers`, `CORS_ALLOW_HEADERS`, `Access-Control-Allow-Headers`): `Cookie`,
    `Host`, `Origin`, `Content-Length`, `Referer`, `Connection`, `Accept-Encoding`, any
    `Sec-*` or `Proxy-*` header, and the rest of the Fetch standard's list.

    ## Why is this bad?
    Browsers never let a script set these headers (`fetch` and `XMLHttpRequest` silently
    drop them), so no preflight ever asks for them and listing them allows nothing. The
    entry suggests something works that does not, typically `Cookie` listed in the hope
    of sending cookies, which needs `credentials: "include"` on the request and
    credentials allowed by the CORS configuration instead.

    ## Fix safety
    Removing the entry changes nothing a browser can do, so the fix is safe. It is
    offered for an entry written directly in a list, and for a comma-separated header
    value written as one literal.

    ## References
    - [Fetch standard: forbidden request-header](https://fetch.spec.whatwg.org/#forbidden-request-header)
    - [MDN: Forbidden header name](https://developer.mozilla.org/en-US/docs/Glossary/Forbidden_header_name)
    """

    code = "COR308"
    name = "forbidden-header"
    severity = "info"
    summary = "A forbidden request header is listed as allowed; browsers never let scripts send it"
    frameworks = "S F D H"
    security = False

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_credentials=True,
            allow_headers=["Authorization", "Content-Type", "Cookie"],
        )
    """,
        message="'Cookie' in allow_headers allows nothing", at=(9, 53),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                allow_credentials=True,
                allow_headers=["Authorization", "Content-Type"],
            )
        """),
        # Fix case: forbidden-header-removed-from-a-header-value.
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Headers"] = "Content-Type, Cookie, X-Token"
                    response.headers["Vary"] = "Origin"
                return response
        """,
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="`Cookie` in Access-Control-Allow-Headers allows nothing", at=(12, 60),
                fixed="""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin", "")
                if origin in ALLOWED:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Token"
                    response.headers["Vary"] = "Origin"
                return response
        """),
        # Fix case: forbidden-headers-removed-from-a-list.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                               allow_headers=["Sec-Fetch-Mode", "Content-Type", "host"])
        """, filename='main.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="'Sec-Fetch-Mode' in allow_headers allows nothing", at=(6, 35),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                               allow_headers=["Content-Type"])
        """),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_credentials=True,
            allow_headers=["Authorization", "Content-Type"],
        )
    """)]

    def check(self, policy):
        option = policy.headers
        if option is None or option.implicit or option.value.kind not in ("list", "tuple", "set"):
            return  # a string where a list belongs is COR301's
        entries = list(option.value.strings())
        joined = _joined_literal(option, entries)
        for entry in entries:
            name = entry.data.strip()
            if not is_forbidden(name):
                continue
            fix = None
            if is_list_entry(entry):
                fix = make_fix(f"Remove {written(name, policy, option)}", SAFE, RemoveElement(entry.span))
            elif joined is not None:
                rest = ", ".join(e.data.strip() for e in entries if e is not entry)
                if rest:
                    fix = make_fix(f"Remove {written(name, policy, option)}", SAFE, ReplaceLiteral(entry.span, joined, rest))
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} allows nothing: it is a forbidden request header that browsers "
                f"never let scripts set{_WHY.get(name.lower(), '')}, so no preflight asks for it"
                f"{suffix(entry)}; remove it.",
                fix=fix,
            )


def _joined_literal(option, entries):
    """For a header value written as one string (`"Content-Type, Cookie"`) and split into
    entries by the extractor: that string as the entries were joined, if all share its span.
    The fix checks it against the file, so a string spaced differently gets no fix."""
    value = option.value
    if not entries or value.span is None or value.via is not None or value.all_conditions():
        return None
    if not contains(option.span, value.span):
        return None  # a constant defined elsewhere, which other code may read too
    if any(e.span != value.span for e in value.items()):
        return None
    return ", ".join(e.data for e in entries)
