from corslint.fixes.intents import SAFE, RemoveElement, is_list_entry, make_fix
from corslint.origins.matching import regex_values, regex_accepts, any_origin_evidence
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span


class NullOrigin(Rule):
    """
    ## What it does
    Reports a CORS policy that trusts the `null` origin: a literal `"null"` in the
    allowed origins, or an origin regex that accepts `null`.

    ## Why is this bad?
    Browsers send `Origin: null` from sandboxed iframes, `data:` and `file:` documents,
    and after some cross-origin redirects. Any attacker can produce such a document
    (`<iframe sandbox="allow-scripts" srcdoc="...">`), so trusting `null` trusts
    everyone, with credentials if they are enabled.

    ## Fix safety
    Removing a literal `"null"` entry is safe: no legitimate web origin serialises as
    `null`.

    ## References
    - [MDN: Access-Control-Allow-Origin, the null value](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin#null)
    - [PortSwigger: whitelisted null origin value](https://portswigger.net/web-security/cors#whitelisted-null-origin-value)
    """

    code = "COR105"
    name = "null-origin"
    severity = "error"
    summary = "The `null` origin, which any sandboxed page can send, is trusted"
    frameworks = "S F D A H"
    fix_availability = "sometimes"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com", "null"],
            allow_credentials=True,
        )
    """)]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://app.example.com"],
            allow_credentials=True,
        )
    """)]

    def check(self, policy):
        option = policy.origins
        if option is not None:
            values = [option.value] if option.value.kind == "str" else list(option.value.strings())
            for entry in values:
                if entry.data.strip().lower() == "null":
                    fix = None
                    if entry is not option.value and is_list_entry(entry):
                        fix = make_fix(f"Remove {show(entry)} from {option.name}", SAFE, RemoveElement(entry.span))
                    yield self.finding(
                        value_span(entry, option, policy),
                        f"{show(entry)} in {option.name} trusts the `null` origin, which any page can send from a "
                        f"sandboxed iframe or a data: URL{suffix(entry)}; remove it.",
                        fix=fix,
                    )
        if any_origin_evidence(policy) is not None:
            return  # a regex that accepts everything is COR101 / COR203, not a null problem
        for regex_option, pattern in regex_values(policy):
            if pattern.kind != "str":
                continue
            if regex_accepts(pattern.data, "null", policy.semantics.regex_mode, policy.semantics.regex_ignore_case):
                yield self.finding(
                    value_span(pattern, regex_option, policy),
                    f"{regex_option.name}={show(pattern)} accepts the origin `null`, which any page can send from "
                    f"a sandboxed iframe{suffix(pattern)}; make the pattern require a scheme such as https://.",
                )
