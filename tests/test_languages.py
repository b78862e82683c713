"""Go and Rust files through the whole product: discovery, the notice without tree-sitter,
`// noqa`, fixes, stdin, every output format, values followed, and one run over a
repository that holds Python, Go and Rust services."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from corslint.run.engine import check_sources
from corslint.languages import missing_support
from tests.helpers import ROOT, TESTDATA, run_cli

pytestmark = pytest.mark.skipif(missing_support("go") or missing_support("rust"),
                                reason="needs corslint[go,rust] (tree-sitter grammars)")

GO_SERVICE = '''\
package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	c := cors.New(cors.Options{
		AllowedOrigins: []string{
			"https://app.example.com/",
			"null",
		},
		MaxAge: 604800,
	})
	http.ListenAndServe(":8080", c.Handler(http.NewServeMux()))
}
'''

RUST_SERVICE = '''\
use tower_http::cors::{Any, CorsLayer};

fn cors() -> CorsLayer {
    let origin = std::env::var("FRONTEND").unwrap_or_else(|_| "https://app.example.com/".to_string());
    CorsLayer::new().allow_origin(origin.parse::<HeaderValue>().unwrap()).max_age(Duration::from_secs(864000))
}
'''


def codes(result) -> list:
    return sorted((f.path, f.span.start_line, f.code) for f in result.findings)


def test_go_findings_with_positions_and_messages():
    result = check_sources([("main.go", GO_SERVICE)])
    assert codes(result) == [("main.go", 12, "COR302"), ("main.go", 13, "COR105"), ("main.go", 15, "COR305")]
    assert not result.errors
    message = {f.code: f.message for f in result.findings}
    assert "rs/cors compares whole origins, ignoring only case" in message["COR302"]


def test_rust_values_keep_their_environment_condition():
    result = check_sources([("src/main.rs", RUST_SERVICE)])
    assert codes(result) == [("src/main.rs", 4, "COR302"), ("src/main.rs", 5, "COR305")]
    cor302 = next(f for f in result.findings if f.code == "COR302")
    assert "(when FRONTEND is unset)" in cor302.message


def test_go_noqa_comments():
    source = GO_SERVICE.replace('"null",', '"null", // noqa: COR105').replace(
        "MaxAge: 604800,", "MaxAge: 604800, // noqa")
    result = check_sources([("main.go", source)])
    assert codes(result) == [("main.go", 12, "COR302")]
    whole = "// corslint: noqa\n" + GO_SERVICE
    assert codes(check_sources([("main.go", whole)])) == []
    other_code = GO_SERVICE.replace('"null",', '"null", // noqa: COR101')
    assert ("main.go", 13, "COR105") in codes(check_sources([("main.go", other_code)]))


def test_syntax_error_is_cor001():
    result = check_sources([("main.go", GO_SERVICE.replace("MaxAge: 604800,", "MaxAge: 604800 +,"))])
    assert [f.code for f in result.findings] == ["COR001"]
    assert result.findings[0].message.startswith(
        "The file does not parse with tree-sitter's Go grammar: unexpected text at line 15, so corslint checked "
        "nothing in it; fix the syntax error there, or, if the compiler accepts the line, it is syntax the grammar "
        "does not know yet"), result.findings[0].message


def test_valid_rust_the_grammar_does_not_know_is_not_called_a_syntax_error():
    """actix-cors's own `Rc<dyn Fn(&_, &_) -> _>` compiles, but tree-sitter-rust 0.24 does not
    parse `&_` there: the message must not claim the file is wrong."""
    source = ("use actix_cors::Cors;\n\nfn cors() -> Cors {\n    let f: Rc<dyn Fn(&_, &_) -> _> = Rc::new(|_a, _b| false);\n"
              "    Cors::default()\n}\n")
    findings = check_sources([("src/main.rs", source)]).findings
    assert [f.code for f in findings] in ([], ["COR001"])  # [] once the grammar learns it
    assert all("if the compiler accepts the line, it is syntax the grammar does not know yet" in f.message
               for f in findings)


def test_fix_rewrites_go_literals_and_stays_fixed(tmp_path):
    path = tmp_path / "main.go"
    path.write_text(GO_SERVICE)
    run = run_cli("check", "--fix", "--no-cache", str(path), cwd=tmp_path)
    fixed = path.read_text()
    assert '"https://app.example.com",' in fixed and '"null"' not in fixed and "MaxAge: 86400," in fixed, fixed
    assert run.returncode == 0, run.stderr.decode()
    again = run_cli("check", "--fix", "--no-cache", str(path), cwd=tmp_path)
    assert path.read_text() == fixed and again.returncode == 0


def test_stdin_with_a_go_filename(tmp_path):
    run = run_cli("check", "--stdin-filename", "svc/main.go", "-", cwd=tmp_path, stdin=GO_SERVICE.encode())
    out = run.stdout.decode()
    assert run.returncode == 1
    assert "svc/main.go:13:4: COR105" in out and "svc/main.go:12:4: COR302" in out


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "json-lines", "sarif", "github", "gitlab", "junit",
                                 "pylint"])
def test_every_output_format_renders_go_findings(tmp_path, fmt):
    (tmp_path / "main.go").write_text(GO_SERVICE)
    run = run_cli("check", "--no-cache", "--output-format", fmt, "main.go", cwd=tmp_path)
    out = run.stdout.decode()
    assert run.returncode == 1, run.stderr.decode()
    assert "COR105" in out and "main.go" in out
    if fmt == "json":
        found = json.loads(out)
        null = next(f for f in found if f["code"] == "COR105")
        assert null["location"] == {"row": 13, "column": 4}
        assert null["fix"]["applicability"] == "safe" and null["fix"]["edits"]


def test_one_run_over_python_go_and_rust_services(tmp_path):
    for name in ("fastapi_wildcard_credentials", "go_rs_cors_api", "rust_actix_cors"):
        shutil.copytree(TESTDATA / name, tmp_path / name)
    run = run_cli("check", "--no-cache", "--output-format", "json", ".", cwd=tmp_path)
    found = json.loads(run.stdout.decode())
    files = {os.path.relpath(f["filename"], tmp_path).split(os.sep)[0] for f in found}
    assert files == {"fastapi_wildcard_credentials", "go_rs_cors_api", "rust_actix_cors"}
    assert {f["code"] for f in found} >= {"COR101", "COR105", "COR108", "COR204", "COR302", "COR305"}
    assert run.returncode == 1


def test_without_tree_sitter_one_notice_and_no_error(tmp_path, monkeypatch):
    """A tree with Go and Rust files but without the extra: one line per language, exit code
    unchanged, the Python findings as usual."""
    import corslint.languages.analyse as analyse

    monkeypatch.setattr(analyse, "missing_support", lambda language: "tree_sitter")
    files = [("a/main.go", GO_SERVICE), ("b/main.go", GO_SERVICE), ("c/src/main.rs", RUST_SERVICE),
             ("plain.go", "package main\n")]
    result = check_sources(files)
    assert result.findings == [] and result.errors == []
    assert len(result.notices) == 2
    assert result.notices[0].startswith("2 Go file(s) with CORS code (a/main.go and 1 more) were not checked")
    from corslint.languages import install_hint

    assert result.notices[0].endswith(f"Go and Rust support needs tree-sitter ({install_hint()})")


@pytest.mark.parametrize("direct_url, hint", [
    (None, 'pip install "corslint[go,rust]" (or pip install tree-sitter tree-sitter-go tree-sitter-rust)'),
    ({"url": "file:///home/me/src/corslint", "dir_info": {"editable": True}},
     'pip install -e "/home/me/src/corslint[go,rust]" (the checkout corslint was installed from)'),
    ({"url": "file:///home/me/src/corslint", "dir_info": {}},
     'pip install "/home/me/src/corslint[go,rust]" (the checkout corslint was installed from)'),
    ({"url": "https://github.com/corslint/corslint", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}},
     'pip install "corslint[go,rust] @ git+https://github.com/corslint/corslint"'),
    ({"url": "file:///tmp/corslint-0.1.0-py3-none-any.whl", "archive_info": {}},
     "pip install tree-sitter tree-sitter-go tree-sitter-rust"),
    ({}, "pip install tree-sitter tree-sitter-go tree-sitter-rust"),
])
def test_the_install_hint_follows_how_corslint_was_installed(direct_url, hint):
    """From an index, the extra by name; from a checkout (as the README installs it), the
    checkout's extra; from Git, the Git URL's; otherwise the extra's packages, which work
    for any installation."""
    from corslint.languages import install_hint

    assert install_hint(direct_url) == hint


def test_the_install_hint_reads_this_installation():
    """Without an argument the hint reads the record pip keeps of this corslint."""
    import json
    from importlib import metadata

    from corslint.languages import install_hint

    record = metadata.distribution("corslint").read_text("direct_url.json")
    assert install_hint() == install_hint(json.loads(record) if record else None)


def test_a_python_only_run_never_imports_tree_sitter(tmp_path):
    code = ("import sys\nfrom corslint.cli import main\n"
            "try:\n    main(['check', '--no-cache', '--exit-zero', '-q', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('tree_sitter', 'corslint.languages.'))))")
    run = subprocess.run([sys.executable, "-c", code, str(TESTDATA / "fastapi_wildcard_credentials")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout + run.stderr


def test_unsafe_fix_appends_a_header_to_a_go_expose_list(tmp_path):
    (tmp_path / "main.go").write_text(
        'package main\nimport "github.com/rs/cors"\nfunc main() {\n'
        '\tcors.New(cors.Options{AllowedOrigins: []string{"https://a.example.com"}, ExposedHeaders: []string{"Link"}})\n'
        '}\nfunc h(w http.ResponseWriter) {\n\tw.Header().Set("X-Total-Count", "1")\n}\n')
    run = run_cli("check", "--extend-select", "COR503", "--fix", "--unsafe-fixes", "--no-cache", "main.go", cwd=tmp_path)
    assert run.returncode == 0, run.stdout.decode() + run.stderr.decode()
    assert 'ExposedHeaders: []string{"Link", "X-Total-Count"}' in (tmp_path / "main.go").read_text()


def test_escapes_in_go_and_rust_literals():
    from corslint.languages.source import unescape

    assert unescape(r'https://a.example.com\n') == "https://a.example.com\n"
    assert unescape(r"caf\u00e9 caf\u{e9} \x41") == "café café A"
    assert unescape(r"\xff") is None  # a raw byte: not guessed


def test_go_values_are_followed_through_names_blocks_env_helpers_and_durations():
    source = '''\
package main

import (
	"os"
	"strings"
	"time"

	"github.com/rs/cors"
)

var (
	origins = strings.Split(getEnv("CORS_ORIGINS", "https://app.example.com,null"), ",")
	maxAge  = int((30 * 24 * time.Hour).Seconds())
)

func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}

func main() {
	cors.New(cors.Options{AllowedOrigins: origins, MaxAge: maxAge})
}
'''
    result = check_sources([("main.go", source)])
    found = {f.code: f for f in result.findings}
    assert set(found) == {"COR105", "COR305"}, [f.message for f in result.findings]
    assert "(when CORS_ORIGINS is unset)" in found["COR105"].message
    assert found["COR105"].fix is None  # a default behind a condition is not rewritten
    assert "2592000" in found["COR305"].message


def test_an_unknown_go_value_is_never_a_finding():
    source = GO_SERVICE.replace('''AllowedOrigins: []string{
			"https://app.example.com/",
			"null",
		},''', 'AllowedOrigins: strings.Split(os.Getenv("ORIGINS"), ","),').replace("604800", "maxAge()")
    assert check_sources([("main.go", source)]).findings == []


def test_rust_vec_of_origins_and_a_reassigned_name():
    source = '''\
use actix_cors::Cors;

fn cors() -> Cors {
    let origins = vec!["https://app.example.com", "null"];
    let mut age = 999999;
    age = 600;
    Cors::default().allowed_origin(origins[0]).max_age(age)
}
'''
    # `origins[0]` is not followed, and `age` is assigned twice: nothing is guessed.
    assert check_sources([("src/main.rs", source)]).findings == []


def test_vendored_go_modules_and_cargo_target_folders_are_not_walked(tmp_path):
    from corslint.files.discover import ExcludeMatcher, discover

    for folder, marker in (("svc/vendor/github.com/rs/cors", None), ("svc/vendor", "modules.txt"),
                           ("rs/target/debug/build", None), ("rs/target", "CACHEDIR.TAG"),
                           ("docs/vendor", None)):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        if marker:
            (tmp_path / folder / marker).write_text("# generated\n")
    (tmp_path / "svc/vendor/github.com/rs/cors/cors.go").write_text("package cors\n")
    (tmp_path / "rs/target/debug/build/out.rs").write_text("// generated\n")
    (tmp_path / "docs/vendor/notes.py").write_text("# a folder named vendor without modules.txt\n")
    (tmp_path / "svc/main.go").write_text("package main\n")
    found = discover([str(tmp_path)], ExcludeMatcher([], str(tmp_path)))
    names = sorted(os.path.relpath(f.path, tmp_path) for f in found.files)
    assert names == ["docs/vendor/notes.py", "svc/main.go"]


def test_go_headers_behind_a_configuration_flag_are_not_taken_as_always_sent():
    """rs/cors's own handler: `*` under `if c.allowedOriginsAll`, credentials under
    `if c.allowCredentials`; nothing says both are on together."""
    source = '''\
package cors

import "net/http"

func (c *Cors) handle(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if !c.isOriginAllowed(r, origin) {
		return
	}
	headers := w.Header()
	headers.Add("Vary", "Origin")
	if c.allowedOriginsAll {
		headers.Set("Access-Control-Allow-Origin", "*")
	} else {
		headers.Set("Access-Control-Allow-Origin", origin)
	}
	if c.allowCredentials {
		headers.Set("Access-Control-Allow-Credentials", "true")
	}
}
'''
    assert [f.code for f in check_sources([("cors.go", source)]).findings] == []
    always = source.replace("\tif c.allowCredentials {\n\t\theaders.Set", "\t{\n\t\theaders.Set").replace(
        "\tif c.allowedOriginsAll {\n\t\theaders.Set(\"Access-Control-Allow-Origin\", \"*\")\n\t} else {\n", "\t{\n")
    # Without the flags: a checked echo with credentials and `Vary: Origin`, still clean;
    # without the check before it, the echo is reported.
    assert [f.code for f in check_sources([("cors.go", always)]).findings] == []
    unchecked = always.replace("\tif !c.isOriginAllowed(r, origin) {\n\t\treturn\n\t}\n", "")
    assert [f.code for f in check_sources([("cors.go", unchecked)]).findings] == ["COR102"]


def test_the_cli_prints_the_notice_once_and_keeps_the_exit_code(tmp_path, monkeypatch, capsys):
    import corslint.languages.analyse as analyse
    from corslint.cli import main

    monkeypatch.setattr(analyse, "missing_support", lambda language: "tree_sitter")
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.go").write_text(GO_SERVICE)
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["check", "--no-cache", "."])
    except SystemExit as exit:
        code = exit.code
    err = capsys.readouterr().err
    assert code == 0
    assert err.count("corslint: warning:") == 1 and "3 Go file(s) with CORS code" in err, err


@pytest.mark.parametrize("suffix", [".go", ".rs"])
def test_truncated_and_damaged_files_never_crash_the_run(suffix):
    """Every prefix of every Go or Rust fixture file (and the same with bytes swapped in):
    a finding, a syntax error (COR001) or nothing, never an internal error."""
    paths = sorted(p for p in TESTDATA.rglob(f"*{suffix}"))
    assert paths
    sources = []
    for path in paths:
        text = path.read_text()
        step = max(1, len(text) // 25)
        sources += [text[:cut] for cut in range(0, len(text), step)]
        sources += [text.replace("(", ")", 1), text.replace('"', "`", 3), text.replace("{", "", 1)]
    name = "main.go" if suffix == ".go" else "src/main.rs"
    for index, source in enumerate(sources):
        result = check_sources([(name, "// cors\n" + source)])
        assert not result.errors, (index, result.errors)


def test_a_preset_that_allows_every_origin_and_credentials_is_named_once():
    """`CorsLayer::very_permissive()` turns on both: the message names it once, not "allows
    every origin, and with CorsLayer::very_permissive() ...". Separate options keep naming both."""
    preset = "use tower_http::cors::CorsLayer;\n\nfn cors() -> CorsLayer {\n    CorsLayer::very_permissive()\n}\n"
    go = GO_SERVICE.replace('"https://app.example.com/",\n\t\t\t"null",', '"*",').replace(
        "MaxAge: 604800,", "AllowCredentials: true,")
    result = check_sources([("src/main.rs", preset), ("main.go", go)])
    messages = {f.path: f.message for f in result.findings if f.code == "COR101"}
    assert messages["src/main.rs"].startswith(
        "CorsLayer::very_permissive() allows every origin and credentials: tower-http's CorsLayer echoes "), messages
    assert messages["src/main.rs"].count("very_permissive") == 1
    assert "together with credentials" in messages["main.go"], messages


RUST_WITH_UNIT_TESTS = '''\
use tower_http::cors::{Any, CorsLayer};

pub fn cors() -> CorsLayer {
    CorsLayer::new().allow_origin(Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> CorsLayer {
        CorsLayer::very_permissive()
    }

    #[tokio::test]
    async fn preflight_is_answered() {
        let layer = CorsLayer::permissive();
    }
}

#[cfg(not(test))]
fn production() -> CorsLayer {
    CorsLayer::permissive()
}

#[test]
fn a_lone_test() {
    let layer = CorsLayer::new().allow_origin(Any).allow_credentials(true);
}

#[cfg(all(test, feature = "slow"))]
fn slow_helper() -> CorsLayer {
    CorsLayer::permissive()
}
'''


def test_rust_unit_tests_inside_a_service_file_are_left_out():
    """`#[cfg(test)]` items and `#[test]`-family functions are compiled only for `cargo
    test`, and no path glob can tell them from the service beside them: left out. The
    service's own policies (and `#[cfg(not(test))]` code) are checked as ever."""
    result = check_sources([("src/main.rs", RUST_WITH_UNIT_TESTS)])
    assert codes(result) == [("src/main.rs", 4, "COR104"), ("src/main.rs", 23, "COR104")]


def test_rust_test_targets_and_go_test_files_are_checked_like_python_test_files():
    """A crate's `tests/` files and Go's `_test.go` files are test files of their own, as
    Python's are: checked, and left out with the configuration's globs when not wanted."""
    result = check_sources([("tests/cors.rs", RUST_WITH_UNIT_TESTS), ("main_test.go", GO_SERVICE)])
    assert [(path, code) for path, _, code in codes(result)] == [
        ("main_test.go", "COR302"), ("main_test.go", "COR105"), ("main_test.go", "COR305"),
        ("tests/cors.rs", "COR104"), ("tests/cors.rs", "COR101"), ("tests/cors.rs", "COR104"),
        ("tests/cors.rs", "COR104"), ("tests/cors.rs", "COR101"), ("tests/cors.rs", "COR104")]


def test_the_documented_globs_leave_go_and_rust_test_files_out(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "cors.rs").write_text(RUST_WITH_UNIT_TESTS)
    (tmp_path / "main_test.go").write_text(GO_SERVICE)
    (tmp_path / "pyproject.toml").write_text('[tool.corslint]\nextend-exclude = ["*_test.go", "tests/"]\n')
    result = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0 and b"COR" not in result.stdout, result.stdout


def test_a_file_that_is_all_test_code():
    source = "#![cfg(test)]\nuse tower_http::cors::CorsLayer;\n\nfn open() -> CorsLayer {\n    CorsLayer::permissive()\n}\n"
    assert check_sources([("src/support.rs", source)]).findings == []


def test_cor503_takes_no_evidence_from_go_or_rust_test_code():
    service = GO_SERVICE.replace("MaxAge: 604800,", 'MaxAge: 600, ExposedHeaders: []string{"X-Request-Id"},')
    handler = ('package main\n\nimport "net/http"\n\nfunc list(w http.ResponseWriter, r *http.Request) {\n'
               '\tw.Header().Set("X-Total-Count", "3")\n}\n')
    served = check_sources([("go.mod", "module shop\n"), ("main.go", service), ("list.go", handler)],
                           selected={"COR503"})
    assert [(f.path, f.code) for f in served.findings] == [("list.go", "COR503")]
    tested = check_sources([("go.mod", "module shop\n"), ("main.go", service), ("list_test.go", handler)],
                           selected={"COR503"})
    assert tested.findings == []
    rust = ('use axum::http::HeaderMap;\nuse tower_http::cors::CorsLayer;\n\n'
            'fn cors() -> CorsLayer {\n    CorsLayer::new().allow_origin(HeaderValue::from_static("https://a.example.com"))'
            '\n}\n\n'
            '#[cfg(test)]\nmod tests {\n    #[test]\n    fn sets() {\n        let mut response = Response::new(Body::empty());\n'
            '        response.headers_mut().insert("x-total-count", HeaderValue::from_static("3"));\n    }\n}\n')
    assert check_sources([("Cargo.toml", "[package]\nname = 'shop'\n"), ("src/main.rs", rust)],
                         selected={"COR503"}).findings == []
    unit_test_free = rust.replace("#[cfg(test)]\nmod tests {\n    #[test]\n", "mod handlers {\n")
    assert [f.code for f in check_sources([("Cargo.toml", "[package]\nname = 'shop'\n"),
                                           ("src/main.rs", unit_test_free)], selected={"COR503"}).findings] == ["COR503"]


def test_cor503_takes_no_evidence_from_rust_unit_tests_in_a_file_without_cors_code():
    cors = ('use tower_http::cors::CorsLayer;\n\nfn cors() -> CorsLayer {\n'
            '    CorsLayer::new().allow_origin(HeaderValue::from_static("https://a.example.com"))\n}\n')
    handlers = ('async fn list() -> Response {\n    let mut response = Response::new(Body::empty());\n'
                '    response.headers_mut().insert("x-total-count", HeaderValue::from_static("3"));\n    response\n}\n')
    tested = '#[cfg(test)]\nmod tests {\n    #[test]\n    fn sets() {\n' + handlers.replace("async fn list", "fn list") + '    }\n}\n'
    cargo = ("Cargo.toml", "[package]\nname = 'shop'\n")
    served = check_sources([cargo, ("src/main.rs", cors), ("src/handlers.rs", handlers)], selected={"COR503"})
    assert [(f.path, f.code) for f in served.findings] == [("src/handlers.rs", "COR503")]
    assert check_sources([cargo, ("src/main.rs", cors), ("src/handlers.rs", tested)],
                         selected={"COR503"}).findings == []


def test_cor109_names_the_setting_as_each_language_writes_it():
    go = GO_SERVICE.replace('"null",', "").replace("MaxAge: 604800,", "AllowPrivateNetwork: true,")
    rust = ("use actix_cors::Cors;\n\nfn cors() -> Cors {\n"
            '    Cors::default().allowed_origin("https://app.example.com").allow_private_network_access()\n}\n')
    found = {f.path: f.message for f in check_sources([("main.go", go), ("src/main.rs", rust)], selected={"COR109"}).findings}
    assert found["main.go"].startswith("AllowPrivateNetwork: true answers Private Network Access preflights"), found
    assert found["src/main.rs"].startswith("allow_private_network_access() answers Private Network Access"), found


def test_a_wrapper_of_the_same_name_passes_a_preset_on():
    """rs/cors's gin wrapper (`func AllowAll() gin.HandlerFunc { ... cors.AllowAll() ... }`)
    and tower-http's `Cors::permissive(inner)`: the preset is chosen where the wrapper is
    called. The same preset in a function of another name, or changed by a builder call,
    is the service's own choice and still reported."""
    go = ('package wrapper\n\nimport "github.com/rs/cors"\n\n'
          'func AllowAll() *cors.Cors {\n\treturn cors.AllowAll()\n}\n\n'
          'func Open() *cors.Cors {\n\treturn cors.AllowAll()\n}\n')
    rust = ('use tower_http::cors::CorsLayer;\n\n'
            'pub fn permissive(inner: S) -> Cors<S> {\n    Cors { inner, layer: CorsLayer::permissive() }\n}\n\n'
            'pub fn very_permissive() -> CorsLayer {\n    CorsLayer::very_permissive().max_age(Duration::from_secs(60))\n}\n\n'
            'fn api() -> CorsLayer {\n    CorsLayer::permissive()\n}\n')
    result = check_sources([("wrapper.go", go), ("src/lib.rs", rust)])
    reported = sorted({(path, line) for path, line, _ in codes(result)})
    assert reported == [("src/lib.rs", 8), ("src/lib.rs", 12), ("wrapper.go", 10)], codes(result)
