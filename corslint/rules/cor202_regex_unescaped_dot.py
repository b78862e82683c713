from corslint.origins.evidence import UNESCAPED_DOT
from corslint.origins.rewrite import escape_host_dots
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import suffix, value_span
from corslint.rules.origin_wording import pattern_label, regex_evidence
from corslint.rules.regex_fix import regex_fix


class RegexUnescapedDot(Rule):
    """
    ## What it does
    Reports an origin regex with an unescaped `.` between host labels, when the
    framework's own matcher accepts the origin with that dot replaced by another
    character, such as `https://appxexample.com` for `https://app.example.com`.

    ## Why is this bad?
    In a regular expression `.` matches any character. `app.example.com` also matches
    `appxexample.com`, a domain anyone can register, which can then read the API's
    responses, with the user's cookies when credentials are allowed. Corsy and
    CORScanner probe for exactly this ("unescaped regex", "not escape dot").

    ## Fix safety
    Escaping a dot between host labels (`\\.`) only removes origins in which another
    character stands where the dot was, so the fix is safe. It escapes every bare dot
    with a label character after it and a label (or a group, class or quantifier) before
    it; a quantified dot (`.*`, `.+`) stays a wildcard. It is offered for a literal
    pattern written where the option is set, when the result rejects the reported origin.

    ## References
    - [Corsy: unescaped regex](https://github.com/s0md3v/Corsy)
    - [CORScanner: not_escape_dot](https://github.com/chenjj/CORScanner)
    - [Python: regular expression syntax](https://docs.python.org/3/library/re.html#regular-expression-syntax)
    """

    code = "COR202"
    name = "regex-unescaped-dot"
    severity = "error"
    summary = "An unescaped dot in an origin regex lets https://appxexample.com in"
    frameworks = "S F D H"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origin_regex=r"https://(app|admin).example.com",
            allow_credentials=True,
        )
    """,
        message="allow_origin_regex='https://(app|admin).example.com' accepts https://appxexample.com", at=(7, 24),
        fixed='from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\napp.add_middleware(\n    CORSMiddleware,\n    allow_origin_regex=r"https://(app|admin)\\.example\\.com",\n    allow_credentials=True,\n)\n'),
        # Fix case: django-regex-dots-escaped.
        Example("""
            INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]
            MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]

            CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://(www|shop).example.com$"]
        """, filename='settings.py',
                files=(('auth.py', 'def login_required(view):\n    return view\n'),),
                message="'^https://(www|shop).example.com$' in CORS_ALLOWED_ORIGIN_REGEXES accepts", at=(4, 32),
                fixed='INSTALLED_APPS = ["django.contrib.contenttypes", "corsheaders"]\nMIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]\n\nCORS_ALLOWED_ORIGIN_REGEXES = [r"^https://(www|shop)\\.example\\.com$"]\n'),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(
            CORSMiddleware,
            allow_origin_regex=r"https://(app|admin)\\.example\\.com",
            allow_credentials=True,
        )
    """)]

    def check(self, policy):
        for item in regex_evidence(policy, UNESCAPED_DOT):
            where = f'the dot before "{item.detail}"' if item.detail else "a dot"
            yield self.finding(
                value_span(item.entry, item.option, policy),
                f"{pattern_label(item, policy)} accepts {item.origin} ({where} is unescaped, so it matches any "
                f"character, and anyone can register that domain){suffix(item.entry)}; write \\. for a "
                f"literal dot.",
                fix=regex_fix(policy, item, escape_host_dots, "Escape the dots between host labels: {new}"),
            )
