from corslint.rules.base import Example, Rule
from corslint.policy import Value
from corslint.rules.helpers import assigned, show, suffix, where


class WildcardHeaders(Rule):
    """
    ## What it does
    Reports `*` in the allowed request headers of a credentialed policy where the `*` is
    sent to the browser as is: django-cors-headers' `CORS_ALLOW_HEADERS` and a
    hand-written `Access-Control-Allow-Headers`.

    ## Why is this bad?
    For credentialed requests browsers read `Access-Control-Allow-Headers: *` as the
    literal header name `*`, and `Authorization` is never covered by a wildcard. Every
    preflight that asks for `Authorization` or a custom header therefore fails, and the
    frontend sees a CORS error. Starlette, Flask-CORS and aiohttp-cors are not reported:
    they answer `*` by echoing the headers the preflight asks for, which browsers accept.

    ## Fix safety
    No automatic fix: the list of headers the frontend sends is not in the code.

    ## References
    - [Fetch standard: CORS non-wildcard request-header name](https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name)
    - [MDN: Access-Control-Allow-Headers](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Headers)
    """

    code = "COR306"
    ecosystem = ('Ecosystem check: 1 finding, acceptable (bokeh). On by default, warning.')
    name = "wildcard-headers"
    severity = "warning"
    security = False  # a functional break: the browser refuses the preflight
    summary = "`*` in the allowed headers of a credentialed policy is taken literally, so preflights fail"
    frameworks = "D H"

    invalid = [Example("""
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        CORS_ALLOW_CREDENTIALS = True
        CORS_ALLOW_HEADERS = ["*"]
    """, filename="settings.py",
        message="CORS_ALLOW_HEADERS=['*'] is sent to the browser as is", at=(6, 1))]
    valid = [
        Example("""
            from corsheaders.defaults import default_headers

            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            CORS_ALLOW_CREDENTIALS = True
            CORS_ALLOW_HEADERS = [*default_headers, "x-request-id"]
        """, filename="settings.py"),
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            # Starlette echoes the requested headers for "*", which browsers accept.
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                               allow_credentials=True, allow_headers=["*"])
        """),
    ]

    def check(self, policy):
        option = policy.headers
        if policy.semantics.wildcard_headers != "literal":
            return  # the framework echoes the requested headers for "*": browsers accept that
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
        headers = Value("list", [Value("str", "authorization"), Value("str", "content-type")])
        yield self.finding(
            where(option, policy),
            f"{assigned(option, policy)} is sent to the browser as is, and for credentialed requests browsers "
            f"read `*` as a header name that never covers Authorization, so preflights asking for Authorization "
            f"or a custom header fail{tail}; list the headers the frontend sends, such as "
            f"{show(headers, policy, option)}.",
        )
