import re

from corslint.origins.matching import origin_entry_is_regex
from corslint.origins.model import parse_origin
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span


# An origin regex whose scheme part lets in http: `http://`, `https?://`, `(http|https)://`.
_HTTP_REGEX = re.compile(r"^(\^?)(?:https\?|http|\(https\?\)|\(http\|https\)|\(https\|http\)):(?://|\\/\\/)",
                         re.IGNORECASE)
_LOOPBACK_REGEX = re.compile(r"^(?:localhost|127(?:\\?\.0){2}\\?\.1|\\?\[::1\\?\])(?![a-z0-9.-])",
                             re.IGNORECASE)


def _secure_regex(pattern: str):
    """For an origin regex (where the framework reads origin entries as regexes) that lets in
    plain-http origins of a non-loopback host: the pattern with the scheme made https only."""
    found = _HTTP_REGEX.match(pattern)
    if found is None:
        return None
    rest = pattern[found.end():]
    if _LOOPBACK_REGEX.match(rest) or rest.startswith("("):
        return None
    return f"{found.group(1)}https://{rest}"


class InsecureOrigin(Rule):
    """
    ## What it does
    Reports a trusted origin that uses plain `http://` for a host other than the local
    machine (`localhost`, `127.0.0.1`, `[::1]`).

    ## Why is this bad?
    Anyone on the network path of a user (public Wi-Fi, a compromised router) can inject
    script into an `http://` page, and that script runs with the trusted origin. Trusting
    `http://app.example.com` therefore lets a network attacker read your API's responses,
    with the user's cookies when credentials are allowed, even though the API itself is
    served over HTTPS. With credentials the finding is an error.

    ## Fix safety
    No automatic fix: switching the origin to `https://` changes which site is trusted.

    ## References
    - [PortSwigger: breaking TLS with poorly configured CORS](https://portswigger.net/web-security/cors)
    - [Corsy: http origin allowed](https://github.com/s0md3v/Corsy)
    """

    code = "COR106"
    name = "insecure-origin"
    severity = "warning"
    summary = "A plain http:// origin is trusted"
    frameworks = "S F D A H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com", "http://app.example.com"],
            allow_credentials=True,
        )
    """)]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com", "http://localhost:3000"],
            allow_credentials=True,
        )
    """)]

    def check(self, policy):
        option = policy.origins
        if option is None:
            return
        credentials = policy.credentials_enabled() is True
        values = [option.value] if option.value.kind == "str" else list(option.value.strings())
        for entry in values:
            if origin_entry_is_regex(entry.data, policy.semantics):
                secure = _secure_regex(entry.data.strip())
                if secure is None:
                    continue
            else:
                parsed = parse_origin(entry.data.strip())
                if parsed.scheme.lower() != "http" or not parsed.host or parsed.is_loopback:
                    continue
                secure = "https://" + entry.data.strip()[len("http://"):]
            risk = "and read responses with the user's cookies" if credentials else "and read the responses"
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry)} in {option.name} is plain http, so anyone on a user's network can inject script "
                f"into that page {risk}{suffix(entry)}; trust {secure!r} instead.",
                severity="error" if credentials else "warning",
            )
