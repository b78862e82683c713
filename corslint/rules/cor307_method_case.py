from corslint.fixes.intents import SAFE, ReplaceLiteral, is_list_entry, make_fix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span, written


class MethodCase(Rule):
    """
    ## What it does
    Reports an allowed method written in lower or mixed case, such as
    `allow_methods=["get", "post"]`.

    ## Why is this bad?
    Browsers send the preflight's `Access-Control-Request-Method` in upper case for the
    standard methods, and Starlette checks `requested_method not in allow_methods`
    case-sensitively, so every preflight for that method is refused with 400. In the
    other frameworks the value is sent as written in `Access-Control-Allow-Methods`,
    which browsers compare case-sensitively for methods other than the safelisted ones.

    ## Fix safety
    Upper-casing the method names is what browsers send, so the fix is safe.

    ## References
    - [Fetch standard: CORS-preflight fetch, method check](https://fetch.spec.whatwg.org/#cors-preflight-fetch)
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    """

    code = "COR307"
    name = "method-case"
    severity = "warning"
    summary = "An allowed method is not upper case, so its preflights fail"
    frameworks = "S F D H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_methods=["get", "post"])
    """,
        message="'get' in allow_methods never matches", at=(5, 94),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_methods=["GET", "POST"])
        """),
        # Fix case: methods-upper-cased.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_methods=('get', "put"))
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'get' in allow_methods never matches", at=(8, 92),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'], allow_methods=('GET', "PUT"))
        """),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_methods=["GET", "POST"])
    """)]

    def check(self, policy):
        option = policy.methods
        if option is None or option.implicit or not policy.semantics.methods_case_sensitive:
            return
        if option.value.kind == "str":
            return  # COR301 reports the string itself
        for entry in option.value.strings():
            method = entry.data.strip()
            if method == "*" or not method.isalpha() or method == method.upper():
                continue
            fix = None
            if is_list_entry(entry):
                fix = make_fix(f"Write {written(method.upper(), policy, option)}", SAFE,
                               ReplaceLiteral(entry.span, entry.data, entry.data.upper(), element=True))
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} never matches: browsers send {written(method.upper(), policy, option)} and "
                f"{policy.semantics.display} compares methods case-sensitively, so its preflights "
                f"fail{suffix(entry)}; write {written(method.upper(), policy, option)}.",
                fix=fix,
            )
