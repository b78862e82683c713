import difflib

from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix


def closest(name: str, known) -> str:
    """The known option an unknown one most probably meant, or ''."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else ""


class UnknownOption(Rule):
    """
    ## What it does
    Reports an option or setting the CORS library does not know: a misspelt keyword
    such as `allow_origin=` in Starlette, `origin=` or `support_credentials=` in
    Flask-CORS, or a `CORS_*` setting such as `CORS_ORIGINS_ALLOW_ALL` that
    django-cors-headers never reads.

    ## Why is this bad?
    What happens depends on the library, and none of it is what the author meant.
    Flask-CORS only logs unknown options and falls back to its defaults, which echo
    every origin: `CORS(app, origin="https://app.example.com")` allows everyone (an
    error). django-cors-headers silently ignores the setting, so the intended
    restriction or permission never applies. Starlette raises `TypeError` when the
    application starts.

    ## Fix safety
    Renaming an unambiguous misspelling to the option it is closest to is safe; when
    several options are close, or none is, there is no fix.

    ## References
    - [Flask-CORS: options](https://flask-cors.readthedocs.io/en/latest/api.html)
    - [django-cors-headers: configuration](https://github.com/adamchainz/django-cors-headers#configuration)
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    """

    code = "COR303"
    name = "unknown-option"
    severity = "warning"
    security = True  # Flask-CORS falls back to its permissive defaults
    summary = "An unknown CORS option or setting, ignored or rejected by the library"
    frameworks = "F D S"
    fix_availability = "sometimes"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin=["https://app.example.com"])
    """)]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """)]

    def check(self, policy):
        known = policy.extra.get("known_options", ())
        effect = policy.semantics.unknown_option_effect
        display = policy.semantics.display
        for option in policy.unknown_options:
            guess = closest(option.name, known)
            instead = f"; did you mean {guess}?" if guess else "; remove it or use a documented option."
            if effect == "ignored-permissive":
                message = (f"{display} does not know the option {option.name!r}: it only logs it and keeps its "
                           f"defaults, which let every origin in{suffix(option.value)}{instead}")
                severity = "error"
            elif effect == "ignored":
                message = (f"{option.name} is not a setting {display} reads, so it has no effect"
                           f"{suffix(option.value)}{instead}")
                severity = "warning"
            else:
                message = (f"{option.name!r} is not an option of {display}, which raises TypeError when the "
                           f"application starts{instead}")
                severity = "warning"
            yield self.finding(option.span or policy.span, message, severity=severity)
