from corslint.origins import attacks
from corslint.origins.evidence import TOO_BROAD
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix, value_span
from corslint.rules.origin_wording import pattern_label, regex_evidence

_WHY = {
    attacks.ARBITRARY: "it matches origins of any domain",
    attacks.LOOKALIKE: "nothing requires a label boundary (a dot) before the trusted domain",
    attacks.SPECIAL_CHARACTER: "a free-form part such as .* or [^/]* lets the host continue past the trusted "
                               "name with characters browsers allow in hosts",
    attacks.SUFFIX: "a free-form part lets the host continue past the trusted name",
    attacks.UNESCAPED_DOT: "a free-form part matches where a dot belongs",
    attacks.FILLED: "a free-form part (.*, .+, [^/]*) stands where a label boundary belongs, so the host only "
                    "has to end with the trusted name",
}


class RegexTooBroad(Rule):
    """
    ## What it does
    Reports an origin regex that accepts, as a whole match, an origin on a domain the
    owner does not control: `.*`, `.+` or `[^/]*` in the host, no label boundary before
    the trusted domain (`https://.*example\\.com` accepts `https://evilexample.com`), or a
    pattern that matches every origin. The message names an origin that the framework's
    own matcher accepts.

    ## Why is this bad?
    Whoever registers the accepted domain can read the API's responses from their own
    site, with the user's cookies when credentials are allowed. `.` and `.*` match URL
    punctuation too, which is why Starlette's documentation recommends character classes
    such as `[a-z0-9-]+` for a host label.

    ## Fix safety
    No automatic fix: the intended set of origins has to be written down. Use one label
    class per label and escape the dots: `https://[a-z0-9-]+\\.example\\.com`.

    ## References
    - [Starlette: CORSMiddleware (avoid .* and .+ in allow_origin_regex)](https://www.starlette.io/middleware/#corsmiddleware)
    - [CORScanner: suffix match, special characters bypass](https://github.com/chenjj/CORScanner)
    - [PortSwigger: errors parsing Origin headers](https://portswigger.net/web-security/cors)
    """

    code = "COR203"
    name = "regex-too-broad"
    severity = "error"
    summary = "An origin regex accepts origins on other people's domains, such as https://evilexample.com"
    frameworks = "S F D H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origin_regex=r"https://.*example\\.com",
            allow_credentials=True,
        )
    """,
        message="allow_origin_regex=r'https://.*example\\.com' accepts https://evilexample.com", at=(7, 24))]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com",
            allow_credentials=True,
        )
    """)]

    def check(self, policy):
        for item in regex_evidence(policy, TOO_BROAD):
            why = _WHY.get(item.probe.kind, "a free-form part of the host matches too much")
            yield self.finding(
                value_span(item.entry, item.option, policy),
                f"{pattern_label(item, policy)} accepts {item.origin}, a domain someone else can register: {why}"
                f"{suffix(item.entry)}; match each host label with [a-z0-9-]+ and escape the dots "
                f"(\\.).",
            )
