"""Colour on a terminal: --color auto|always|never, NO_COLOR and FORCE_COLOR.

The choice, in order: the flag (`always`/`never`), then `NO_COLOR` (any non-empty
value: no colour, https://no-color.org), then `FORCE_COLOR` (any non-empty value other
than 0/false: colour), then whether the stream is a terminal (and not TERM=dumb).
"""
from __future__ import annotations

import os

RESET = "\x1b[0m"
CODES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36",
         "bold_red": "1;31", "bold_yellow": "1;33", "bold_cyan": "1;36", "bold_blue": "1;34"}
SEVERITY_STYLE = {"error": "bold_red", "warning": "bold_yellow", "info": "bold_cyan"}


def use_color(choice: str = "auto", stream=None, environ=None) -> bool:
    environ = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    forced = environ.get("FORCE_COLOR")
    if forced and forced.lower() not in ("0", "false"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


class Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, name: str, text: str) -> str:
        if not self.enabled or not text:
            return text
        return f"\x1b[{CODES[name]}m{text}{RESET}"


def style_of(context) -> Style:
    return Style(bool(getattr(context, "color", False)))
