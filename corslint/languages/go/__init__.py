"""Go: rs/cors, go-chi/cors, gorilla/handlers and hand-written net/http headers (see docs/go-*.md)."""

# Extractor modules, in report order; each has MARKERS (bytes) and extract(source, values).
EXTRACTOR_MODULES = (
    "corslint.languages.go.rs_cors",
    "corslint.languages.go.gorilla_handlers",
    "corslint.languages.go.nethttp",
)
