from corslint.policy import branches_exclusive
from corslint.rules.base import Example, Rule


# What to write instead, in the policy's language (a library's origin function or
# predicate is checked the same way).
_ADVICE = {
    "python": "echo it only after `if origin in ALLOWED_ORIGINS:` with a set of trusted origins, and add "
              "`Vary: Origin`.",
    "go": "echo it only for trusted origins (`if allowedOrigins[origin] {`, or return true only for them), and "
          "add `Vary: Origin`.",
    "rust": "echo it only for trusted origins (compare with a list of exact origins, or use an origin list), "
            "and add `Vary: Origin`.",
}


class ReflectedOrigin(Rule):
    """
    ## What it does
    Reports hand-written code that copies the request's `Origin` header into
    `Access-Control-Allow-Origin` without first checking it against an exact allow-list:
    `response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")` in a
    Flask hook, a Django view or middleware, a Starlette/FastAPI middleware, an aiohttp
    middleware or a Tornado handler. The value is followed through local variables and
    `if` statements, including error paths that echo the origin before returning.

    ## Why is this bad?
    Echoing the `Origin` tells the browser that whichever site sent the request may read
    the response. That is `Access-Control-Allow-Origin: *` in effect, but unlike `*` it is
    also accepted together with `Access-Control-Allow-Credentials: true`, so any website a
    logged-in user visits can call the API with the user's cookies and read the answers.

    A test such as `origin in ALLOWED_ORIGINS` (a set, list or tuple of origins) or
    `origin == "https://app.example.com"` on the way to the write is a check, and keeps
    this rule silent. Prefix, suffix and substring tests are reported by COR206
    (substring-origin-check) instead.

    ## Fix safety
    No automatic fix: which origins to trust is the owner's decision.

    ## References
    - [PortSwigger: Exploiting CORS misconfigurations](https://portswigger.net/research/exploiting-cors-misconfigurations-for-bitcoins-and-bounties)
    - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    - [Fetch standard: CORS protocol and credentials](https://fetch.spec.whatwg.org/#cors-protocol-and-credentials)
    """

    code = "COR102"
    ecosystem = ("Ecosystem check: 3 findings, all true (bokeh's autoload echo, posthog's rebuilt-origin echo with credentials). The false positive before (authentik: an unchecked echo only for preflights, through a flag variable) is gone, and so is jupyter_server's (an echo only for requests carrying the API token, tested as `self.token_authenticated`). On by default: an error when credentials are allowed, a warning without them or behind an opt-in switch; echoes only for authenticated requests or only in the preflight are not reported.")
    name = "reflected-origin"
    severity = "error"
    summary = "The request Origin is echoed in Access-Control-Allow-Origin without an allow-list check"
    frameworks = "H"

    invalid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)


            @app.after_request
            def add_cors_headers(response):
                response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
                response.headers["Access-Control-Allow-Credentials"] = "true"
                return response
        """,
        message="Access-Control-Allow-Origin is set to the request's Origin", at=(8, 5)),
        Example("""
            from django.http import JsonResponse

            ALLOWED_ORIGINS = {"https://app.example.com"}


            def orders(request):
                origin = request.META.get("HTTP_ORIGIN", "")
                if origin not in ALLOWED_ORIGINS:
                    response = JsonResponse({"error": "origin not allowed"}, status=403)
                    response["Access-Control-Allow-Origin"] = origin
                    return response
                response = JsonResponse({"orders": []})
                response["Access-Control-Allow-Origin"] = origin
                response["Vary"] = "Origin"
                return response
        """,
        message="Access-Control-Allow-Origin is set to the request's Origin", at=(10, 9)),
        Example("""
            from django.conf import settings


            def add_cors_headers(request, response):
                response["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
                if settings.CORS_SEND_COOKIES:
                    response["Access-Control-Allow-Credentials"] = "true"
                return response
        """,
        message="and when `settings.CORS_SEND_COOKIES` is on also with the user's cookies", at=(5, 5)),
        Example("""
            def add_cors_headers(request, response, public):
                if public:
                    response["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
                else:
                    response["Access-Control-Allow-Origin"] = "https://app.example.com"
                    response["Access-Control-Allow-Credentials"] = "true"
                    response["Vary"] = "Origin"
                return response
        """,
        message="without cookies, since credentials are not allowed", at=(3, 9)),
    ]
    valid = [
        Example("""
            from flask import Flask, request

            app = Flask(__name__)
            ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


            @app.after_request
            def add_cors_headers(response):
                origin = request.headers.get("Origin")
                if origin in ALLOWED_ORIGINS:
                    response.headers["Access-Control-Allow-Origin"] = origin
                    response.headers["Access-Control-Allow-Credentials"] = "true"
                response.vary.add("Origin")
                return response
        """),
    ]

    def check(self, policy):
        written = policy.written
        if written is None:
            return
        credentials = policy.credentials_enabled() is True
        for write in written.origin_writes:
            if write.source != "request-origin" or write.checked or write.weak_checks:
                continue
            context = write.context
            if "authenticated" in context:
                continue  # only for a token or login an attacker's page cannot send: nothing to read
            if "preflight" in context:
                continue  # the preflight alone lets a request through, never its response to be read
            switches = [c.split(":", 1)[1] for c in context if c.startswith("switch:")]
            # Credentials go with this echo only where they are written on its path, and are
            # on by default only where no opt-in switch guards them.
            with_credentials = credentials and not (
                written.credentials_branches is not None
                and branches_exclusive(write.branches, written.credentials_branches))
            optional = [s for s in written.credentials_switches if s not in switches]
            if with_credentials and optional:
                risk = (f"any website can read the responses through its visitors' browsers, and when "
                        f"{' and '.join(f'`{s}`' for s in optional)} is on also with the user's cookies "
                        "(Access-Control-Allow-Credentials is true then)")
            elif with_credentials:
                risk = ("any website can send requests with the user's cookies (Access-Control-Allow-Credentials "
                        "is true) and read the responses")
            else:
                risk = ("any website can read the responses through its visitors' browsers (without cookies, "
                        "since credentials are not allowed: what an anonymous visitor, or a visitor's network "
                        "position, can see)")
            when = f" when {' and '.join(f'`{s}`' for s in switches)} is on" if switches else ""
            yield self.finding(
                write.span,
                f"Access-Control-Allow-Origin is set to the request's Origin ({write.read}) without checking it "
                f"against an allow-list{when}, so {risk}; {_ADVICE.get(policy.semantics.language, _ADVICE['python'])}",
                severity="warning" if switches or not with_credentials or optional else None,
            )
