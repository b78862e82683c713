from corslint.origins.matching import matches_null_without_scheme
from corslint.fixes.intents import SAFE, ReplaceLiteral, is_list_entry, make_fix
from corslint.origins.matching import origin_entries, origin_entry_is_regex
from corslint.origins.model import looks_like_glob, parse_origin
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span, written

_EXPLAIN = {
    "trailing slash": "browsers send origins without a trailing slash",
    "path": "an origin has no path, and browsers never send one",
    "missing scheme": "an origin always starts with a scheme such as https://",
    "default port": "browsers leave the default port out of the origin",
    "upper case": "browsers send the scheme and host in lower case",
    "surrounding whitespace": "browsers send no whitespace",
    "several origins in one string": "one entry holds one origin",
    "empty string": "no browser sends an empty origin",
    "user information": "an origin has no user name or password",
}
# Problems a fix may repair without guessing what the author meant.
_NORMALISABLE = {"trailing slash", "default port", "upper case", "surrounding whitespace"}


def normalised(text: str) -> str:
    parsed = parse_origin(text)
    if not parsed.scheme or not parsed.host:
        return ""
    return parsed.normalised()


class InvalidOrigin(Rule):
    """
    ## What it does
    Reports an allowed origin that is not written the way browsers send it: a trailing
    slash or path (`https://app.example.com/`), a missing scheme (`app.example.com`), the
    default port (`https://app.example.com:443`), upper-case letters, whitespace, several
    origins in one string (`"https://a.com, https://b.com"`), or an empty string.

    ## Why is this bad?
    A browser serialises an origin as `scheme://host[:port]`, lower case, with no
    trailing slash, and frameworks compare that with the configured string (Starlette
    and django-cors-headers exactly). A malformed entry never matches, so the
    frontend it was meant for is refused; a typical result is someone "fixing" the CORS
    error with `"*"`. A scheme-less entry is worse in django-cors-headers, where it
    makes the `null` origin match (see COR105).

    ## Fix safety
    Normalising the literal (dropping the trailing slash or default port, lower-casing
    the host) produces what browsers send, and is safe. For django-cors-headers, which
    compares only the scheme and host, dropping a path is safe too: matching stays the
    same and the system check passes. Other problems need a person.

    ## References
    - [Fetch standard: serialized origins have no trailing slash](https://fetch.spec.whatwg.org/#http-access-control-allow-origin)
    - [django-cors-headers check E014](https://github.com/adamchainz/django-cors-headers#cors_allowed_origins-sequencestr)
    """

    code = "COR302"
    name = "invalid-origin"
    severity = "warning"
    summary = "An allowed origin is written differently from what browsers send, so it never matches"
    frameworks = "S F D A H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com/"])
    """,
        message="'https://app.example.com/' in allow_origins never matches", at=(5, 51),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
        """),
        # Fix case: origin-normalised-in-single-quotes.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['HTTPS://App.Example.com:443/'])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'HTTPS://App.Example.com:443/' in allow_origins never matches", at=(8, 51),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'])
        """),
        # Fix case: origin-with-a-path-is-left-to-a-person.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com/app"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'https://a.example.com/app' in allow_origins never matches", at=(8, 51)),
        # Fix case: origin-in-a-shared-name-is-not-rewritten.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            FRONTEND = "https://a.example.com/"
            app.add_middleware(CORSMiddleware, allow_origins=[FRONTEND])
            RESET = FRONTEND + "reset"
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'https://a.example.com/' in allow_origins never matches", at=(8, 12)),
        # Fix case: django-origin-path-dropped.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com/login/"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="'https://app.example.com/login/' in CORS_ALLOWED_ORIGINS has a path", at=(4, 25),
                fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com", "http://localhost:5173"])
    """)]

    def check(self, policy):
        option = policy.origins
        if option is None:
            return
        # A string where the framework does not wrap it in a list is COR301 (origin_entries skips it).
        # The origins already listed as written: a rewrite must not duplicate one of them.
        listed = {entry.data for entry in origin_entries(policy)}
        for entry in origin_entries(policy):
            text = entry.data
            if text in ("*", "null") or looks_like_glob(text):
                continue
            if origin_entry_is_regex(text, policy.semantics):
                continue  # read as a regular expression (Flask-CORS), not compared as an origin
            parsed = parse_origin(text)
            problems = [p for p in parsed.problems if p in _EXPLAIN]
            if not policy.semantics.origins_case_sensitive:
                problems = [p for p in problems if p != "upper case"]  # compared with casefold
            if not problems:
                continue
            semantics = policy.semantics
            if semantics.schemeless_origin_matches_null and matches_null_without_scheme(text):
                continue  # COR105 reports it: it lets `null` in
            if semantics.origin_compare == "scheme-netloc":
                # urlsplit lower-cases the scheme and the path is never compared.
                if "upper case" in problems and parsed.host == parsed.host.lower():
                    problems.remove("upper case")
                if problems and problems[0] in ("trailing slash", "path"):
                    fixed = normalised(text)
                    # Matching ignores the path, so writing the origin alone changes nothing at run time.
                    fix = None
                    if fixed and fixed != text and is_list_entry(entry) and not parse_origin(fixed).problems \
                            and fixed not in listed:
                        fix = make_fix(f"Write {written(fixed, policy, option)}", SAFE, ReplaceLiteral(entry.span, text, fixed, element=True))
                    yield self.finding(
                        value_span(entry, option, policy),
                        f"{show(entry, policy, option)} in {option.name} has a {problems[0]}: {semantics.display} ignores it when "
                        f"matching, but its system check corsheaders.E014 rejects the entry, so `runserver`, "
                        f"`migrate` and `check` stop with an error{suffix(entry)}; write {written(fixed, policy, option)}.",
                        fix=fix,
                    )
                    continue
                if not problems:
                    continue
            first = problems[0]
            how = "compares origins exactly" if policy.semantics.origins_case_sensitive else \
                "compares whole origins, ignoring only case"
            fixed = normalised(text)
            instead = f"; write {written(fixed, policy, option)}" if fixed and fixed != text and first != "several origins in one string" \
                else ""
            if first == "several origins in one string":
                parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
                instead = "; make each origin its own entry: " + ", ".join(written(p, policy, option) for p in parts)
            elif first == "missing scheme":
                instead = f"; write {written('https://' + text.strip(), policy, option)}"
            fix = None
            if set(problems) <= _NORMALISABLE and fixed and fixed != text and is_list_entry(entry) \
                    and not parse_origin(fixed).problems and fixed not in listed:
                fix = make_fix(f"Write {written(fixed, policy, option)}", SAFE, ReplaceLiteral(entry.span, text, fixed, element=True))
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} never matches: {_EXPLAIN[first]}, and "
                f"{policy.semantics.display} {how}{suffix(entry)}{instead}.",
                fix=fix,
            )
