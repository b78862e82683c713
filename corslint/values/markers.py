"""What the value resolver leaves in a Value for rules to read, without importing libcst.

Rules read policies, never a CST, and importing them must not import libcst (0.15-0.3 s):
a warm run that replays every result from the cache never needs it.
"""
from __future__ import annotations

from typing import Optional

from corslint.policy import Value


def env_string_name(value: Value) -> Optional[str]:
    """For an environment read known to return a string: the variable's name."""
    return env_marker(value)


def env_marker(value: Value) -> Optional[str]:
    if value.kind == "unknown" and isinstance(value.data, tuple) and len(value.data) == 2 \
            and value.data[0] == "env":
        return value.data[1]
    return None
