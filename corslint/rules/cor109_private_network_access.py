from corslint.origins.matching import any_origin_evidence
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import assigned, flag, suffix, where


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
    service (CVE-2024-6221 was Flask-CORS granting this by default). The header decides
    only in a browser that enforces PNA preflights: Chromium replaced them with the Local
    Network Access permission prompt in M142, where the user decides whatever the server
    answers (the fidelity matrix's Chromium 156 keeps a public page out), but older builds
    and other implementations of PNA still honour it.

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
        message="allow_private_network=True answers Private Network Access preflights from the allowed origins with "
                "Access-Control-Allow-Private-Network: true, so a browser that enforces them lets those public sites reach this service on its users' "
                "private networks (current Chromium asks the user instead, through its Local Network Access "
                "permission)", at=(6, 20)),
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
            CORS_ALLOW_ALL_ORIGINS = True
            CORS_ALLOW_PRIVATE_NETWORK = True
        """, filename="settings.py",
        message="CORS_ALLOW_PRIVATE_NETWORK=True while every origin is allowed (for example https://evil.example.net): "
                "this service answers every Private Network Access preflight with Access-Control-Allow-Private-Network: true, so a browser that enforces "
                "them lets any website its user visits reach", at=(4, 1)),
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
        if policy.semantics.headers_by_hand:
            setting = f"`{option.name}: true`"
        elif value.kind == "bool" and not option.name.isupper():
            setting = flag(option, policy)  # `.allow_private_network_access()`, `AllowPrivateNetwork: true`
        else:
            setting = assigned(option, policy)
        evidence = any_origin_evidence(policy)
        if evidence is not None:
            yield self.finding(
                where(option, policy),
                f"{setting} while every origin is allowed (for example {evidence.origin})"
                f"{suffix(value, evidence.because.value if evidence.because else None)}: this service answers "
                f"every Private Network Access preflight with Access-Control-Allow-Private-Network: true, so {_ENFORCING} lets any website its user visits "
                f"reach this service on the user's private network ({_NOW}); turn it off, or allow only the "
                "origins that need it.",
                severity="error",
            )
            return
        yield self.finding(
            where(option, policy),
            f"{setting}{suffix(value)} answers Private Network Access preflights from the allowed origins with "
            "Access-Control-Allow-Private-Network: true, "
            f"so {_ENFORCING} lets those public sites reach this service on its users' private networks ({_NOW}); "
            "keep it only if a public site really must, and keep the origin list short.",
        )


# The header decides only where a browser enforces PNA preflights: Chromium replaced them
# with the Local Network Access permission (M142), and the fidelity matrix's Chromium 156
# keeps a public page out whatever the server answers (docs/fidelity.md).
_ENFORCING = "a browser that enforces them"
_NOW = "current Chromium asks the user instead, through its Local Network Access permission"
