import re

from corslint.fixes.intents import UNSAFE, AddKeyword, RemoveElement, is_list_entry, make_fix, written_at_option
from corslint.origins.model import looks_like_glob
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span


def suggested_regex(glob: str) -> str:
    """`https://*.example.com` -> `https://[a-z0-9-]+\\.example\\.com`."""
    return "".join("[a-z0-9-]+" if part == "*" else re.escape(part).replace("\\-", "-")
                   for part in re.split(r"(\*)", glob.strip()))


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
    fix_availability = "sometimes"

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
        globs = [entry for entry in option.value.strings() if looks_like_glob(entry.data)]
        for entry in globs:
            pattern = suggested_regex(entry.data)
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry)} in {option.name} is compared literally by {policy.semantics.display}, so it never "
                f"matches any origin{suffix(entry)}; use a regex for subdomains, such as r{pattern!r}.",
                fix=self._fix(policy, option, entry, globs, pattern),
            )

    def _fix(self, policy, option, entry, globs, pattern):
        """Move the one glob to the framework's regex keyword, when the call sets none yet."""
        keyword = policy.semantics.regex_keyword
        placement = policy.placement
        if not keyword or len(globs) != 1 or policy.origin_regexes or placement is None \
                or placement.style == "settings" or not written_at_option(option) or not is_list_entry(entry) \
                or not option.value.complete:
            return None
        if policy.semantics.regex_mode != "fullmatch":
            pattern = f"^{pattern}$"
        return make_fix(f"Move {show(entry)} to {keyword}=r{pattern!r}", UNSAFE, RemoveElement(entry.span),
                        AddKeyword(policy.span, keyword, pattern, raw=True))
