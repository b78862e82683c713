"""The rule pages say which Go and Rust libraries each rule covers
(corslint/languages/coverage.py): every such claim is shown here by a snippet, or by a
fixture of that library, that produces the rule's finding."""
from __future__ import annotations

import pytest

from corslint.run.engine import check_sources
from corslint.languages import missing_support
from corslint.languages.coverage import COVERAGE, GO_RUST_LIBRARIES
from tests.helpers import TESTDATA, expected_findings

pytestmark = pytest.mark.skipif(missing_support("go") or missing_support("rust"),
                                reason="needs corslint[go,rust] (tree-sitter grammars)")

FIXTURE_PREFIXES = {"rs/cors": "go_rs_cors", "go-chi/cors": "go_chi", "gorilla/handlers": "go_gorilla",
                    "net/http": "go_nethttp", "tower-http": "rust_axum", "actix-cors": "rust_actix"}
FILENAMES = {"rs/cors": "main.go", "go-chi/cors": "main.go", "gorilla/handlers": "main.go",
             "net/http": "main.go", "tower-http": "src/main.rs", "actix-cors": "src/main.rs"}
TEMPLATES = {
    "rs/cors": 'package main\nimport "github.com/rs/cors"\nfunc main() {\n\tcors.New(cors.Options{%s})\n}\n',
    "go-chi/cors": 'package main\nimport (\n\t"net/http"\n\t"github.com/go-chi/cors"\n)\n'
                   'var _ http.Handler\nfunc main() {\n\tcors.Handler(cors.Options{%s})\n}\n',
    "gorilla/handlers": 'package main\nimport "github.com/gorilla/handlers"\nfunc main() {\n\thandlers.CORS(%s)\n}\n',
    "net/http": 'package main\nimport "net/http"\nfunc h(w http.ResponseWriter, r *http.Request) {\n%s\n}\n',
    "tower-http": 'use tower_http::cors::{AllowOrigin, Any, CorsLayer};\nfn cors() {\n    let _ = CorsLayer::new()%s;\n}\n',
    "actix-cors": 'use actix_cors::Cors;\nfn cors() {\n    let _ = Cors::default()%s;\n}\n',
}
SET = '\tw.Header().Set("%s", %s)'
SNIPPETS = {
    ("go-chi/cors", "COR101"): 'AllowedOrigins: []string{"*"}, AllowCredentials: true',
    ("gorilla/handlers", "COR101"): 'handlers.AllowedOrigins([]string{"*"}), handlers.AllowCredentials()',
    ("net/http", "COR101"): "\n".join([SET % ("Access-Control-Allow-Origin", '"*"'),
                                       SET % ("Access-Control-Allow-Credentials", '"true"')]),
    ("rs/cors", "COR102"): "AllowOriginFunc: func(origin string) bool { return true }",
    ("go-chi/cors", "COR102"): "AllowOriginFunc: func(r *http.Request, origin string) bool { return true }",
    ("gorilla/handlers", "COR102"): "handlers.AllowedOriginValidator(func(origin string) bool { return true })",
    ("tower-http", "COR102"): ".allow_origin(AllowOrigin::predicate(|_origin, _parts| true))",
    ("actix-cors", "COR102"): ".allowed_origin_fn(|_origin, _head| true)",
    ("go-chi/cors", "COR103"): 'AllowedMethods: []string{"GET"}',
    ("gorilla/handlers", "COR103"): 'handlers.AllowedMethods([]string{"GET"})',
    ("rs/cors", "COR104"): 'AllowedOrigins: []string{"*"}',
    ("go-chi/cors", "COR104"): 'AllowedOrigins: []string{"*"}',
    ("gorilla/handlers", "COR104"): 'handlers.AllowedOrigins([]string{"*"})',
    ("net/http", "COR104"): SET % ("Access-Control-Allow-Origin", '"*"'),
    ("tower-http", "COR104"): ".allow_origin(Any)",
    ("actix-cors", "COR104"): ".allow_any_origin()",
    ("go-chi/cors", "COR105"): 'AllowedOrigins: []string{"https://app.example.com", "null"}',
    ("gorilla/handlers", "COR105"): 'handlers.AllowedOrigins([]string{"https://app.example.com", "null"})',
    ("net/http", "COR105"): SET % ("Access-Control-Allow-Origin", '"null"'),
    ("tower-http", "COR105"): '.allow_origin(HeaderValue::from_static("null"))',
    ("rs/cors", "COR106"): 'AllowedOrigins: []string{"http://app.example.com"}',
    ("go-chi/cors", "COR106"): 'AllowedOrigins: []string{"http://app.example.com"}',
    ("gorilla/handlers", "COR106"): 'handlers.AllowedOrigins([]string{"http://app.example.com"})',
    ("net/http", "COR106"): SET % ("Access-Control-Allow-Origin", '"http://app.example.com"'),
    ("actix-cors", "COR106"): '.allowed_origin("http://app.example.com")',
    ("go-chi/cors", "COR108"): 'AllowedOrigins: []string{"https://*.vercel.app"}',
    ("rs/cors", "COR109"): 'AllowedOrigins: []string{"*"}, AllowPrivateNetwork: true',
    ("tower-http", "COR109"): ".allow_origin(Any).allow_private_network(true)",
    ("actix-cors", "COR109"): ".allow_any_origin().allow_private_network_access()",
    ("go-chi/cors", "COR204"): 'AllowedOrigins: []string{"https://*example.com"}',
    ("rs/cors", "COR206"): 'AllowOriginFunc: func(o string) bool { return strings.HasSuffix(o, "example.com") }',
    ("actix-cors", "COR206"): '.allowed_origin_fn(|origin, _head| origin.as_bytes().ends_with(b"example.com"))',
    ("go-chi/cors", "COR302"): 'AllowedOrigins: []string{"https://app.example.com/"}',
    ("gorilla/handlers", "COR302"): 'handlers.AllowedOrigins([]string{"https://app.example.com/"})',
    ("net/http", "COR302"): SET % ("Access-Control-Allow-Origin", '"https://app.example.com/"'),
    ("tower-http", "COR302"): '.allow_origin("https://app.example.com/".parse::<HeaderValue>().unwrap())',
    ("go-chi/cors", "COR305"): "MaxAge: 604800",
    ("go-chi/cors", "COR308"): 'AllowedHeaders: []string{"Cookie"}',
    ("gorilla/handlers", "COR308"): 'handlers.AllowedHeaders([]string{"Cookie"})',
    ("net/http", "COR308"): SET % ("Access-Control-Allow-Headers", '"Content-Type, Cookie"'),
    ("net/http", "COR501"): '\torigin := r.Header.Get("Origin")\n\tif origin == "https://app.example.com" {\n'
                            + SET % ("Access-Control-Allow-Origin", "origin") + "\n\t}",
    ("net/http", "COR502"): SET % ("Access-Control-Allow-Origin", '"https://a.example.com, https://b.example.com"'),
    ("net/http", "COR504"): "\n".join([SET % ("Access-Control-Allow-Origin", '"https://app.example.com"'),
                                       SET % ("Access-Control-Allow-Credentials", '"True"')]),
    # A whole file: the policy and the handler that sets a header it does not expose.
    ("go-chi/cors", "COR503"): 'FULL:package main\nimport (\n\t"net/http"\n\t"github.com/go-chi/cors"\n)\n'
                               'func main() {\n\tcors.Handler(cors.Options{AllowedOrigins: []string{"https://a.example.com"}})\n}\n'
                               'func h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set("X-Total-Count", "1")\n}\n',
    ("gorilla/handlers", "COR503"): 'FULL:package main\nimport (\n\t"net/http"\n\t"github.com/gorilla/handlers"\n)\n'
                                    'func main() {\n\thandlers.CORS(handlers.AllowedOrigins([]string{"https://a.example.com"}))\n}\n'
                                    'func h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Add("Link", "</p2>")\n}\n',
    ("net/http", "COR503"): "\n".join([SET % ("Access-Control-Allow-Origin", '"https://a.example.com"'),
                                       SET % ("X-Request-Id", '"abc"')]),
    ("actix-cors", "COR503"): 'FULL:use actix_cors::Cors;\nuse actix_web::HttpResponse;\n'
                              'fn cors() -> Cors {\n    Cors::default().allowed_origin("https://a.example.com")\n}\n'
                              'async fn h() -> HttpResponse {\n    HttpResponse::Ok().insert_header(("X-Request-Id", "1")).finish()\n}\n',
}
SYNTAX_ERRORS = {"main.go": "// cors\npackage main\nfunc (\n", "src/main.rs": "// cors\nfn main( {\n"}


def claims():
    for code, entries in COVERAGE.items():
        for library in GO_RUST_LIBRARIES:
            if any(entry == library or entry.startswith(library + " ") or f" and {library}" in entry
                   for entry in entries):
                yield library, code


def _from_fixture(library: str, code: str) -> bool:
    return any(p.name.startswith(FIXTURE_PREFIXES[library]) and any(c == code for _, _, c in expected_findings(p))
               for p in TESTDATA.iterdir() if p.is_dir())


def _source(library: str, code: str):
    name = FILENAMES[library]
    if code == "COR001":
        return name, SYNTAX_ERRORS[name]
    if code == "COR002":
        return name, b"// cors \xff\xfe\n"
    body = SNIPPETS.get((library, code))
    if body is None:
        return None
    if body.startswith("FULL:"):
        return name, body[len("FULL:"):]
    source = TEMPLATES[library] % body
    if "strings." in body:
        source = source.replace('import "github.com/rs/cors"', 'import (\n\t"strings"\n\t"github.com/rs/cors"\n)')
    return name, source


@pytest.mark.parametrize("library,code", sorted(set(claims())), ids=lambda v: str(v))
def test_each_claimed_library_produces_the_rule(library, code):
    found = _source(library, code)
    if found is None:
        assert _from_fixture(library, code), f"no snippet or fixture shows {code} for {library}"
        return
    result = check_sources([found])
    assert not result.errors, result.errors
    assert code in {f.code for f in result.findings}, (library, code, [f.message for f in result.findings])
