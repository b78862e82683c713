from corslint.origins.matching import wildcard_entry
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import noqa_comment, setting, show, suffix, where


class WildcardOrigin(Rule):
    """
    ## What it does
    Reports a CORS policy that allows every origin (`allow_origins=["*"]`,
    `CORS_ALLOW_ALL_ORIGINS = True`, `Access-Control-Allow-Origin: *`) without
    credentials.

    ## Why is this bad?
    Without credentials, browsers send no cookies, so this is right for a truly public
    API. It is wrong for anything else: an internal service, an admin API reached
    over a VPN, or an API that trusts the caller's network position can then be read by
    any web page that one of its users opens, because the page's requests come from the
    user's browser inside the network. If the API is public, keep the wildcard and add
    `# noqa: COR104`; otherwise list the origins that need access.

    ## Fix safety
    No automatic fix: which origins to trust is the owner's decision.

    ## References
    - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    - [PortSwigger: CORS and intranets](https://portswigger.net/web-security/cors)
    """

    code = "COR104"
    name = "wildcard-origin"
    severity = "warning"
    summary = "Every origin is allowed (without credentials)"
    frameworks = "S F D A H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
    """,
        message="allow_origins=['*'] lets every website read these responses through its visitors' browsers", at=(5, 36))]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_methods=["GET"])
    """)]

    def check(self, policy):
        # With credentials on this is COR101; with credentials unknown, say nothing.
        if policy.credentials_enabled() is not False:
            return
        option = policy.origins
        entry = wildcard_entry(policy)
        if entry is not None and option is not None and option.implicit:
            return  # a framework default that allows everything is COR103
        if entry is None and policy.allow_all_origins is not None and policy.allow_all_origins.value.truth():
            option, entry = policy.allow_all_origins, policy.allow_all_origins.value
            what = setting(option)
        elif entry is not None:
            what = option.name if "(" in option.name else f"{option.name}={show(option.value)}"
        else:
            return
        yield self.finding(
            where(option, policy),
            f"{what} lets every website read these responses through its visitors' browsers{suffix(entry)}; "
            "that suits a public API only, so list the origins that need access (or add "
            f"`{noqa_comment(policy, self.code)}` if the API is public).",
        )
