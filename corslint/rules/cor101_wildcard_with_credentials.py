from corslint.policy import branches_exclusive, on_by_code_branch
from corslint.origins.matching import any_origin_evidence, is_glob_entry
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import assigned, flag, origin_setting, setting, suffix, where, written


def _star_never_meets_credentials(policy) -> bool:
    """Hand-written headers: every `Access-Control-Allow-Origin: *` is written on another
    branch of an `if` than `Access-Control-Allow-Credentials`, so no response has both."""
    written = policy.written
    if written is None or written.credentials_branches is None:
        return False
    stars = [w for w in written.origin_writes
             if w.source == "literal" and w.value is not None and w.value.kind == "str" and w.value.data.strip() == "*"]
    return bool(stars) and all(branches_exclusive(w.branches, written.credentials_branches) for w in stars)


class WildcardWithCredentials(Rule):
    """
    ## What it does
    Reports a CORS policy that lets in every origin and also allows credentials
    (cookies, HTTP authentication): `allow_origins=["*"]` with `allow_credentials=True`
    in Starlette and FastAPI, the same through an origin regex that matches everything,
    and the equivalents in the other frameworks.

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
    ecosystem = ("Ecosystem check: 3 findings, 1 true (open-webui's default of every origin with credentials), 2 acceptable, no false positive (the one before, `*` and credentials written on exclusive branches in streamlit, is gone: the hand-written flow analysis keeps the branches apart). The 10 projects added for value flow add 3 true ones: plane's allow-all in the `else:` of an environment branch, argilla's pydantic settings default, and the base settings of django-styleguide-example; spiff-arena's default regex that matches every origin, with credentials, is still missed (docs/ecosystem.md). On by default, error: the most serious misconfiguration there is.")
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
        message="allow_origin_regex='https://.*' accepts any origin", at=(5, 36)),
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
        if policy.credentials_enabled() is not True:
            return
        evidence = any_origin_evidence(policy)
        if evidence is None:
            return
        option, entry = evidence.because, evidence.entry
        if option is policy.allow_all_origins and option is not None and on_by_code_branch(option.value):
            return
        if _star_never_meets_credentials(policy):
            return
        semantics = policy.semantics
        named_origin = False
        if entry is not None and entry.kind == "str" and option in policy.origin_regexes:
            what = f"{assigned(option, policy, entry)} accepts any origin, such as {evidence.origin},"
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
                       f"the user's cookies and read the responses{tail}; list the trusted origins instead.")
        elif semantics.wildcard_credentials == "refused":
            message = (f"{what} together with credentials, which {semantics.display} refuses: "
                       f"{semantics.wildcard_credentials_refusal}{tail}, so the service never starts; "
                       "list the trusted origins instead.")
        else:
            message = (f"{what} together with credentials: browsers reject `Access-Control-Allow-Origin: *` "
                       f"on credentialed requests{tail}; send the one requesting origin after checking it "
                       "against an allow-list, with `Vary: Origin`.")
        yield self.finding(where(option, policy), message)
