from corslint.origins.matching import wildcard_entry
from corslint.policy import on_by_code_branch
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import noqa_comment, origin_setting, setting, suffix, where


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
    ecosystem = ('Ecosystem check: 24 findings, all acceptable (pretix\'s ticket widget, streamlit\'s static and media files, OpenAI-compatible endpoints): no false positive, but none a reviewer would change. All 24 were hand-written `Access-Control-Allow-Origin: *` on one endpoint, so those are reported at info severity; a library-wide allow-all (`allow_origins=["*"]`, `CORS_ALLOW_ALL_ORIGINS = True`) stays a warning, because an intranet API open to every origin is the case the rule exists for and cannot be told apart statically. A public endpoint takes one `# noqa: COR104`. On the 10 projects added for value flow: 2 more, acceptable (lnbits\' API-key API; glances\' XML-RPC server for a LAN monitor, hand-written, since xmlrpc.server handlers are read). On the 10 added for coverage: 2 more, acceptable (Navidrome\'s go-chi/cors and Meilisearch\'s actix-cors, both token-authenticated APIs); CKAN\'s `*`, written only when the operator sets `ckan.cors.origin_allow_all` (read into a local name first), was a false positive and is the operator\'s opt-in now.')
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
        allow_all = policy.allow_all_origins
        option = policy.origins
        if allow_all is not None and not allow_all.implicit and allow_all.value.truth():
            if on_by_code_branch(allow_all.value):
                return
            # django-cors-headers' CORS_ALLOW_ALL_ORIGINS (or its old alias): the origins
            # list, left at its empty default, is then never consulted.
            option, entry = allow_all, allow_all.value
            what = setting(option)
        elif option is not None and option.implicit:
            return  # a framework default that allows everything is COR103
        else:
            entry = wildcard_entry(policy)
            if entry is None:
                return
            if policy.framework == "handwritten" and on_by_code_branch(entry):
                # A hand-written `*` only on a configuration branch (`if settings.PUBLIC_API:`):
                # the operator's opt-in, as for CORS_ALLOW_ALL_ORIGINS on a code branch.
                return
            # A hand-written header is shown as sent: one `*`, not the list of every value
            # the code may write.
            what = origin_setting(option, policy, entry)
        yield self.finding(
            where(option, policy),
            f"{what} lets every website read these responses through its visitors' browsers{suffix(entry)}; "
            "that suits a public API only, so list the origins that need access (or add "
            f"`{noqa_comment(policy, self.code)}` if the API is public).",
            # A hand-written `*` sits on one endpoint and is almost always a deliberate public
            # one (24 of 24 on the ecosystem check): advice, not a warning.
            severity="info" if policy.framework == "handwritten" else None,
        )
