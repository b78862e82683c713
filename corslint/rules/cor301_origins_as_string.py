from corslint.fixes.intents import SAFE, ReplaceLiteral, is_plain_literal, make_fix, written_at_option
from corslint.origins.matching import accepts
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, where
from corslint.policy import env_string_name

# What a string does in place of each list option, by the framework's reading of it.
_EFFECTS = {
    "methods": "each character becomes an allowed method ({chars}), so real preflights fail",
    "headers": "each character becomes an allowed header ({chars}), so preflights asking for the real "
               "headers fail",
    "expose_headers": "each character is exposed as a header name ({chars}), so the browser cannot read the "
                      "real ones",
    "origin_regexes": "each character becomes a regex, and one of them matches every origin",
}


def _substring_attack(policy, text: str):
    """An origin a Starlette-style substring test accepts that the owner did not list."""
    listed = {part.strip() for part in text.split(",")}
    for part in text.split(","):
        part = part.strip()
        for candidate in (part[:-1], part.rstrip("/")[:-1]):
            if "://" in candidate and candidate.split("://", 1)[1] and candidate not in listed:
                if accepts(policy, candidate).accepted:
                    return candidate
    return None


class OriginsAsString(Rule):
    """
    ## What it does
    Reports a single string where the framework expects a list: `allow_origins`,
    `allow_methods`, `allow_headers` or `expose_headers` in Starlette and FastAPI, and
    `CORS_ALLOWED_ORIGINS`, `CORS_ALLOWED_ORIGIN_REGEXES`, `CORS_ALLOW_METHODS`,
    `CORS_ALLOW_HEADERS` or `CORS_EXPOSE_HEADERS` in django-cors-headers. This includes
    an environment variable passed without `.split(",")`.

    ## Why is this bad?
    Neither framework rejects a string. Starlette tests `origin in allow_origins`, which
    on a string is a substring test: `allow_origins="https://app.example.com"` also lets
    in `https://app.example.co`, a domain someone else can register, with credentials if
    they are on. For methods and headers, each character becomes an entry, so preflights
    fail. django-cors-headers iterates a string per character; for
    `CORS_ALLOWED_ORIGIN_REGEXES` that makes `^` a pattern that matches every origin.

    ## Fix safety
    Wrapping a single value in a list, or splitting a comma-joined literal into a list,
    keeps the intended meaning and is safe.

    ## References
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    - [django-cors-headers #446](https://github.com/adamchainz/django-cors-headers/issues/446)
    """

    code = "COR301"
    name = "origins-as-string"
    severity = "error"
    summary = "A string is given where a list of origins, methods or headers is expected"
    frameworks = "S D"

    invalid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins="https://app.example.com",
                allow_credentials=True,
            )
        """,
        message="allow_origins='https://app.example.com' is a string", at=(7, 5),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                allow_credentials=True,
            )
        """),
        Example("""
            import os
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=os.getenv("CORS_ORIGINS"))
        """,
        message='allow_origins is given the string from CORS_ORIGINS', at=(6, 36)),
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_headers="X-Token")
        """,
        message="allow_headers='X-Token' is a string", at=(5, 79),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_headers=["X-Token"])
        """),
        # Fix case: string-wrapped-keeping-quotes.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_headers='X-Token')
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="allow_headers='X-Token' is a string", at=(8, 77),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_headers=['X-Token'])
        """),
        # Fix case: comma-joined-string-split.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins="https://a.example.com,https://b.example.com")
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="allow_origins='https://a.example.com,https://b.example.com' is a string", at=(8, 36),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://b.example.com"])
        """),
        # Fix case: env-default-string-is-not-wrapped.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            import os
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], allow_headers=os.getenv("HEADERS", "X-Token"))
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="allow_headers='X-Token' is a string", at=(9, 77)),
        # Fix case: string-through-a-name-is-not-wrapped.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            HEADERS = "X-Token"
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], allow_headers=HEADERS)
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="allow_headers='X-Token' is a string", at=(9, 77)),
    ]
    valid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                allow_credentials=True,
            )
        """),
        Example("""
            import os
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=os.getenv("CORS_ORIGINS", "").split(","),
                               allow_methods="*", allow_headers="*")
        """),
    ]

    def check(self, policy):
        mode = policy.semantics.string_as_sequence
        if mode == "single":
            return
        display = policy.semantics.display
        for field in ("origins", "methods", "headers", "expose_headers"):
            option = getattr(policy, field)
            if option is not None and option.span is not None:
                yield from self._check_option(policy, field, option, mode, display)
        for option in policy.origin_regexes:
            if option.span is not None and mode == "characters":
                yield from self._check_option(policy, "origin_regexes", option, mode, display)

    def _check_option(self, policy, field, option, mode, display):
        value = option.value
        env = env_string_name(value)
        if value.kind != "str" and env is None:
            return
        if value.kind == "str" and value.data.strip() in ("*", ""):
            return  # "*" works as a string too; an empty string allows nothing either way
        if env is not None:
            yield self.finding(
                where(option, policy),
                f"{option.name} is given the string from {env}, but {display} expects a list: a string is "
                f"{'tested as a substring' if mode == 'substring' and field == 'origins' else 'read per character'}"
                f"; split it: `.split(\",\")`.",
            )
            return
        if field == "origins" and mode == "substring":
            attack = _substring_attack(policy, value.data)
            evidence = f": {attack} gets in" if attack else ""
            effect = f"{display} tests `origin in {show(value)}`, a substring test{evidence}"
        elif field == "origins" and policy.semantics.schemeless_origin_matches_null:
            effect = (f"{display} reads it one character at a time: no real origin matches, and each character, "
                      "having no scheme, matches the origin `null`, which any sandboxed page can send")
        elif field == "origins":
            effect = f"{display} reads it one character at a time, so no real origin matches"
        else:
            chars = ", ".join(repr(c) for c in list(dict.fromkeys(value.data))[:4]) + ", …"
            effect = _EFFECTS[field].format(chars=chars)
        # A regex may contain commas (`{1,3}`): it is wrapped, never split.
        parts = [value.data.strip()] if field == "origin_regexes" else \
            [p.strip() for p in value.data.split(",") if p.strip()]
        suggestion = "[" + ", ".join(repr(p) for p in parts) + "]"
        fix = None
        if is_plain_literal(value) and written_at_option(option):
            fix = make_fix(f"Write {option.name} as a list", SAFE, ReplaceLiteral(value.span, value.data, parts))
        yield self.finding(
            where(option, policy),
            f"{option.name}={show(value)} is a string, not a list: {effect}{suffix(value)}; "
            f"write {option.name}={suggestion}.",
            fix=fix,
        )
