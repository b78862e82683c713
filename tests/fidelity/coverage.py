"""Which (rule, framework) pairs the matrix must show in a browser, and why the others
are left out. A rule's frameworks come from the rule itself (its `frameworks` letters)."""
from __future__ import annotations

from typing import Dict, Set, Tuple

from corslint.rules import all_rules

LETTERS = {"S": "starlette", "F": "flask", "D": "django", "A": "aiohttp", "H": "handwritten"}

# (code, framework or "*") -> why no browser run can show it.
OUT_OF_SCOPE: Dict[Tuple[str, str], str] = {
    ("COR001", "*"): "a file that does not parse: no application to load",
    ("COR002", "*"): "a file that cannot be decoded: no application to load",
    ("COR003", "*"): "a module corslint did not check (size, depth, time budget): no claim about the browser",
    ("COR205", "*"): "an invalid regex fails on the server (at start-up or per request), not in the browser",
    ("COR201", "starlette"): "only Starlette before 0.13.1 matches with re.match; the matrix runs Starlette 1.10",
    ("COR303", "starlette"): "Starlette raises TypeError at start-up for an unknown keyword: no browser outcome",
    ("COR108", "aiohttp"): "COR108 judges origin regexes, and aiohttp-cors has none (its origins are exact keys); "
                           "the rule's framework list names A although it cannot fire there",
    ("COR307", "flask"): "Flask-CORS upper-cases the methods it is given, so lower-case methods work (Chromium "
                         "passes the PUT preflight of flask-method-case) and corslint rightly reports nothing; "
                         "the rule's framework list names F although it cannot fire there",
}


def required() -> Set[Tuple[str, str]]:
    pairs = set()
    for code, rule in all_rules().items():
        letters = rule.frameworks.split("(")[0].split()
        frameworks = LETTERS.values() if rule.frameworks == "all" else [LETTERS[x] for x in letters if x in LETTERS]
        for framework in frameworks:
            if (code, "*") not in OUT_OF_SCOPE and (code, framework) not in OUT_OF_SCOPE:
                pairs.add((code, framework))
    return pairs
