import re

from corslint.origins.evidence import policy_evidence
from corslint.origins.matching import origin_entry_accepts, origin_entry_is_regex
from corslint.origins.model import looks_like_glob
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span


def suggested_regex(glob: str) -> str:
    """`https://*.example.com` -> `https://[a-z0-9-]+\\.example\\.com`."""
    return "".join("[a-z0-9-]+" if part == "*" else re.escape(part) for part in re.split(r"(\*)", glob.strip()))


class GlobOrigin(Rule):
    """
    ## What it does
    Reports a shell-style wildcard inside an allowed origin, such as
    `"https://*.example.com"` in a list of origins.

    ## Why is this bad?
    No framework reads globs in origin lists. Starlette and django-cors-headers compare
    the string literally, and browsers never send an origin with a `*`, so the entry
    never matches and the subdomains it was meant to allow are refused. Flask-CORS is
    worse: the `*` makes it treat the string as a regular expression, which rejects
    `https://app.example.com` but accepts `https://xexample.com`, a domain anyone can
    register. Use the framework's regex option with an anchored pattern instead.

    ## Fix safety
    Moving the entry to the regex option changes which origins are accepted, so the fix
    is unsafe.

    ## References
    - [Starlette: CORSMiddleware, allow_origin_regex](https://www.starlette.io/middleware/#corsmiddleware)
    - [django-cors-headers: CORS_ALLOWED_ORIGIN_REGEXES](https://github.com/adamchainz/django-cors-headers#cors_allowed_origin_regexes-sequencestr--patternstr)
    """

    code = "COR204"
    name = "glob-origin"
    severity = "warning"
    summary = "A glob such as https://*.example.com in an origin list never matches (or becomes a broken regex)"
    frameworks = "S D F"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://*.example.com"])
    """)]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com")
    """)]

    def check(self, policy):
        option = policy.origins
        if option is None or option.value.kind == "str":
            return  # a single string is COR301's business (Starlette reads any "*" in it as allow-all)
        evidence = policy_evidence(policy).items
        for entry in option.value.strings():
            if not looks_like_glob(entry.data):
                continue
            pattern = suggested_regex(entry.data)
            intended = entry.data.strip().replace("*", "app", 1).replace("*", "")
            refused = origin_entry_accepts(entry.data, intended, policy.semantics) is False
            if origin_entry_is_regex(entry.data, policy.semantics):
                let_in = [item.origin for item in evidence if item.entry is entry]
                if not let_in:
                    continue
                yield self.finding(
                    value_span(entry, option, policy),
                    f"{show(entry)} in {option.name} is read by {policy.semantics.display} as a regular expression "
                    f"that accepts {let_in[0]}, a domain anyone can register"
                    + (f", and refuses {intended}" if refused else "") + f"{suffix(entry)}; "
                    f"write the regex you mean, such as r'^{pattern}$'.",
                    severity="error",
                )
            elif refused:
                yield self.finding(
                    value_span(entry, option, policy),
                    f"{show(entry)} in {option.name} is compared literally by {policy.semantics.display}, so it "
                    f"never matches (it refuses {intended}){suffix(entry)}; use a regex for subdomains, such as "
                    f"r{pattern!r}.",
                )
