from corslint.fixes.intents import SAFE, RemoveElement, is_list_entry, make_fix
from corslint.origins.evidence import NULL, policy_evidence
from corslint.origins.matching import origin_entries, accepts, matches_null_without_scheme
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import assigned, show, suffix, value_span


class NullOrigin(Rule):
    """
    ## What it does
    Reports a CORS policy that trusts the `null` origin: a literal `"null"` in the
    allowed origins, an origin regex that accepts `null`, or, in django-cors-headers,
    an entry of `CORS_ALLOWED_ORIGINS` without a scheme (`"app.example.com"`,
    `"127.0.0.1:8000"`, `"*"`).

    ## Why is this bad?
    Browsers send `Origin: null` from sandboxed iframes, `data:` and `file:` documents,
    and after some cross-origin redirects. Any attacker can produce such a document
    (`<iframe sandbox="allow-scripts" srcdoc="...">`), so trusting `null` trusts
    everyone, with credentials if they are enabled. django-cors-headers compares the
    `urlsplit` scheme and netloc of each entry with those of the request's origin; an
    entry without a scheme has an empty scheme and netloc, exactly like `null`, so it
    lets `null` in while matching no real website (its system check E013 flags the
    entry, but checks do not run when the application serves requests).

    ## Fix safety
    Removing a literal `"null"` entry is safe: no legitimate web origin serialises as
    `null`. A scheme-less Django entry has no fix: which scheme was meant is unknown.

    ## References
    - [MDN: Access-Control-Allow-Origin, the null value](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin#null)
    - [PortSwigger: whitelisted null origin value](https://portswigger.net/web-security/cors#whitelisted-null-origin-value)
    """

    code = "COR105"
    name = "null-origin"
    severity = "error"
    summary = "The `null` origin, which any sandboxed page can send, is trusted"
    frameworks = "S F D A H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com", "null"],
            allow_credentials=True,
        )
    """,
        message="'null' in allow_origins trusts the `null` origin", at=(7, 47),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                allow_credentials=True,
            )
        """), Example("""
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
        CORS_ALLOWED_ORIGINS = ["app.example.com"]
        CORS_ALLOW_CREDENTIALS = True
    """, filename="settings.py",
        message="'app.example.com' in CORS_ALLOWED_ORIGINS has no scheme", at=(3, 25)),
        # Fix case: null-inline-middle.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "null", "https://b.example.com"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 76),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://b.example.com"])
        """),
        # Fix case: null-inline-last.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "null"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 76),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
        """),
        # Fix case: null-inline-first-trailing-comma.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["null", "https://a.example.com",])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 51),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com",])
        """),
        # Fix case: null-only-entry.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['null'])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 51),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=[])
        """),
        # Fix case: null-in-a-tuple-keeps-it-a-tuple.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=("https://a.example.com", "null"))
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 76),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=("https://a.example.com", ))
        """),
        # Fix case: null-own-line-with-comment.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(
                CORSMiddleware,
                allow_origins=[
                    "https://a.example.com",
                    "null",  # demo
                ],
            )
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(12, 9),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(
                CORSMiddleware,
                allow_origins=[
                    "https://a.example.com",
                ],
            )
        """),
        # Fix case: null-in-a-set-is-not-emptied-into-a-dict.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins={"null"})
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'null' in allow_origins trusts the `null` origin", at=(8, 51)),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_credentials=True,
        )
    """)]

    def check(self, policy):
        option = policy.origins
        if option is not None:
            values = origin_entries(policy)  # a string where a list belongs is COR301's
            for entry in values:
                if entry.data.strip().lower() == "null" and accepts(policy, "null").accepted:
                    fix = None
                    if entry is not option.value and is_list_entry(entry):
                        fix = make_fix(f"Remove {show(entry, policy, option)} from {option.name}", SAFE, RemoveElement(entry.span))
                    yield self.finding(
                        value_span(entry, option, policy),
                        f"{show(entry, policy, option)} in {option.name} trusts the `null` origin, which any page can send from a "
                        f"sandboxed iframe or a data: URL{suffix(entry)}; remove it.",
                        fix=fix,
                    )
                elif policy.semantics.schemeless_origin_matches_null and option.value.kind != "str" \
                        and matches_null_without_scheme(entry.data):
                    yield self.finding(value_span(entry, option, policy), _schemeless_message(entry, option, policy))
        for item in policy_evidence(policy).first(NULL):
            entry = item.entry
            if item.option in policy.origin_regexes:
                yield self.finding(
                    value_span(entry, item.option, policy),
                    f"{assigned(item.option, policy, entry)} accepts the origin `null`, which any page can send from "
                    f"a sandboxed iframe{suffix(entry)}; make the pattern require a scheme such as https://.",
                )


def _schemeless_message(entry, option, policy):
    text = entry.data
    if text.strip() == "*":
        what = (f"{show(entry)} in {option.name} is compared literally by {policy.semantics.display} (it is not a "
                "wildcard there), and having no scheme it matches the origin `null`, which any page can send from a "
                "sandboxed iframe")
        instead = "remove it; for a public API use CORS_ALLOW_ALL_ORIGINS = True without credentials"
    else:
        what = (f"{show(entry)} in {option.name} has no scheme, so {policy.semantics.display} matches it with the "
                "origin `null` (both split to an empty scheme and host), which any page can send from a sandboxed "
                "iframe, and never with the real site")
        instead = f"write {'https://' + text.strip()!r}"
    return f"{what}{suffix(entry)}; {instead}."
