from corslint.origins.matching import accepts, is_glob_entry
from corslint.rules.base import Example, Rule
from corslint.rules.origin_wording import matcher_words, show_pattern
from corslint.rules.helpers import (
    assigned, credentialed_any_origin, flag, origin_setting, setting, show, suffix, via, where, written,
)


def _which_origins(policy, origin: str) -> str:
    """"any origin", or "any https origin" where the pattern lets in every https origin but
    not the same one over http (`https://.*`)."""
    if origin.startswith("https://") and accepts(policy, "http://" + origin[len("https://"):]).accepted is False:
        return "any https origin"
    return "any origin"


class WildcardWithCredentials(Rule):
    """
    ## What it does
    Reports a CORS policy that lets in every origin and also allows credentials
    (cookies, HTTP authentication): `allow_origins=["*"]` with `allow_credentials=True`
    in Starlette and FastAPI, the same through an origin regex that matches everything
    (also an entry of Flask-CORS's `origins` that it compiles as a regex, such as
    `r"^https?:\\/\\/*(.*)"`), and the equivalents in the other frameworks.

    ## Why is this bad?
    Browsers refuse `Access-Control-Allow-Origin: *` on credentialed requests, so the
    frameworks do something else: Starlette (since 1.0), Flask-CORS and
    django-cors-headers echo the requesting origin back together with
    `Access-Control-Allow-Credentials: true`. Any website a logged-in user visits can
    then send requests with the user's cookies and read the responses: the same-origin
    policy is switched off for your API. Starlette's documentation says `*` cannot be
    used with credentials, but nothing enforces it.

    ## Fix safety
    No automatic fix: which origins to trust is a decision only the owner can make.

    ## References
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    - [Starlette PR #3137: explicit origin with credentials](https://github.com/Kludex/starlette/pull/3137)
    - [MDN: CORS errors, credential is not supported if the CORS header is *](https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS/Errors/CORSNotSupportingCredentials)
    - [PortSwigger: Exploiting CORS misconfigurations](https://portswigger.net/research/exploiting-cors-misconfigurations-for-bitcoins-and-bounties)
    """

    code = "COR101"
    ecosystem = ("Ecosystem check: 3 findings, 1 true (open-webui's default of every origin with credentials), 2 acceptable, no false positive (the one before, `*` and credentials written on exclusive branches in streamlit, is gone: the hand-written flow analysis keeps the branches apart). The 10 projects added for value flow add 3 true ones: plane's allow-all in the `else:` of an environment branch, argilla's pydantic settings default, and the base settings of django-styleguide-example; spiff-arena's default regex that matches every origin, with credentials, is still missed (docs/ecosystem.md). The 10 projects added for coverage add 1 acceptable one (LibreTranslate's hand-written `*` with `Access-Control-Allow-Credentials: true`, which only makes credentialed requests fail). On by default, error: the most serious misconfiguration there is.")
    name = "wildcard-with-credentials"
    severity = "error"
    summary = "Every origin is allowed together with credentials"
    frameworks = "S F D A H"

    invalid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_credentials=True,
            )
        """,
        message="allow_origins=['*'] allows every origin and with allow_credentials=True Starlette's", at=(7, 5)),
        Example("""
            import os
            from starlette.applications import Starlette
            from starlette.middleware import Middleware
            from starlette.middleware.cors import CORSMiddleware

            ORIGINS = os.getenv("CORS_ORIGINS", "*").split(",")
            app = Starlette(middleware=[
                Middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True),
            ])
        """,
        message="'*' in allow_origins (from ORIGINS) allows every origin and with allow_credentials=True", at=(8, 32)),
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*", allow_credentials=True)
        """,
        message="allow_origin_regex='https://.*' accepts any https origin, such as https://evil.example.net", at=(5, 36)),
        # Not a `*`: an entry Flask-CORS compiles as a regex, which lets every origin in.
        Example("""
            from flask import Flask
            from flask_cors import CORS

            app = Flask(__name__)
            CORS(app, origins=[r"^http://localhost:\\d+$", r"^https?:\\/\\/*(.*)"], supports_credentials=True)
        """,
        message="r'^https?:\\/\\/*(.*)' in origins is a regular expression (Flask-CORS 6.0 applies it with "
                "re.match with re.IGNORECASE) that accepts any origin, such as https://evil.example.net, and with "
                "supports_credentials=True Flask-CORS echoes the requesting origin", at=(5, 11)),
    ]
    valid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(
                CORSMiddleware,
                allow_origins=["https://app.example.com"],
                allow_credentials=True,
            )
        """),
        Example("""
            import os
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=os.environ["ORIGINS"].split(","),
                               allow_credentials=True)
        """),
    ]

    def check(self, policy):
        evidence = credentialed_any_origin(policy)
        if evidence is None:
            return
        option, entry = evidence.because, evidence.entry
        semantics = policy.semantics
        named_origin = False
        regex_advice = False
        anyone = _which_origins(policy, evidence.origin)
        if entry is not None and entry.kind == "str" and option in policy.origin_regexes:
            what = f"{assigned(option, policy, entry)} accepts {anyone}, such as {evidence.origin},"
            named_origin = True
        elif entry is not None and entry.kind == "str" and evidence.regex:
            # An entry of the origins list that the framework compiles as a regex (Flask-CORS):
            # there is no `*` to name, so say which entry it is and what the regex lets in.
            place = assigned(option, policy, entry, pattern=True) if entry is option.value else \
                f"{show_pattern(entry, policy)} in {option.name}{via(option.value)}"
            what = (f"{place} is a regular expression ({matcher_words(policy)}) that accepts {anyone}, "
                    f"such as {evidence.origin},")
            named_origin = regex_advice = True
        elif entry is not None and entry.kind == "str" and is_glob_entry(entry.data, semantics):
            # A wildcard pattern the library matches by prefix and suffix (rs/cors `https://*`).
            what = (f"{show(entry, policy, option)} in {option.name}{via(option.value)} is a wildcard pattern that "
                    f"{semantics.display} matches by prefix and suffix, so it accepts {anyone}, such as "
                    f"{evidence.origin},")
            named_origin = True
        elif option is policy.allow_all_origins:
            what = f"{setting(option)} allows every origin,"
        elif "(" in option.name:  # a builder call: `allow_any_origin()`
            what = f"{option.name} allows every origin"
        elif policy.semantics.headers_by_hand:  # a header written by hand: Access-Control-Allow-Origin
            what = f"{origin_setting(option, policy, entry)} allows every origin"
        elif option.value.kind in ("list", "tuple", "set") and option.value.via:
            # Name the "*" where the user wrote it, not a list they never wrote whole.
            what = f"{written('*', policy, option)} in {option.name} (from {option.value.via}) allows every origin"
        else:
            what = f"{origin_setting(option, policy, entry)} allows every origin"
        instead = "list the trusted origins instead"
        if regex_advice:
            anchors = ", anchored with ^ and $," if semantics.regex_mode != "fullmatch" else ""
            instead += f", or write a regex{anchors} that matches only them"
        tail = suffix(option.value, policy.credentials.value)
        # A wildcard pattern that matches everything (rs/cors `https://*`) is not `*`: the
        # library echoes the origin it matched, credentials and all.
        echoes = semantics.wildcard_credentials == "reflect" or (
            entry is not None and entry.kind == "str" and is_glob_entry(entry.data, semantics))
        if echoes:
            example = "" if named_origin else f" (for example {evidence.origin})"
            # A preset that turns both on (`CorsLayer::very_permissive()`) is named once.
            preset = policy.credentials is not None and policy.credentials.name == option.name
            start = (f"{what.rstrip(',')} and credentials:" if preset
                     else f"{what} and with {flag(policy.credentials, policy)}")
            message = (f"{start} {semantics.display} echoes the "
                       f"requesting origin{example} with "
                       "Access-Control-Allow-Credentials: true, so any website can make requests with "
                       f"the user's cookies and read the responses{tail}; {instead}.")
        elif semantics.wildcard_credentials == "refused":
            message = (f"{what} together with credentials, which {semantics.display} refuses: "
                       f"{semantics.wildcard_credentials_refusal}{tail}, so the service never starts; "
                       "list the trusted origins instead.")
        else:
            message = (f"{what} together with credentials: browsers reject `Access-Control-Allow-Origin: *` "
                       f"on credentialed requests{tail}; send the one requesting origin after checking it "
                       "against an allow-list, with `Vary: Origin`.")
        yield self.finding(where(option, policy), message)
