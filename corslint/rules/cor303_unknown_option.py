import difflib

from corslint.fixes.intents import SAFE, RenameName, make_fix
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix


def closest(name: str, known) -> str:
    """The known option an unknown one most probably meant, or ''."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else ""


def unambiguous(name: str, known) -> str:
    """The known option ``name`` is a misspelling of, when no other option comes close to
    it: ``allow_origin`` -> ``allow_origins`` (not ``allow_origin_regex``)."""
    scored = sorted(((difflib.SequenceMatcher(None, name, option).ratio(), option) for option in known),
                    reverse=True)
    if not scored or scored[0][0] < 0.85:
        return ""
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1:
        return ""
    return scored[0][1]


class UnknownOption(Rule):
    """
    ## What it does
    Reports an option or setting the CORS library does not know: a misspelt keyword
    such as `allow_origin=` in Starlette, `origin=` or `support_credentials=` in
    Flask-CORS, or a `CORS_*` setting such as `CORS_ORIGINS_ALLOW_ALL` that
    django-cors-headers never reads.

    ## Why is this bad?
    What happens depends on the library, and none of it is what the author meant.
    Flask-CORS only logs unknown options and falls back to its defaults, which echo
    every origin: `CORS(app, origin="https://app.example.com")` allows everyone (an
    error). django-cors-headers silently ignores the setting, so the intended
    restriction or permission never applies. Starlette raises `TypeError` when the
    application starts.

    ## Fix safety
    Renaming an unambiguous misspelling to the option it is closest to is safe; when
    several options are close, or none is, or that option is already set, there is no
    fix. A misspelling of a renamed Django setting becomes its current name
    (`CORS_ORIGINS_ALLOW_ALL` -> `CORS_ALLOW_ALL_ORIGINS`).

    ## References
    - [Flask-CORS: options](https://flask-cors.readthedocs.io/en/latest/api.html)
    - [django-cors-headers: configuration](https://github.com/adamchainz/django-cors-headers#configuration)
    - [Starlette: CORSMiddleware](https://www.starlette.io/middleware/#corsmiddleware)
    """

    code = "COR303"
    ecosystem = ("Ecosystem check: no finding on 45 projects, after connexion's own `position=` argument of `add_middleware` stopped being taken for a CORSMiddleware option (spiff-arena, a false positive). On by default.")
    name = "unknown-option"
    severity = "warning"
    security = True  # Flask-CORS falls back to its permissive defaults
    summary = "An unknown CORS option or setting, ignored or rejected by the library"
    frameworks = "F D S"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin=["https://app.example.com"])
    """,
        message="'allow_origin' is not an option of Starlette's CORSMiddleware", at=(5, 36),
        fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
        """),
        # Fix case: misspelt-keyword-renamed.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origin=["https://a.example.com"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'allow_origin' is not an option of Starlette's CORSMiddleware", at=(8, 36),
                fixed="""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"])
        """),
        # Fix case: misspelling-not-renamed-when-the-option-is-set.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], allow_origin=["https://b.example.com"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'allow_origin' is not an option of Starlette's CORSMiddleware", at=(8, 77)),
        # Fix case: unknown-keyword-far-from-any-option.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], cache=True)
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'cache' is not an option of Starlette's CORSMiddleware", at=(8, 77)),
        # Fix case: misspelt-django-setting-gets-the-current-name.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            CORS_ORIGINS_ALLOW_ALL = False
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message='CORS_ORIGINS_ALLOW_ALL is not a setting django-cors-headers reads', at=(5, 1),
                fixed="""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
            CORS_ALLOW_ALL_ORIGINS = False
        """),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """)]

    def check(self, policy):
        known = policy.known_options
        display = policy.semantics.display
        # Per-option effects where one library treats sources differently (Flask-CORS logs unknown
        # keywords but never even reads unknown CORS_* config keys).
        effects = policy.unknown_option_effects
        if policy.settings_of_library is False:
            return  # CORS_* constants of the project's own, not settings of the library
        for option in policy.unknown_options:
            effect = effects.get(option.name, policy.semantics.unknown_option_effect)
            guess = closest(option.name, known)
            renamed = policy.renamed_options
            instead = f"; did you mean {renamed.get(guess, guess)}?" if guess else \
                "; remove it or use a documented option."
            if effect == "ignored-permissive":
                origins = policy.origins
                about_origins = not guess or guess.lower().endswith("origins")
                if about_origins and origins is not None and origins.implicit and origins.value.kind == "str" \
                        and origins.value.data == "*":
                    fallback = f"keeps its defaults, which let every origin in (origins={origins.value.data!r})"
                elif guess:
                    fallback = f"ignores it, so {guess} keeps its default"
                else:
                    fallback = "ignores it, so what it was meant to set never applies"
                message = (f"{display} does not know the option {option.name!r}: it only logs a warning and "
                           f"{fallback}{suffix(option.value)}{instead}")
                severity = "error"
            elif effect == "ignored":
                message = (f"{option.name} is not a setting {display} reads, so it has no effect"
                           f"{suffix(option.value)}{instead}")
                severity = "warning"
            else:
                message = (f"{option.name!r} is not an option of {display}, which raises TypeError when the "
                           f"application starts{instead}")
                severity = "warning"
            fix = None
            target = unambiguous(option.name, known)
            taken = {o.name for o in policy.options() if not o.implicit} | {o.name for o in policy.unknown_options} \
                | {d.option.name for d in policy.deprecated_options}
            # A misspelt old name (`CORS_ORIGINS_ALLOW_ALL` ~ `CORS_ORIGIN_ALLOW_ALL`) becomes the current name.
            current = renamed.get(target, target)
            if target and target == guess and not {target, current} & taken and option.span is not None:
                target = current
                fix = make_fix(f"Rename {option.name} to {target}", SAFE,
                               RenameName(option.span, option.name, target))
            yield self.finding(option.span or policy.span, message, severity=severity, fix=fix)
