"""Values in the form the user writes them: Python (`['*']`, `True`, `r'...'`), Go
(`[]string{"*"}`, `true`, raw `...`), Rust (`vec!["*"]`, `true`, `r"..."`), or a header
as a hand-written response sends it (`Access-Control-Allow-Origin: *`).

A message that quotes Python's repr to someone who wrote Go, or who wrote a header, makes
them translate it back before they can find it in their code. Which form a value takes
depends on the policy (its language, whether its headers are written by hand) and, for a
hand-written policy, on the option: the headers it sends are shown as sent, its regex
check of the Origin as the code that runs it.
"""
from __future__ import annotations

from typing import Optional

from corslint.policy import CorsPolicy, Option, Value

PYTHON, GO, RUST, HEADER = "python", "go", "rust", "header"


def form_of(policy: Optional[CorsPolicy], option: Optional[Option] = None) -> str:
    """How values of `option` (of `policy`) are written: python, go, rust, or header when
    the option is a header that hand-written code sends (not its regex check of the Origin)."""
    if policy is None:
        return PYTHON
    semantics = policy.semantics
    if semantics.headers_by_hand and option is not None and option not in policy.origin_regexes:
        return HEADER
    return semantics.language if semantics.language in (GO, RUST) else PYTHON


def render(value: Value, form: str = PYTHON, pattern: bool = False) -> str:
    """`value` written in `form`; `pattern` prefers a raw string where backslashes occur
    (the way regexes are written)."""
    if form == HEADER:
        text = _header_text(value)
        return f"`{text}`" if text is not None else render(value, PYTHON, pattern)
    kind = value.kind
    if kind == "str":
        return _string(value.data, form, pattern)
    if kind in ("list", "tuple", "set"):
        inner = ", ".join(render(v, form, pattern) if v.is_known else "…" for v in value.items())
        if not value.complete:
            inner = f"{inner}, …" if inner else "…"
        if form == GO:
            strings = all(v.kind == "str" for v in value.items() if v.is_known)
            return ("[]string{" if strings else "[]any{") + inner + "}"
        if form == RUST:
            return "vec![" + inner + "]"
        return "[" + inner + "]"
    if kind == "bool":
        return repr(value.data) if form == PYTHON else ("true" if value.data else "false")
    if kind == "none":
        return {GO: "nil", RUST: "None"}.get(form, "None")
    if kind in ("int", "float"):
        return repr(value.data)
    if kind == "pattern":
        inner = render(value.data[0], form, pattern=True)
        return {GO: f"regexp.MustCompile({inner})", RUST: f"Regex::new({inner})"}.get(form, f"re.compile({inner})")
    return "…"


def string_in(text: str, form: str = PYTHON, pattern: bool = False) -> str:
    """A string the user would write, in `form`: `'DELETE'`, `"DELETE"`, or `DELETE` in a header."""
    return render(Value("str", text), form, pattern)


def regex_in(pattern: str, form: str = PYTHON) -> str:
    """A regex to write, as a raw string where the language has one: r'...', `...`, r"..."."""
    return _string(pattern, form, pattern=True, raw=True)


def _header_text(value: Value) -> Optional[str]:
    """The text a header sends for a string or a list of strings (None for anything else,
    such as a Python `True` written as a header value, which is shown as written)."""
    if value.kind == "str":
        return value.data
    if value.kind in ("list", "tuple", "set"):
        parts = [v.data if v.kind == "str" else "…" for v in value.items()]
        if not value.complete:
            parts.append("…")
        return ", ".join(parts)
    if value.kind in ("int", "float") and not isinstance(value.data, bool):
        return repr(value.data)
    return None


def _string(text: str, form: str, pattern: bool, raw: bool = False) -> str:
    """A string literal; a raw one for a pattern with backslashes (for any pattern: `raw`)."""
    raw = pattern and (raw or "\\" in text)
    if form == GO:
        if raw and "`" not in text and "\r" not in text:
            return f"`{text}`"
        return '"' + _escaped(text) + '"'
    if form == RUST:
        if raw and '"' not in text:
            return f'r"{text}"'
        return '"' + _escaped(text) + '"'
    if raw and "'" not in text and not text.endswith("\\") and "\n" not in text:
        return f"r'{text}'"
    return repr(text)


def _escaped(text: str) -> str:
    """The body of a double-quoted Go or Rust string literal."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)
