import re

from corslint.origins import regex_engine
from corslint.origins.matching import regex_values
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import assigned, suffix, value_span


class InvalidRegex(Rule):
    """
    ## What it does
    Reports an origin regex that Python's `re` module cannot compile.

    ## Why is this bad?
    Starlette compiles `allow_origin_regex` when the application starts, so the app
    crashes on start-up with `re.error`. Flask-CORS 6.0.5 raises `ValueError` at setup,
    and older versions silently match nothing. django-cors-headers fails on the first
    request with an `Origin` header.

    ## Fix safety
    No automatic fix: the intended pattern cannot be guessed.

    ## References
    - [Python: regular expression syntax](https://docs.python.org/3/library/re.html#regular-expression-syntax)
    """

    code = "COR205"
    name = "invalid-regex"
    severity = "error"
    security = False  # the middleware fails to start: broken, not open
    summary = "An origin regex does not compile"
    frameworks = "S F D"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://(app|admin\\.example\\.com")
    """,
        message="allow_origin_regex=r'https://(app|admin\\.example\\.com' is not a valid regular expression", at=(5, 55))]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://(app|admin)\\.example\\.com")
    """)]

    def check(self, policy):
        for option, pattern in regex_values(policy):
            if pattern.kind != "str":
                continue
            if regex_engine.compiles(pattern.data):
                continue  # compiled (and cached) by the engine already: valid
            try:
                re.compile(pattern.data)
            except re.error as exc:
                yield self.finding(
                    value_span(pattern, option, policy),
                    f"{assigned(option, policy, pattern, pattern=True)} is not a valid regular expression ({exc}), so "
                    f"{policy.semantics.display} fails when it compiles it{suffix(pattern)}; fix the pattern.",
                )
            except (OverflowError, RecursionError):
                yield self.finding(
                    value_span(pattern, option, policy),
                    f"{assigned(option, policy, pattern, pattern=True)} is too large or too deeply nested for Python's regex "
                    f"compiler{suffix(pattern)}; simplify the pattern.",
                )
