"""Messages quote values the way the user wrote them: Python literals for Python
configuration, Go and Rust literals for Go and Rust services, and the header as sent for
headers written by hand. The whole message is pinned for one finding per surface, so a
value that slips back into Python's repr (['*'], True, 'x') fails here."""
from __future__ import annotations

import pytest

from corslint.languages import missing_support
from corslint.policy import Value
from corslint.rules.value_forms import GO, HEADER, PYTHON, RUST, regex_in, render
from corslint.run.engine import check_sources

needs_grammars = pytest.mark.skipif(missing_support("go") or missing_support("rust"),
                                    reason="needs corslint[go,rust] (tree-sitter grammars)")


def messages(sources, code):
    result = check_sources(sources)
    assert not result.errors
    return [f.message for f in result.findings if f.code == code]


def strings(*texts):
    return Value("list", [Value("str", t) for t in texts])


# --- the forms themselves ---------------------------------------------------------------

@pytest.mark.parametrize("value, form, shown", [
    (strings("*"), PYTHON, "['*']"),
    (strings("*"), GO, '[]string{"*"}'),
    (strings("*"), RUST, 'vec!["*"]'),
    (strings("GET", "delete"), HEADER, "`GET, delete`"),
    (Value("bool", True), PYTHON, "True"),
    (Value("bool", True), GO, "true"),
    (Value("bool", False), RUST, "false"),
    (Value("none"), GO, "nil"),
    (Value("int", 600), GO, "600"),
    (Value("list", [Value("str", "a")], complete=False), GO, '[]string{"a", …}'),
    (Value("str", 'say "hi"\\\n'), GO, r'"say \"hi\"\\\n"'),
    (Value("str", 'say "hi"\\\n'), RUST, r'"say \"hi\"\\\n"'),
])
def test_values_in_each_form(value, form, shown):
    assert render(value, form) == shown


def test_regexes_are_raw_strings_where_the_language_has_them():
    pattern = r"https://[a-z]+\.example\.com"
    assert render(Value("str", pattern), PYTHON, pattern=True) == "r'" + pattern + "'"
    assert render(Value("str", pattern), GO, pattern=True) == "`" + pattern + "`"
    assert render(Value("str", pattern), RUST, pattern=True) == 'r"' + pattern + '"'
    # Without a backslash a pattern stays an ordinary string, unless it is a regex to write.
    assert render(Value("str", "https://a.example.com"), GO, pattern=True) == '"https://a.example.com"'
    assert regex_in("http://localhost(:[0-9]+)?", GO) == "`http://localhost(:[0-9]+)?`"
    # A raw string cannot hold its own delimiter: then the escaped form.
    assert render(Value("str", 'a\\."b'), RUST, pattern=True) == r'"a\\.\"b"'


# --- Python configuration keeps Python's form --------------------------------------------

def test_python_configuration_is_quoted_in_python():
    source = ("from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\n"
              "app = FastAPI()\n"
              "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_methods=['GET'])\n")
    assert messages([("app.py", source)], "COR104") == [
        "allow_origins=['*'] lets every website read these responses through its visitors' browsers; that "
        "suits a public API only, so list the origins that need access (or add `# noqa: COR104` if the API "
        "is public)."]


# --- hand-written headers: the header as sent ---------------------------------------------

TORNADO = '''\
import tornado.web


class StatusHandler(tornado.web.RequestHandler):
    def set_default_headers(self):
        self.set_header("Access-Control-Allow-Origin", "*")
        self.set_header("Access-Control-Allow-Methods", "GET, delete")
        self.set_header("Access-Control-Max-Age", "1209600")

    def get(self):
        self.write({"ok": True})
'''


def test_a_hand_written_wildcard_is_the_header_as_sent():
    assert messages([("server.py", TORNADO)], "COR104") == [
        "`Access-Control-Allow-Origin: *` lets every website read these responses through its visitors' "
        "browsers; that suits a public API only, so list the origins that need access (or add "
        "`# noqa: COR104` if the API is public)."]


def test_a_hand_written_header_value_and_its_replacement_are_header_text():
    assert messages([("server.py", TORNADO)], "COR307") == [
        "`delete` in Access-Control-Allow-Methods never matches: browsers send `DELETE` and the browser "
        "compares methods case-sensitively, so its preflights fail; write `DELETE`."]
    assert messages([("server.py", TORNADO)], "COR305") == [
        "`Access-Control-Max-Age: 1209600` is more than browsers honour: Firefox caps preflight caching at "
        "86400 seconds and Chromium at 7200; write 86400 or less."]


def test_a_hand_written_credentials_value_is_the_header_as_sent():
    source = '''\
from django.http import JsonResponse


def profile(request):
    response = JsonResponse({"name": "Ada"})
    response["Access-Control-Allow-Origin"] = "https://app.example.com"
    response["Access-Control-Allow-Credentials"] = "TRUE"
    return response
'''
    assert messages([("views.py", source)], "COR504") == [
        "`Access-Control-Allow-Credentials: TRUE` is not `true`, and browsers accept only the exact lower-case "
        "text `true`, so credentialed requests fail; write `true`."]


def test_hand_written_code_around_the_headers_stays_in_its_language():
    """The Origin test is code, not a header: its operand is quoted as the code writes it."""
    source = '''\
from flask import Flask, request

app = Flask(__name__)


@app.after_request
def cors(response):
    origin = request.headers.get("Origin", "")
    if origin.endswith("example.com"):
        response.headers["Access-Control-Allow-Origin"] = origin
    return response
'''
    [message] = messages([("app.py", source)], "COR206")
    assert message.startswith("`origin.endswith(\"example.com\")` is a suffix test with 'example.com' that")


# --- Go ------------------------------------------------------------------------------------

GO_SERVICE = '''\
package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"*"},
		AllowedHeaders:   []string{"Cookie"},
		AllowCredentials: true,
		MaxAge:           604800,
	})
	other := cors.New(cors.Options{
		AllowedOrigins: []string{"https://admin.example.com/", "https://*example.com"},
	})
	http.ListenAndServe(":8080", other.Handler(c.Handler(http.NewServeMux())))
}
'''


@needs_grammars
def test_go_values_are_go_literals():
    sources = [("main.go", GO_SERVICE)]
    assert messages(sources, "COR101") == [
        'AllowedOrigins: []string{"*"} allows every origin together with credentials: browsers reject '
        "`Access-Control-Allow-Origin: *` on credentialed requests; send the one requesting origin after "
        "checking it against an allow-list, with `Vary: Origin`."]
    assert messages(sources, "COR302") == [
        '"https://admin.example.com/" in AllowedOrigins never matches: browsers send origins without a '
        "trailing slash, and rs/cors compares whole origins, ignoring only case; write "
        '"https://admin.example.com".']
    assert messages(sources, "COR204") == [
        '"https://*example.com" in AllowedOrigins is a wildcard pattern that rs/cors matches by prefix and '
        "suffix, so it also accepts https://evilexample.com, a domain anyone can register; write "
        '"https://*.example.com" so that only subdomains match.']
    assert messages(sources, "COR305") == [
        "MaxAge: 604800 is more than browsers honour: Firefox caps preflight caching at 86400 seconds and "
        "Chromium at 7200; write 86400 or less."]
    [cor308] = messages(sources, "COR308")
    assert cor308.startswith('"Cookie" in AllowedHeaders allows nothing')


@needs_grammars
def test_go_defaults_and_hand_written_go_headers():
    preset = '''\
package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	http.ListenAndServe(":8080", cors.Default().Handler(http.NewServeMux()))
}
'''
    [cor103] = messages([("main.go", preset)], "COR103")
    assert cor103.startswith('cors.Default() sets no origins, so rs/cors uses its default origins "*" and sends')
    handwritten = '''\
package main

import "net/http"

func handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Max-Age", "1209600")
}
'''
    assert messages([("main.go", handwritten)], "COR305") == [
        "`Access-Control-Max-Age: 1209600` is more than browsers honour: Firefox caps preflight caching at "
        "86400 seconds and Chromium at 7200; write 86400 or less."]
    [cor104] = messages([("main.go", handwritten)], "COR104")
    assert cor104.startswith("`Access-Control-Allow-Origin: *` lets every website read these responses")
    assert "`// noqa: COR104`" in cor104


# --- Rust ----------------------------------------------------------------------------------

RUST_SERVICE = '''\
use std::time::Duration;

use tower_http::cors::{Any, CorsLayer};

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_credentials(true)
        .max_age(Duration::from_secs(60 * 60 * 24 * 14))
}
'''


@needs_grammars
def test_rust_values_are_rust_forms():
    sources = [("src/main.rs", RUST_SERVICE)]
    [cor101] = messages(sources, "COR101")
    assert cor101.startswith("allow_origin(Any) allows every origin together with credentials, which "
                             "tower-http's CorsLayer refuses")
    assert messages(sources, "COR305") == [
        "max_age(Duration::from_secs(1209600)) is more than browsers honour: Firefox caps preflight caching at "
        "86400 seconds and Chromium at 7200; write Duration::from_secs(86400) or less."]


@needs_grammars
def test_actix_values_are_rust_literals():
    source = '''\
use actix_cors::Cors;

fn cors() -> Cors {
    Cors::default()
        .allowed_origin("http://admin.example.com")
        .max_age(2592000)
}
'''
    sources = [("src/main.rs", source)]
    assert messages(sources, "COR106") == [
        '"http://admin.example.com" in allowed_origin is plain http, so anyone on a user\'s network can inject '
        'script into that page and read the responses; trust "https://admin.example.com" instead.']
    [cor305] = messages(sources, "COR305")
    assert cor305.startswith("max_age(2592000) is more than browsers honour")


@needs_grammars
def test_an_origin_given_one_call_at_a_time_is_shown_alone():
    """actix-cors takes one origin per `allowed_origin` call: the `*` is named as written,
    not as a list the user never wrote."""
    source = '''\
use actix_cors::Cors;

fn cors() -> Cors {
    Cors::default()
        .allowed_origin("*")
        .allowed_origin("https://app.example.com")
        .supports_credentials()
}
'''
    [message] = messages([("src/main.rs", source)], "COR101")
    assert message.startswith('allowed_origin("*") allows every origin and with supports_credentials() actix-cors')


@needs_grammars
def test_gorilla_options_are_the_calls_the_user_wrote():
    source = '''\
package main

import (
	"net/http"

	"github.com/gorilla/handlers"
)

func main() {
	cors := handlers.CORS(
		handlers.AllowedOrigins([]string{"*", "http://admin.example.com"}),
		handlers.AllowCredentials(),
	)
	http.ListenAndServe(":8080", cors(http.NewServeMux()))
}
'''
    [message] = messages([("main.go", source)], "COR101")
    assert message.startswith('AllowedOrigins([]string{"*", "http://admin.example.com"}) allows every origin '
                              "together with credentials")
