from corslint.rules.base import Example, Rule
from corslint.rules.helpers import flag, show, suffix, where


class WildcardHeaders(Rule):
    """
    ## What it does
    Reports `*` in the allowed request headers of a policy that allows credentials.

    ## Why is this bad?
    For credentialed requests browsers read `Access-Control-Allow-Headers: *` as the
    literal header name `*`, and `Authorization` is never covered by a wildcard. So in
    django-cors-headers and hand-written headers, which send the `*` as is, every
    preflight that asks for a custom header or `Authorization` fails. Starlette and
    Flask-CORS instead echo whatever headers the preflight asks for, which works but
    lets every allowed origin send any header, `Authorization` included, on credentialed
    requests: list the headers the frontend actually sends.

    ## Fix safety
    No automatic fix: the list of headers the frontend sends is not in the code.

    ## References
    - [Fetch standard: CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name)
    - [MDN: Access-Control-Allow-Headers](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Headers)
    """

    code = "COR306"
    name = "wildcard-headers"
    severity = "warning"
    security = True  # any header, Authorization included, with credentials
    summary = "`*` in the allowed headers of a credentialed policy"
    frameworks = "S F D H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_credentials=True,
            allow_headers=["*"],
        )
    """)]
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
        if option is None or option.implicit or policy.credentials_enabled() is not True:
            return
        value = option.value
        if value.kind == "str":
            star = value.data.strip() == "*"
        else:
            star = any(item.data.strip() == "*" for item in value.strings())
        if not star:
            return
        tail = suffix(value, policy.credentials.value)
        if policy.semantics.wildcard_headers == "reflect":
            message = (f"{option.name}={show(value)} with {flag(policy.credentials)} makes "
                       f"{policy.semantics.display} echo whatever request headers a preflight asks for, so every "
                       f"allowed origin may send any header, Authorization included, with the user's "
                       f"credentials{tail}; list the headers the frontend sends, such as "
                       f"['Authorization', 'Content-Type'].")
        else:
            message = (f"{option.name}={show(value)} is sent literally, and for credentialed requests browsers "
                       f"read `*` as a header name and never let it cover Authorization, so preflights for "
                       f"custom headers fail{tail}; list the headers the frontend sends.")
        yield self.finding(where(option, policy), message)
