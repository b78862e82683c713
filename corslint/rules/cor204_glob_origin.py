import re

from corslint.fixes.intents import UNSAFE, AddKeyword, RemoveElement, is_list_entry, make_fix, written_at_option
from corslint.origins.evidence import GLOB, policy_evidence
from corslint.origins.matching import entry_accepts, origin_entries, origin_entry_is_regex
from corslint.origins.model import looks_like_glob
from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix, value_span, written
from corslint.rules.value_forms import form_of, regex_in


PORT_WILDCARD = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]+:\*/?$", re.IGNORECASE)


def has_port_wildcard(glob: str) -> bool:
    """`http://localhost:*`: the `*` after the host's colon stands for the port."""
    return PORT_WILDCARD.match(glob.strip()) is not None


def suggested_regex(glob: str) -> str:
    """`https://*.example.com` -> `https://[a-z0-9-]+\\.example\\.com`;
    `http://localhost:*` -> `http://localhost(:[0-9]+)?` (any port, or none)."""
    glob = glob.strip()
    port = ""
    if has_port_wildcard(glob):
        glob, port = glob.rstrip("/")[:-2], "(:[0-9]+)?"
    return "".join("[a-z0-9-]+" if part == "*" else re.escape(part).replace("\\-", "-")
                   for part in re.split(r"(\*)", glob)) + port


def wildcard_meaning(glob: str) -> str:
    """What the `*`s were meant to allow, for the advice."""
    port = has_port_wildcard(glob)
    subdomain = glob.count("*") > (1 if port else 0)
    return " and ".join(word for word, present in (("subdomains", subdomain), ("any port", port)) if present)


class GlobOrigin(Rule):
    """
    ## What it does
    Reports a shell-style wildcard inside an allowed origin, such as
    `"https://*.example.com"` in a list of origins.

    ## Why is this bad?
    No framework reads globs in origin lists. Starlette and django-cors-headers compare
    the string literally, and browsers never send an origin with a `*`, so the entry
    never matches and the subdomains it was meant to allow are refused. Flask-CORS is
    worse: the `*` makes it treat the string as a regular expression, which rejects
    `https://app.example.com` but accepts `https://xexample.com`, a domain anyone can
    register (an error there). Use the framework's regex option with an anchored
    pattern instead.

    ## Fix safety
    Moving the entry to the regex option (in Flask-CORS, rewriting it as an anchored
    regex) changes which origins are accepted, so the fix is unsafe.

    ## References
    - [Starlette: CORSMiddleware, allow_origin_regex](https://www.starlette.io/middleware/#corsmiddleware)
    - [Flask-CORS: origins may be regular expressions](https://flask-cors.readthedocs.io/en/latest/api.html)
    - [django-cors-headers: CORS_ALLOWED_ORIGIN_REGEXES](https://github.com/adamchainz/django-cors-headers#cors_allowed_origin_regexes-sequencestr--patternstr)
    """

    code = "COR204"
    ecosystem = ("Ecosystem check: 3 findings on 35 projects, all true (khoj's `host:*` entries meant for any port, which Starlette never matches). On by default.")
    name = "glob-origin"
    severity = "warning"
    summary = "A glob such as https://*.example.com in an origin list never matches (or becomes a broken regex)"
    frameworks = "S D F"

    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://*.example.com"])
    """,
        message="'https://*.example.com' in allow_origins is compared literally by Starlette's", at=(5, 51),
        fixed='from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=[], allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com")\n', unsafe_fix=True), Example("""
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=["https://*.example.com"])
    """,
        message="'https://*.example.com' in origins is compiled by Flask-CORS as a regular expression", at=(5, 20)),
        # A `*` in the port's place means any port: the advice is a port pattern, not a subdomain one.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware

            app = FastAPI()
            app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:*"], allow_credentials=True)
        """,
                message="'http://localhost:*' in allow_origins is compared literally by Starlette's CORSMiddleware, "
                        "so it never matches any origin; use a regex for any port, such as "
                        "r'http://localhost(:[0-9]+)?'.", at=(5, 51),
                fixed='from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=[], allow_credentials=True, allow_origin_regex=r"http://localhost(:[0-9]+)?")\n', unsafe_fix=True),
        Example("""
            CORS_ALLOWED_ORIGINS = ["https://*.example.com:*"]
        """,
                files=(('manage.py', 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n'),),
                message="use a regex for subdomains and any port, such as r'https://[a-z0-9-]+\\.example\\.com(:[0-9]+)?'",
                at=(1, 25)),
        # Fix case: glob-moved-to-the-regex-keyword.
        Example("""
            from fastapi import FastAPI
            from fastapi.middleware.cors import CORSMiddleware
            from starlette.applications import Starlette
            from starlette.middleware import Middleware

            app = FastAPI()
            from auth import AuthMiddleware
            app.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com", "https://*.b.example.com"])
        """,
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'https://*.b.example.com' in allow_origins is compared literally by Starlette's", at=(8, 76),
                fixed='from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom starlette.applications import Starlette\nfrom starlette.middleware import Middleware\n\napp = FastAPI()\nfrom auth import AuthMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["https://a.example.com"], allow_origin_regex=r"https://[a-z0-9-]+\\.b\\.example\\.com")\n', unsafe_fix=True),
        # Fix case: glob-kept-when-a-regex-is-set.
        Example('from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom starlette.applications import Starlette\nfrom starlette.middleware import Middleware\n\napp = FastAPI()\nfrom auth import AuthMiddleware\napp.add_middleware(CORSMiddleware, allow_origins=["https://*.b.example.com"], allow_origin_regex=r"https://c\\.example\\.com")\n',
                files=(('auth.py', 'class AuthMiddleware:\n    pass\n'),),
                message="'https://*.b.example.com' in allow_origins is compared literally by Starlette's", at=(8, 51)),
    ]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://[a-z0-9-]+\\.example\\.com")
    """), Example("""
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=[r"^https://[a-z0-9-]+\\.example\\.com$"])
    """)]

    def check(self, policy):
        option = policy.origins
        if option is None:
            return
        # A single string is COR301's business where it is not wrapped in a list (Starlette reads
        # any "*" in it as allow-all); origin_entries gives it only where it is one entry.
        globs = [entry for entry in origin_entries(policy) if looks_like_glob(entry.data)]
        if policy.semantics.origin_globs:  # the library reads the glob itself (rs/cors, go-chi/cors)
            yield from self._library_glob_findings(policy, option, globs)
            return
        for entry in globs:
            if origin_entry_is_regex(entry.data, policy.semantics):
                finding = self._regex_finding(policy, option, entry)
                if finding is not None:
                    yield finding
                continue
            pattern = suggested_regex(entry.data)
            meant = wildcard_meaning(entry.data)
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} is compared literally by {policy.semantics.display}, so it never "
                f"matches any origin{suffix(entry)}; use a regex for {meant}, such as {_regex(pattern, policy)}.",
                fix=self._fix(policy, option, entry, globs, pattern),
            )

    def _library_glob_findings(self, policy, option, globs):
        """A wildcard pattern the library matches by prefix and suffix: reported only when the
        evidence shows it lets in an origin the owner does not control."""
        evidence = policy_evidence(policy)
        for entry in globs:
            accepted = next((item.origin for item in evidence.first(GLOB)
                             if item.entry.span == entry.span and item.entry.data == entry.data), None)
            if accepted is None:
                continue
            prefix, _star, rest = entry.data.strip().partition("*")
            # `https://*example.com` -> `https://*.example.com`; a pattern without a domain
            # after the `*` (`https://*`) has no narrower form.
            better = f"{prefix}*.{rest}" if "." in rest and not rest.startswith(".") else None
            advice = f"write {written(better, policy, option)} so that only subdomains match" if better else \
                "list the exact origins instead"
            yield self.finding(
                value_span(entry, option, policy),
                f"{show(entry, policy, option)} in {option.name} is a wildcard pattern that {policy.semantics.display} matches by "
                f"prefix and suffix, so it also accepts {accepted}, a domain anyone can register{suffix(entry)}; "
                f"{advice}.",
                severity="error",
            )

    def _regex_finding(self, policy, option, entry):
        """The framework compiles the glob as a regex: say what it really accepts, from the
        attacker-origin evidence (computed with the framework's own matching)."""
        semantics = policy.semantics
        accepted = next((item.origin for item in policy_evidence(policy).items
                         if item.entry.span == entry.span and item.entry.data == entry.data), None)
        intended = entry.data.strip().replace("*", "3000" if has_port_wildcard(entry.data) and entry.data.count("*") == 1 else "app", 1)
        misses = entry_accepts(entry, intended, semantics) is False
        parts = []
        if misses:
            parts.append(f"it does not match {intended}")
        if accepted:
            parts.append(f"it accepts {accepted}, a domain anyone can register")
        if not parts:
            return None
        pattern = "^" + suggested_regex(entry.data) + "$"
        return self.finding(
            value_span(entry, option, policy),
            f"{show(entry, policy, option)} in {option.name} is compiled by {semantics.display} as a regular expression "
            f"(because of the `*`) and applied with re.{semantics.regex_mode}: {' and '.join(parts)}"
            f"{suffix(entry)}; write the regex yourself, such as {_regex(pattern, policy)}.",
            severity="error",
        )

    def _fix(self, policy, option, entry, globs, pattern):
        """Move the one glob to the framework's regex keyword, when the call sets none yet."""
        keyword = policy.semantics.regex_keyword
        placement = policy.placement
        if not keyword or len(globs) != 1 or policy.origin_regexes or placement is None \
                or placement.style == "settings" or not written_at_option(option) or not is_list_entry(entry) \
                or not option.value.complete:
            return None
        if policy.semantics.regex_mode != "fullmatch":
            pattern = f"^{pattern}$"
        return make_fix(f"Move {show(entry)} to {keyword}=r'{pattern}'", UNSAFE, RemoveElement(entry.span),
                        AddKeyword(policy.span, keyword, pattern, raw=True))


def _regex(pattern: str, policy) -> str:
    """A suggested regex as the policy's language writes one: r'...' in Python."""
    return regex_in(pattern, form_of(policy))
