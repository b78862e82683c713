"""Which Go and Rust libraries each rule covers, for the rule pages (docs/rules/*.md) and
`corslint rule`. Rules themselves know no language: this table records where the
extractors give them something to judge (checked by tests/test_languages.py fixtures)."""
from __future__ import annotations

GO_RUST_LIBRARIES = ("rs/cors", "go-chi/cors", "gorilla/handlers", "net/http", "tower-http", "actix-cors")
_ALL = GO_RUST_LIBRARIES
_ORIGIN_FUNCTIONS = ("net/http", "rs/cors (AllowOriginFunc)", "go-chi/cors (AllowOriginFunc)",
                     "gorilla/handlers (AllowedOriginValidator)",
                     "tower-http (AllowOrigin::predicate)", "actix-cors (allowed_origin_fn)")

COVERAGE = {
    "COR001": _ALL,
    "COR002": _ALL,
    "COR101": _ALL,
    "COR102": _ORIGIN_FUNCTIONS[:1] + ("rs/cors and go-chi/cors (an AllowOriginFunc returning true)",
                                       "gorilla/handlers (an AllowedOriginValidator returning true)",
                                       "tower-http (AllowOrigin::predicate returning true)",
                                       "actix-cors (allowed_origin_fn returning true)"),
    "COR103": ("rs/cors (cors.Default(), no AllowedOrigins)", "go-chi/cors (no AllowedOrigins)",
               "gorilla/handlers (no AllowedOrigins)"),
    "COR104": ("rs/cors (cors.AllowAll(), \"*\")", "go-chi/cors", "gorilla/handlers", "net/http",
               "tower-http (Any, permissive())",
               "actix-cors (allow_any_origin())"),
    "COR105": _ALL,
    "COR106": _ALL,
    "COR108": ("rs/cors and go-chi/cors (wildcard patterns such as https://*.vercel.app)",),
    "COR109": ("rs/cors (AllowPrivateNetwork, rs/cors 1.9+)", "tower-http (allow_private_network)",
               "actix-cors (allow_private_network_access())"),
    "COR204": ("rs/cors and go-chi/cors (wildcard patterns that let in other domains)",),
    "COR206": _ORIGIN_FUNCTIONS,
    "COR302": _ALL,
    "COR305": ("rs/cors", "go-chi/cors", "net/http", "tower-http", "actix-cors"),
    "COR308": ("rs/cors", "go-chi/cors", "net/http"),
    "COR501": ("net/http",),
    "COR503": _ALL[:3] + ("tower-http", "actix-cors"),
    "COR502": ("net/http",),
    "COR504": ("net/http",),
}


def coverage_line(code: str) -> str:
    libraries = COVERAGE.get(code)
    if not libraries:
        return "Go and Rust libraries: none (the rule is about Python frameworks only)."
    return f"Go and Rust libraries: {', '.join(libraries)}."
