"""Rust: tower-http's CorsLayer (axum) and actix-cors (see docs/rust-*.md)."""

EXTRACTOR_MODULES = (
    "corslint.languages.rust.tower_http",
    "corslint.languages.rust.actix_cors",
)
