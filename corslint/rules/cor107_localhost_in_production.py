from corslint.origins.model import parse_origin
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span


class LocalhostInProduction(Rule):
    """
    ## What it does
    Reports a loopback origin (`http://localhost:3000`, `http://127.0.0.1:8000`) in the
    allowed origins of a configuration that is evidently for production: a settings
    module named for production (`production.py`, `settings_prod.py`), one that sets
    `DEBUG = False`, or the branch of an `if` that selects production
    (`if not DEBUG:`, `if ENVIRONMENT == "production":`). Development settings
    (`dev.py`, `local.py`, `test.py`) are never reported.

    ## Why is this bad?
    A development origin left in the production allow-list lets whatever listens on
    that port of a user's machine call the production API from the user's browser, with
    the user's cookies when credentials are allowed: another project's dev server, a
    compromised npm package's tooling, or malware. It also hides the usual mistake of
    one allow-list shared by every environment. Keep loopback origins in the
    development settings.

    ## Fix safety
    No automatic fix: moving the origin to the development settings is the owner's call.

    ## References
    - [django-cors-headers: CORS_ALLOWED_ORIGINS](https://github.com/adamchainz/django-cors-headers#cors_allowed_origins-sequencestr)
    - [OWASP: CORS origin header scrutiny](https://owasp.org/www-community/attacks/CORS_OriginHeaderScrutiny)
    """

    code = "COR107"
    ecosystem = ("Ecosystem check: 1 false positive (a development environment's config in a `development/` folder) before settings in a folder named for development stopped counting as production; none since. On by default, warning.")
    name = "localhost-in-production"
    severity = "warning"
    summary = "A localhost origin is allowed in a production configuration"
    frameworks = "D"  # production evidence is computed for Django settings only

    invalid = [Example("""
        DEBUG = False
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
        CORS_ALLOWED_ORIGINS = ["https://app.example.com", "http://localhost:3000"]
    """, filename="settings.py",
        message="'http://localhost:3000' in CORS_ALLOWED_ORIGINS is a development origin", at=(4, 52))]
    valid = [
        Example("""
            DEBUG = False
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            if DEBUG:
                CORS_ALLOWED_ORIGINS += ["http://localhost:3000"]
        """, filename="settings.py"),
        Example("""
            DEBUG = False
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com", "http://localhost:3000"]
        """, filename="settings/dev.py"),
    ]

    def check(self, policy):
        evidence = policy.production_evidence
        option = policy.origins
        if not evidence or option is None or not option.value.is_sequence:
            return
        for entry in option.value.strings():
            parsed = parse_origin(entry.data.strip())
            if not parsed.scheme or not parsed.host or not parsed.is_loopback:
                continue
            cookies = " with the user's cookies" if policy.credentials_enabled() is True else ""
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} is a development origin, but {evidence}: whatever listens on that "
                f"port of a user's machine can call this API from the browser{cookies}{suffix(entry)}; keep "
                "loopback origins in the development settings.",
            )
