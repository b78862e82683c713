from corslint.origins.evidence import HTTP
from corslint.origins.matching import origin_entries, origin_entry_is_regex
from corslint.origins.model import parse_origin
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span, written


class InsecureOrigin(Rule):
    """
    ## What it does
    Reports a trusted origin that uses plain `http://` for a host other than the local
    machine (`localhost`, `127.0.0.1`, `[::1]`), and an origin regex that accepts the
    plain-http twin of a trusted host (`https?://app\\.example\\.com`); for a regex the
    message names the `http://` origin that the framework's matcher accepts.

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
    ecosystem = ("Ecosystem check: 1 finding on 35 projects, acceptable (khoj's http origin, which holds only when the operator sets KHOJ_NO_HTTPS). On by default, warning; error with credentials.")
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
    """,
        message="'http://app.example.com' in allow_origins is plain http", at=(7, 47))]
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

    invalid = invalid + [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https?://(app|admin)\\.example\\.com")
    """,
        message="allow_origin_regex=r'https?://(app|admin)\\.example\\.com' accepts http://app.example.com", at=(5, 55))]

    def check(self, policy):
        credentials = policy.credentials_enabled() is True
        yield from self._check_regexes(policy, credentials)
        option = policy.origins
        if option is None:
            return
        values = origin_entries(policy)  # a string where a list belongs is COR301's
        for entry in values:
            if origin_entry_is_regex(entry.data, policy.semantics):
                continue  # read as a regex (Flask-CORS): _check_regexes judges it by what it accepts
            parsed = parse_origin(entry.data.strip())
            if parsed.scheme.lower() != "http" or not parsed.host or parsed.is_loopback:
                continue  # http://localhost, 127.0.0.1 and [::1] are potentially trustworthy origins
            if parsed.problems and policy.semantics.origin_compare == "exact":
                continue  # the entry never matches (COR302 says so): one entry, one finding
            secure = "https://" + entry.data.strip()[len("http://"):]
            risk = "and read responses with the user's cookies" if credentials else "and read the responses"
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} is plain http, so anyone on a user's network can "
                f"inject script into that page {risk}{suffix(entry)}; trust {written(secure, policy, option)} instead.",
                severity="error" if credentials else "warning",
            )

    def _check_regexes(self, policy, credentials):
        from corslint.rules.origin_wording import pattern_label, regex_evidence

        risk = "and read responses with the user's cookies" if credentials else "and read the responses"
        for item in regex_evidence(policy, HTTP):
            yield self.finding(
                value_span(item.entry, item.option, policy),
                f"{pattern_label(item, policy)} accepts {item.origin}, plain http, so anyone on a user's network can "
                f"inject script into that page {risk}{suffix(item.entry)}; require https:// in the pattern.",
                severity="error" if credentials else "warning",
            )
