"""Parsing and classifying a configured origin such as ``https://app.example.com``."""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass, field
from typing import FrozenSet, List, Optional, Tuple

DEFAULT_PORTS = {"http": 80, "https": 443}
# Schemes whose URLs have a host the URL standard parses (and lower-cases); others
# (capacitor://, ionic://, app://, tauri://, chrome-extension://, moz-extension://,
# safari-web-extension://, vscode-webview://) are origins of apps and extensions.
SPECIAL_SCHEMES = {"http", "https", "ws", "wss", "ftp", "file"}
_HOST = re.compile(r"^[A-Za-z0-9._~%!$&'()*+,;=-]+$|^\[[0-9A-Fa-f:.]+\]$")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "[::1]", "0.0.0.0"}
# Names that only resolve on a local or private network.
PRIVATE_NAME_SUFFIXES = (".local", ".internal", ".lan", ".home.arpa", ".intranet", ".corp")


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

    @property
    def is_file(self) -> bool:
        """`file://` documents serialise their origin as `null` in browsers."""
        return self.scheme.lower() == "file"

    @property
    def effective_port(self) -> Optional[int]:
        """The port a browser connects to: the explicit one, else the scheme's default."""
        return self.port if self.port is not None else DEFAULT_PORTS.get(self.scheme.lower())

    @property
    def has_default_port(self) -> bool:
        """True when an explicit port equals the default (browsers never send it)."""
        return self.port is not None and DEFAULT_PORTS.get(self.scheme.lower()) == self.port

    def ip(self) -> Optional["ipaddress._BaseAddress"]:
        try:
            return ipaddress.ip_address(self.host.strip("[]"))
        except ValueError:
            return None

    @property
    def is_ip_literal(self) -> bool:
        return self.ip() is not None

    @property
    def is_private_network(self) -> bool:
        """An address of a private or link-local network (10/8, 192.168/16, fc00::/7, ...),
        or a name that only resolves inside one (`.local`, `.internal`, `.lan`)."""
        address = self.ip()
        if address is not None:
            return (address.is_private or address.is_link_local) and not address.is_loopback
        return self.host.lower().rstrip(".").endswith(PRIVATE_NAME_SUFFIXES)

    @property
    def is_idn(self) -> bool:
        """An internationalised host, written in Unicode or as punycode (`xn--`)."""
        host = self.host.lower()
        return not host.isascii() or any(label.startswith("xn--") for label in host.split("."))

    def ascii_host(self) -> Optional[str]:
        """The host as browsers send it (IDNA / punycode); None when it cannot be encoded."""
        if self.host.isascii():
            return self.host.lower()
        try:
            return self.host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return None

    def shared_hosting_suffix(self) -> Optional[str]:
        return shared_hosting_suffix(self.host)

    def normalised(self) -> str:
        """The serialisation a browser sends for this origin."""
        port = "" if self.port is None or DEFAULT_PORTS.get(self.scheme.lower()) == self.port else f":{self.port}"
        host = self.host.lower() if self.scheme.lower() in SPECIAL_SCHEMES else self.host
        return f"{self.scheme.lower()}://{host}{port}"


@functools.lru_cache(maxsize=1 << 16)
def parse_origin(text: str) -> ParsedOrigin:
    """Parse leniently, recording every way `text` differs from a serialised origin.

    Remembered (the evidence search and three rules parse each entry of a 10,000-origin
    list): the result is shared, and no caller changes it."""
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
    if origin.scheme and port is not None and DEFAULT_PORTS.get(origin.scheme.lower()) == port:
        origin.problems.append("default port")
    # The URL standard lower-cases the host of special schemes only: the host of
    # `safari-web-extension://<UUID>` or `capacitor://localhost` is opaque and kept as written.
    special = origin.scheme.lower() in SPECIAL_SCHEMES if origin.scheme else True
    if (special and host != host.lower()) or origin.scheme != origin.scheme.lower():
        origin.problems.append("upper case")
    if host and not _HOST.match(host):
        origin.problems.append("invalid host")
    return origin


# Characters only a regular expression has: anchors, escapes, groups, classes, quantifiers
# and alternation. An origin holds none of them, and neither does a glob written for one.
REGEX_SYNTAX = frozenset("\\^$()[]{}?+|")
_IPV6_HOST = re.compile(r"(?<=://)\[[0-9A-Fa-f:.]+\]")


def looks_like_glob(text: str) -> bool:
    """`https://*.example.com` and friends: an origin written with shell-style wildcards,
    which is what its author plainly meant.

    Strict on purpose, because the advice for a glob rewrites it as a regex: an entry
    with any regex syntax besides its `*`s (`^https?:\\/\\/*(.*)`, `https://\\w*\\.example\\.com`)
    was written as a regex, and a `*` after `.` or another `*` is a regex quantifier
    (`https://.*\\.example\\.com`, `https://.*example.com`): none of them is a glob.
    """
    text = text.strip()
    if text == "*" or "*" not in text:
        return False
    # An IPv6 host's brackets are not a character class: `http://[::1]:*`.
    if not REGEX_SYNTAX.isdisjoint(_IPV6_HOST.sub("", text, count=1)):
        return False
    stars = [index for index, ch in enumerate(text) if ch == "*"]
    glob_stars = set()
    for index in stars:
        before = text[index - 1] if index else ""
        # `.*` is a quantifier, except where the dot separates two labels a glob star fills
        # (`https://*.*.example.com`).
        if before == "*" or (before == "." and not (index >= 2 and index - 2 in glob_stars)):
            return False
        glob_stars.add(index)
    return True


def written_as_regex(text: str) -> bool:
    """An origin entry its author wrote as a regular expression: regex syntax (anchors,
    escapes, groups, classes, `?`, `+`, `|`) or a `*` that is a quantifier (`.*`)."""
    text = text.strip()
    if not REGEX_SYNTAX.isdisjoint(_IPV6_HOST.sub("", text, count=1)):
        return True
    return "*" in text and text != "*" and not looks_like_glob(text)


@functools.lru_cache(maxsize=None)
def shared_hosting_suffixes() -> FrozenSet[str]:
    """Suffixes where anyone can get a subdomain (``data/shared_hosting_suffixes.txt``)."""
    from importlib import resources

    text = resources.files("corslint.origins").joinpath("data/shared_hosting_suffixes.txt").read_text("utf-8")
    return frozenset(line.split("#", 1)[0].strip().lower() for line in text.splitlines()
                     if line.split("#", 1)[0].strip())


def shared_hosting_suffix(host: str) -> Optional[str]:
    """The shared-hosting suffix `host` lives under (`x.vercel.app` -> `vercel.app`), if any.

    The suffix itself (`vercel.app`) is not "under" it: it is the provider's own site.
    """
    host = host.lower().rstrip(".")
    labels = host.split(".")
    for start in range(1, len(labels)):
        candidate = ".".join(labels[start:])
        if candidate in shared_hosting_suffixes():
            return candidate
    return None


# Second-level registries where a registrable domain has three labels (example.co.uk).
# Not the whole Public Suffix List: enough to avoid calling `co.uk` an owner's domain.
_TWO_LEVEL_PUBLIC = frozenset({
    "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "com.au", "net.au", "org.au",
    "edu.au", "gov.au", "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "co.kr", "or.kr",
    "com.br", "net.br", "org.br", "com.cn", "net.cn", "org.cn", "com.tw", "com.hk", "com.sg",
    "com.mx", "com.ar", "com.tr", "co.in", "net.in", "org.in", "co.za", "co.il", "com.pl",
})


@functools.lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """The domain someone registers to own `host` (`app.example.co.uk` -> `example.co.uk`).

    Under a shared-hosting suffix the registrable unit is one label below the suffix
    (`alice.github.io`), because that is what a stranger can claim. IP literals and
    single-label names are their own unit.
    """
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if len(labels) <= 2 or _is_ip(host):
        return host
    suffix = shared_hosting_suffix(host)
    if suffix is not None:
        return ".".join(labels[-(suffix.count(".") + 2):])
    if ".".join(labels[-2:]) in _TWO_LEVEL_PUBLIC:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _is_ip(host: str) -> bool:
    bare = host.strip("[]")
    if ":" not in bare and not bare.replace(".", "").isdigit():
        return False  # without a colon only dotted decimal digits can be an IP address
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def host_within(host: str, domain: str) -> bool:
    """`host` is `domain` or one of its subdomains (label boundary respected)."""
    host, domain = host.lower().rstrip("."), domain.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


def split_origin(text: str) -> Tuple[str, str, Optional[int]]:
    """(scheme, host, port) of a serialised origin; ("", "", None) for `null` or junk."""
    parsed = parse_origin(text)
    return parsed.scheme.lower(), parsed.host.lower(), parsed.port
