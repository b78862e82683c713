"""What a rule module is made of.

A rule module defines one subclass of :class:`Rule`. The class carries the rule's code,
name, severity and documentation (its docstring, with ruff's headings), and
``valid``/``invalid`` examples. The examples run as tests, and the first of each
become the *Example* and *Use instead* sections of the rule's documentation page, so
code, tests and docs cannot drift apart.

A rule reads :class:`~corslint.policy.CorsPolicy` objects, never a CST.
"""
from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, FrozenSet, Iterable, Iterator, List, Optional, Tuple

from corslint.diagnostics import Finding, Fix
from corslint.policy import CorsPolicy, Span

if TYPE_CHECKING:  # pragma: no cover
    from corslint.facts import ProjectFacts


@dataclass(frozen=True)
class Example:
    """A small file for a rule's tests and docs. ``files`` adds sibling modules (name -> source).

    An invalid example is a specification of what the rule reports on it: ``message``
    (the key part of the message), ``at`` (line and column of the finding, both 1-based,
    as the concise output shows them) and ``fixed`` (the file after every rule's fixes,
    as ``corslint check --fix --unsafe-fixes`` leaves it; None: no rule offers a fix in
    it). ``unsafe_fix`` says the fix needs ``--unsafe-fixes``: ``--fix`` alone leaves the
    file as it is. One test checks them all (tests/test_rule_examples.py), and a rule's
    fix availability is derived from them."""

    source: str
    filename: str = "app.py"
    files: tuple = ()
    message: Optional[str] = None
    at: Optional[Tuple[int, int]] = None
    fixed: Optional[str] = None
    unsafe_fix: bool = False
    # The file the finding is in, when not this one (a cross-file rule reports elsewhere).
    reported_in: Optional[str] = None

    @property
    def code(self):
        """The file's content: text, or bytes for examples about encodings."""
        if isinstance(self.source, bytes):
            return self.source
        return textwrap.dedent(self.source).strip("\n") + "\n"

    @property
    def fixed_code(self) -> Optional[str]:
        """``fixed``, normalised like ``code``."""
        return None if self.fixed is None else textwrap.dedent(self.fixed).strip("\n") + "\n"

    @property
    def text(self) -> str:
        code = self.code
        return code.decode("latin-1") if isinstance(code, bytes) else code


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"  # error | warning | info
    summary: ClassVar[str] = ""  # one line, for `rule --all` and SARIF shortDescription
    frameworks: ClassVar[str] = ""  # "S F D A H" as in RULES.md
    # none | sometimes: derived from the examples (a rule whose invalid examples pin a
    # fixed source has fixes), never declared, so it cannot drift from what the rule does.
    fix_availability: ClassVar[str] = "none"
    # Code scanning (SARIF): findings of a security rule become security alerts. None means
    # "decided by the code family": COR1xx and COR2xx (which origins get in) are security
    # rules, the others are about configurations that are broken rather than open.
    security: ClassVar[Optional[bool]] = None
    # Whether the rule runs when no rules are selected. A rule that cannot reach high
    # precision on real projects (the ecosystem check, docs/ecosystem.md) is opt-in, like
    # ruff's preview rules: it runs only when a selector names it (its code, a prefix, ALL).
    default_enabled: ClassVar[bool] = True
    # What the ecosystem check (docs/ecosystem.md) says of the rule, which is the ground for
    # its default and severity; shown in the rule's page.
    ecosystem: ClassVar[str] = ("No finding on the ecosystem check's 45 projects, so nothing there argues "
                                "against it: it stays on, at the catalog's severity, which rests on the "
                                "framework's documented behaviour.")
    # Kinds of project facts check_project reads besides the policies ("response-header"):
    # the run gathers a kind only when a selected rule needs it (corslint.run.collectors).
    needs_facts: ClassVar[FrozenSet[str]] = frozenset()
    valid: ClassVar[List[Example]] = []
    invalid: ClassVar[List[Example]] = []

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.fix_availability = "sometimes" if any(e.fixed is not None for e in cls.invalid) else "none"

    def check(self, policy: CorsPolicy) -> Iterable[Finding]:
        """Findings for one policy. Policy rules override this."""
        return ()

    def check_project(self, facts: "ProjectFacts") -> Iterable[Finding]:
        """Findings that need the whole project (headers set in one module, exposed in another)."""
        return ()

    # -- helpers for rule authors -------------------------------------------------
    def finding(self, span: Span, message: str, fix: Optional[Fix] = None,
                severity: Optional[str] = None, related: Iterable[Span] = ()) -> Finding:
        return Finding(self.code, self.name, severity or self.severity, message, span, fix,
                       related=list(related))

    @classmethod
    def is_security_rule(cls) -> bool:
        if cls.security is not None:
            return cls.security
        return cls.code[3:4] in ("1", "2")

    @classmethod
    def doc_section(cls, title: str) -> str:
        """One section of the docstring (``## What it does`` ...), or "" when it has none."""
        return _split_sections(inspect.cleandoc(cls.__doc__ or "")).get(title, "").strip()

    @classmethod
    def url(cls) -> str:
        from corslint.diagnostics import rule_url

        return rule_url(cls.code)

    @classmethod
    def documentation(cls) -> str:
        """The rule's page: ruff's sections, with Example / Use instead taken from the examples."""
        from corslint.languages.coverage import coverage_line

        doc = inspect.cleandoc(cls.__doc__ or "")
        sections = _split_sections(doc)
        parts = [f"# {cls.name} ({cls.code})", "",
                 f"Severity: {cls.severity}. Frameworks: {cls.frameworks}. "
                 f"Fix: {_FIX_WORDS[cls.fix_availability]}."
                 + ("" if cls.default_enabled else " Off by default: select it to run it."),
                 "", coverage_line(cls.code), ""]
        order = ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References"]
        if cls.invalid and "Example" not in sections:
            sections["Example"] = _code_block(cls.invalid[0])
        if cls.valid and "Use instead" not in sections:
            sections["Use instead"] = _code_block(cls.valid[0])
        for title in order:
            if title in sections:
                parts += [f"## {title}", sections[title].strip(), ""]
        for title, body in sections.items():
            if title not in order:
                parts += [f"## {title}", body.strip(), ""]
        state = "On by default" if cls.default_enabled else "Off by default (select it to run it)"
        parts += ["## Default and severity", f"{state}; severity {cls.severity}. {cls.ecosystem}", ""]
        return "\n".join(parts).rstrip() + "\n"


_FIX_WORDS = {"none": "none", "sometimes": "sometimes available", "always": "always available"}
REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References")


def _code_block(example: Example) -> str:
    header = f"`{example.filename}`:\n" if example.filename != "app.py" else ""
    return f"{header}```python\n{example.text}```"


def _split_sections(doc: str) -> dict:
    sections: dict = {}
    title = None
    lines: List[str] = []
    for line in doc.splitlines():
        if line.startswith("## "):
            if title is not None:
                sections[title] = "\n".join(lines)
            title = line[3:].strip()
            lines = []
        elif title is not None:
            lines.append(line)
    if title is not None:
        sections[title] = "\n".join(lines)
    return sections


def iter_strings(values) -> Iterator:
    for value in values:
        if value is not None and value.kind == "str":
            yield value
