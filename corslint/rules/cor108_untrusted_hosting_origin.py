from corslint.origins.evidence import SHARED_HOSTING
from corslint.origins.model import shared_hosting_suffix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix, value_span
from corslint.rules.origin_wording import pattern_label, regex_evidence


class UntrustedHostingOrigin(Rule):
    """
    ## What it does
    Reports a CORS policy that accepts sites of strangers on a shared-hosting domain,
    where anyone can sign up and get a subdomain: `*.vercel.app`, `*.github.io`,
    `*.herokuapp.com`, `*.onrender.com`, `*.netlify.app`, `*.pages.dev`, ngrok
    tunnels and similar. The message names an origin that the framework's own matcher
    accepts, such as `https://evil.vercel.app`. An exact origin of your own deployment
    (`https://shop.vercel.app`) is fine.

    ## Why is this bad?
    Trusting every subdomain of a shared host trusts every customer of that host. An
    attacker deploys a page there in a minute and reads the API's responses, with the
    user's cookies when credentials are allowed. The list of suffixes ships with
    corslint (`corslint/origins/data/shared_hosting_suffixes.txt`) and is taken from the
    Public Suffix List's private-domains section.

    ## Fix safety
    No automatic fix: list the exact origins of your deployments, or a pattern that
    fixes the whole label (`https://shop-git-[a-z0-9-]+-acme\\.vercel\\.app` still lets
    in anyone who can name a project `shop-git-…`; prefer a custom domain).

    ## References
    - [Public Suffix List (private domains)](https://publicsuffix.org/list/)
    - [CORScanner: custom third parties (origins.json)](https://github.com/chenjj/CORScanner)
    - [PortSwigger: trusting subdomains and third parties](https://portswigger.net/web-security/cors)
    """

    code = "COR108"
    name = "untrusted-hosting-origin"
    severity = "warning"
    summary = "A pattern trusts strangers' sites on a shared host such as *.vercel.app"
    frameworks = "S F D A H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://shop.example.com"],
            allow_origin_regex=r"https://[a-z0-9-]+\\.vercel\\.app",
        )
    """,
        message="allow_origin_regex=r'https://[a-z0-9-]+\\.vercel\\.app' accepts https://evil.vercel.app", at=(8, 24))]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["https://shop.example.com", "https://shop-frontend.vercel.app"],
        )
    """)]

    def check(self, policy):
        for item in regex_evidence(policy, SHARED_HOSTING):
            host_suffix = shared_hosting_suffix(item.origin.split("://", 1)[-1]) or "a shared host"
            yield self.finding(
                value_span(item.entry, item.option, policy),
                f"{pattern_label(item, policy)} accepts {item.origin}, a site anyone can create on {host_suffix}"
                f"{suffix(item.entry)}; list the exact origins of your own deployments instead.",
            )
