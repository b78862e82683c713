"""Parsing and classifying a configured origin such as ``https://app.example.com``."""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import List, Optional

DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=-]+$|^\[[0-9A-Fa-f:.]+\]$")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "[::1]", "0.0.0.0"}


@dataclass
class ParsedOrigin:
    text: str
    scheme: str = ""
    host: str = ""
    port: Optional[int] = None
    path: str = ""  # anything after the authority ("/", "/app", "?x")
    problems: List[str] = field(default_factory=list)

    @property
    def is_null(self) -> bool:
        return self.text == "null"

    @property
    def is_loopback(self) -> bool:
        host = self.host.lower()
        if host in LOOPBACK_NAMES or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return False

    def normalised(self) -> str:
        """The serialisation a browser sends for this origin."""
        port = "" if self.port is None or DEFAULT_PORTS.get(self.scheme.lower()) == self.port else f":{self.port}"
        return f"{self.scheme.lower()}://{self.host.lower()}{port}"


def parse_origin(text: str) -> ParsedOrigin:
    """Parse leniently, recording every way `text` differs from a serialised origin."""
    origin = ParsedOrigin(text)
    if text == "null" or text == "*":
        return origin
    if text != text.strip():
        origin.problems.append("surrounding whitespace")
    body = text.strip()
    if not body:
        origin.problems.append("empty string")
        return origin
    if "," in body or " " in body:
        origin.problems.append("several origins in one string")
        return origin
    if "://" not in body:
        origin.problems.append("missing scheme")
        authority, _, rest = body.partition("/")
        origin.path = "/" + rest if rest else ""
    else:
        origin.scheme, _, remainder = body.partition("://")
        cut = min([i for i in (remainder.find("/"), remainder.find("?"), remainder.find("#")) if i != -1],
                  default=len(remainder))
        authority, origin.path = remainder[:cut], remainder[cut:]
    if "@" in authority:
        origin.problems.append("user information")
        authority = authority.rsplit("@", 1)[1]
    host, port = authority, None
    if authority.startswith("["):
        end = authority.find("]")
        host, tail = authority[: end + 1], authority[end + 1:]
        if tail.startswith(":") and tail[1:].isdigit():
            port = int(tail[1:])
    elif ":" in authority:
        host, _, port_text = authority.rpartition(":")
        if port_text.isdigit():
            port = int(port_text)
        else:
            host = authority
    origin.host, origin.port = host, port
    if origin.path:
        origin.problems.append("trailing slash" if origin.path == "/" else "path")
    if origin.scheme and DEFAULT_PORTS.get(origin.scheme.lower()) == port:
        origin.problems.append("default port")
    if host != host.lower() or origin.scheme != origin.scheme.lower():
        origin.problems.append("upper case")
    if host and not _HOST.match(host):
        origin.problems.append("invalid host")
    return origin


def looks_like_glob(text: str) -> bool:
    """`https://*.example.com` and friends: a shell-style wildcard inside an origin."""
    return "*" in text and text.strip() != "*"
