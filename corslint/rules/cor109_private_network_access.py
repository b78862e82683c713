from corslint.origins.matching import any_origin_evidence
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, where


class PrivateNetworkAccess(Rule):
    """
    ## What it does
    Reports a policy that answers Private Network Access preflights with
    `Access-Control-Allow-Private-Network: true`: `allow_private_network=True` in
    Starlette and Flask-CORS, `CORS_ALLOW_PRIVATE_NETWORK = True` in
    django-cors-headers. It is an error when the same policy lets every origin in.

    ## Why is this bad?
    Private Network Access exists so that public websites cannot reach services on a
    user's local network or machine (routers, printers, development servers, internal
    tools) through the user's browser. Opting in tells the browser that the public
    origins allowed by the policy may do exactly that. With an allow-list that may be
    intended; with every origin allowed, any website the user visits can reach the
    service (CVE-2024-6221 was Flask-CORS granting this by default). Chrome has since
    paused PNA in favour of a permission prompt, but other builds still honour the
    header.

    ## Fix safety
    No automatic fix: only the owner knows whether a public site must reach the service.

    ## References
    - [Chrome: Private Network Access preflights](https://developer.chrome.com/blog/private-network-access-preflight)
    - [CVE-2024-6221 (Flask-CORS)](https://github.com/advisories/GHSA-hxwh-jpp2-84pm)
    - [django-cors-headers: CORS_ALLOW_PRIVATE_NETWORK](https://github.com/adamchainz/django-cors-headers#cors_allow_private_network-bool)
    """

    code = "COR109"
    name = "private-network-access"
    severity = "warning"
    summary = "Public origins are allowed to reach a private-network service"
    frameworks = "S F D H"

    invalid = [
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"],
                               allow_private_network=True)
        """,
        message="allow_private_network=True lets the allowed public origins reach this service on users'", at=(6, 20)),
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
            CORS_ALLOW_ALL_ORIGINS = True
            CORS_ALLOW_PRIVATE_NETWORK = True
        """, filename="settings.py",
        message='CORS_ALLOW_PRIVATE_NETWORK=True while every origin is allowed', at=(4, 1)),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """)]

    def check(self, policy):
        option = policy.private_network
        if option is None or option.implicit or option.value.truth() is not True:
            return
        value = option.value
        setting = f"{option.name}: true" if policy.framework == "handwritten" else f"{option.name}={show(value)}"
        evidence = any_origin_evidence(policy)
        if evidence is not None:
            yield self.finding(
                where(option, policy),
                f"{setting} while every origin is allowed (for example {evidence.origin}): any "
                f"website a user visits can reach this service on the user's private network"
                f"{suffix(value, evidence.because.value if evidence.because else None)}; turn it off, or allow "
                "only the origins that need it.",
                severity="error",
            )
            return
        yield self.finding(
            where(option, policy),
            f"{setting} lets the allowed public origins reach this service on users' private "
            f"networks through their browsers{suffix(value)}; keep it only if a public site really must, and "
            "keep the origin list short.",
        )
