from corslint.fixes.intents import SAFE, RenameName, make_fix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix


class DeprecatedSetting(Rule):
    """
    ## What it does
    Reports django-cors-headers settings that were renamed or removed:
    `CORS_ORIGIN_WHITELIST`, `CORS_ORIGIN_REGEX_WHITELIST` and `CORS_ORIGIN_ALLOW_ALL`
    (renamed in 3.5.0 to `CORS_ALLOWED_ORIGINS`, `CORS_ALLOWED_ORIGIN_REGEXES` and
    `CORS_ALLOW_ALL_ORIGINS`), the removed `CORS_MODEL` and `CORS_REPLACE_HTTPS_REFERER`,
    and the removed `CorsPostCsrfMiddleware` in `MIDDLEWARE`.

    ## Why is this bad?
    The old names still work, but only while the new name is not set: django-cors-headers
    reads `CORS_ALLOWED_ORIGINS` and falls back to `CORS_ORIGIN_WHITELIST`, so once both
    exist (a base module with one, an environment module with the other) the old list is
    silently ignored. The removed settings make the library's system checks fail, and
    the removed middleware can no longer be imported, so Django does not start.

    ## Fix safety
    Renaming an old setting to its new name is safe when the new name is not also set;
    otherwise the two lists must be merged by hand. The rename is offered only where the
    old name is assigned once and used nowhere else: not in another line of its module,
    and not by another settings module of the project that changes it (`+=`, `.append`)
    or sets it itself.

    ## References
    - [django-cors-headers changelog 3.5.0 and 4.0.0](https://github.com/adamchainz/django-cors-headers/blob/main/CHANGELOG.rst)
    - [django-cors-headers: configuration](https://github.com/adamchainz/django-cors-headers#configuration)
    """

    code = "COR304"
    ecosystem = ("Ecosystem check: 8 findings, all true (netbox's settings and its example configuration, and django-styleguide-example's split settings, use the pre-3.5 names), 9 on 45 projects with hope-country-report's `CORS_ORIGIN_ALLOW_ALL`. On by default, warning.")
    name = "deprecated-setting"
    severity = "warning"
    summary = "A renamed or removed django-cors-headers setting"
    frameworks = "D"

    invalid = [Example("""
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
        CORS_ORIGIN_WHITELIST = ["https://app.example.com"]
    """, filename="settings.py",
        message='CORS_ORIGIN_WHITELIST was renamed in django-cors-headers 3.5.0 and only works as a', at=(3, 1),
        fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """),
        # Fix case: legacy-setting-renamed.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ORIGIN_WHITELIST = ["https://app.example.com"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='CORS_ORIGIN_WHITELIST was renamed in django-cors-headers 3.5.0 and only works as a', at=(4, 1),
                fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
        """),
        # Fix case: legacy-setting-not-renamed-when-used-again.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ORIGIN_WHITELIST = ["https://app.example.com"]
            CORS_ORIGIN_WHITELIST += ["https://admin.example.com"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='CORS_ORIGIN_WHITELIST was renamed in django-cors-headers 3.5.0 and only works as a', at=(5, 1)),
        # Fix case: legacy-setting-not-renamed-when-another-module-changes-it.
        Example("""
            from .base import *

            DEBUG = False
            CORS_ORIGIN_WHITELIST += ["https://admin.example.com"]
        """, filename='proj/settings/production.py',
                files=(('proj/__init__.py', ''), ('proj/settings/__init__.py', ''), ('proj/settings/base.py', 'INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]\nMIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]\nCORS_ORIGIN_WHITELIST = ["https://app.example.com"]\n'), ('auth.py', 'def login_required(view):\n    return view\n')),
                message='CORS_ORIGIN_WHITELIST was renamed in django-cors-headers 3.5.0 and only works as a', at=(4, 1)),
    ]
    valid = [Example("""
        INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
        MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    """, filename="settings.py")]

    def check_project(self, facts):
        # Judged over the whole project: a rename in `base.py` must not leave a module that
        # star-imports it changing the old name (`CORS_ORIGIN_WHITELIST += [...]`).
        where_set = {}
        for policy in facts.policies:
            for deprecated in policy.deprecated_options:
                where_set.setdefault(deprecated.option.name, set()).add(deprecated.option.span)
        for policy in facts.policies:
            for finding in self._check(policy, where_set):
                judged = policy.judged_in
                if judged and finding.span.path != judged:
                    finding.inherited_by = (judged,)
                yield finding

    def _check(self, policy, where_set):
        for deprecated in policy.deprecated_options:
            option = deprecated.option
            span = option.span or policy.span
            fix = None
            if deprecated.shadowed_by is not None:
                newer = deprecated.shadowed_by
                place = f" ({newer.span.describe()})" if newer.span else ""
                message = (f"{option.name} is ignored because {newer.name} is also set{place}: "
                           f"django-cors-headers reads the new name first, so {show(option.value)} never applies"
                           f"{suffix(option.value)}; merge the two into {newer.name} and delete {option.name}.")
            elif deprecated.replacement is not None:
                message = (f"{option.name} was {deprecated.note} and only works as a fallback for "
                           f"{deprecated.replacement}; rename it to {deprecated.replacement}.")
                if option.span is not None and option.inherited_from is None \
                        and where_set.get(option.name) == {option.span}:
                    fix = make_fix(f"Rename {option.name} to {deprecated.replacement}", SAFE,
                                   RenameName(option.span, option.name, deprecated.replacement,
                                              only_occurrence=True))
            elif option.name.startswith("CORS_"):
                message = f"{option.name} was {deprecated.note}; delete it."
            else:
                message = (f"{option.name!r} in MIDDLEWARE was {deprecated.note}; remove it and list "
                           "'corsheaders.middleware.CorsMiddleware' at the top of MIDDLEWARE.")
            yield self.finding(span, message, fix=fix)
