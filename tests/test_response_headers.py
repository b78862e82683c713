"""The response-header collector (COR503's facts), read with CPython's parser: which writes
count as a response's custom headers, and where each is reported."""
from __future__ import annotations

import textwrap

from corslint.facts.response_headers import collect


def headers(source: str, path: str = "views.py"):
    found = collect(textwrap.dedent(source), path)
    assert found is not None
    return [(h.name, h.span.start_line, h.span.start_col, h.function, h.how) for h in found]


def names(source: str):
    return sorted(name for name, *_ in headers(source))


def cor503_reports(root) -> list:
    """`corslint check` in ``root`` with a cache there: (where, header) of each COR503."""
    import contextlib
    import io

    from corslint.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--extend-select", "COR503", "--output-format", "concise", "--cache-dir", str(root / "cache"), str(root)])
    return sorted((line.split(" COR503 ")[0].rstrip(":").replace(str(root) + "/", ""), line.split("'")[1])
                  for line in out.getvalue().splitlines() if " COR503 " in line)


def test_subscript_and_setter_writes_on_a_response():
    assert headers("""
        def export(request):
            response = HttpResponse()
            response["Content-Disposition"] = "attachment"
            response.headers.setdefault("X-Total-Count", "3")
            return response
    """) == [("Content-Disposition", 4, 4, "views.py:export", "set"),
             ("X-Total-Count", 5, 4, "views.py:export", "setdefault")]


def test_tornado_set_header_counts_on_a_handler():
    assert headers("""
        class Handler:
            def get(self):
                self.set_header("X-Export-Rows", "1")
                self.add_header("Link", "</next>")
    """) == [("X-Export-Rows", 4, 8, "views.py:Handler.get", "set"),
             ("Link", 5, 8, "views.py:Handler.get", "add")]


def test_tornado_handlers_by_base_by_module_and_by_name():
    assert names("""
        import tornado.web

        class Export(BaseView):
            def get(self):
                self.set_header("X-Export-Rows", "1")
    """) == ["X-Export-Rows"]
    assert names("""
        class Export(BaseHandler):
            def get(self):
                self.add_header("Link", "</next>")

        def paginate(handler, total):
            handler.set_header("X-Total-Count", str(total))
    """) == ["Link", "X-Total-Count"]


def test_set_header_and_add_header_of_mail_and_outgoing_requests_are_not_response_headers():
    """prefect's email integration: `MIMEBase.add_header` writes a mail part's header."""
    assert names("""
        from email.mime.base import MIMEBase
        from email.message import EmailMessage
        from urllib.request import Request

        def attach(message, data, cid):
            part = MIMEBase("application", "octet-stream")
            part.add_header("Content-Disposition", "attachment")
            img.add_header("Content-ID", f"<{cid}>")
            request = Request(url)
            request.add_header("X-Api-Key", key)
            headers.add_header("X-Trace", "1")

        class Receipt(EmailMessage):
            def sign(self):
                self.add_header("X-Signature", "1")
    """) == []


def test_header_contexts_make_dict_keys_and_pairs_count():
    assert names("""
        def view():
            a = JSONResponse({}, headers={"X-Page": "1"})
            response_headers = {"X-Request-Id": rid}
            response.headers.update({"X-Rate": "2"})
            message = {"type": "http.response.start", "headers": [(b"x-trace", b"1")]}
            abort(429, headers={"Retry-After": "30"})
    """) == ["Retry-After", "X-Page", "X-Rate", "X-Request-Id", "x-trace"]


def test_data_and_outgoing_requests_are_not_response_headers():
    assert names("""
        def notify():
            context = {"link": url, "x-id": 3}
            requests.get(url, headers={"X-Api-Key": key})
            session.headers["X-Client"] = "corslint"
            headers = {"X-Token": token}
            pair = ("X-Page", 1)
            send_mail(template, {"Link": url})
            if "X-Forwarded-For" in request.headers:
                pass
    """) == []


def test_headers_browsers_or_proxies_use_are_not_custom():
    assert names("""
        def view(response):
            response["X-Frame-Options"] = "DENY"
            response["X-Accel-Buffering"] = "no"
            response["Cache-Control"] = "no-store"
            response["X-Forwarded-Proto"] = "https"
            response["X-Total-Count"] = "1"
    """) == ["X-Total-Count"]


def test_names_bound_once_to_a_literal_are_followed():
    assert names("""
        TOTAL = "X-Total-Count"
        class Names:
            PAGE = "X-Page"
        PREFIX = "X-" + "Request-Id"
        AGAIN = "X-One"
        AGAIN = "X-Two"

        def view(response):
            response[TOTAL] = "1"
            response.headers[Names.PAGE] = "2"
            response[AGAIN] = "3"
            response["X-Trace-" + "Id"] = "4"
    """) == ["X-Page", "X-Total-Count", "X-Trace-Id"]


def test_a_routes_documented_headers_belong_to_the_route():
    assert headers("""
        @router.get("/items", responses={200: {"headers": {"X-Total-Count": {"description": "n"}}}})
        def list_items():
            return []
    """, "api/items.py") == [("X-Total-Count", 2, 51, "api/items.py:list_items", "documented")]


def test_module_level_and_nested_statements_and_lambdas():
    assert headers("""
        response.headers["X-Module"] = "1"
        def outer():
            if ready:
                for item in items:
                    response["X-Loop"] = item
            callback = lambda: response.__setitem__("X-Lambda", "1")
    """) == [("X-Module", 2, 0, "views.py:<module>", "set"), ("X-Loop", 6, 12, "views.py:outer", "set")]


def test_columns_count_characters_not_utf8_bytes():
    assert headers("""
        def view(response):
            é = "à"; response["X-Total"] = "1"
    """) == [("X-Total", 3, 13, "views.py:view", "set")]


def test_syntax_errors_and_pathological_nesting_are_no_headers():
    assert collect("def f(:\n    pass\n", "broken.py") is None
    deep = "x = " + "a." * 5000 + "b\nresponse['X-Deep'] = 1\n"
    assert [h.name for h in collect(deep, "deep.py") or []] in ([], ["X-Deep"])


def test_lines_end_as_cpython_ends_them():
    source = 'def view(response):\r    x = 1\r    response["X-Total"] = "1"\r'
    assert [(h.name, h.span.start_line, h.span.start_col) for h in collect(source, "v.py")] == [("X-Total", 3, 4)]
    crlf = source.replace("\r", "\r\n")
    assert [(h.name, h.span.start_line) for h in collect(crlf, "v.py")] == [("X-Total", 3)]


def test_noqa_and_the_excerpt_work_in_a_module_read_only_for_its_headers(tmp_path, monkeypatch):
    from corslint.cli import main

    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'],\n"
        "                   expose_headers=['X-Request-ID'])\n")
    (tmp_path / "views.py").write_text(
        "def items(response):\n    response.headers['X-Total-Count'] = '1'  # noqa: COR503\n"
        "    response.headers['X-Page'] = '2'\n    return []\n")
    monkeypatch.chdir(tmp_path)
    import io
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--extend-select", "COR503", "--no-cache", "--output-format", "full", "."])
    text = out.getvalue()
    assert code == 1 and "views.py:2:" not in text  # X-Total-Count: suppressed by its noqa
    assert " --> views.py:3:5" in text and "  |     ^^^^" in text  # X-Page, with its excerpt


def test_names_are_looked_up_scope_by_scope():
    assert names("""
        def a(response):
            header = "X-Page"
            response[header] = "1"

        def b(response):
            header = "X-Total-Count"
            response[header] = "2"

        class View:
            NAME = "X-Trace-Id"

            def get(self, response):
                response.headers[self.NAME] = "3"
    """) == ["X-Page", "X-Total-Count", "X-Trace-Id"]


def test_constants_imported_from_other_modules_are_followed(tmp_path, monkeypatch):
    """`from .names import TOTAL`, `names.TOTAL`, `import pkg.names`, and a re-export, read
    with the engine's reader; the cache entry depends on the module the name came from."""
    package = tmp_path / "api"
    package.mkdir()
    (package / "__init__.py").write_text("from .names import TRACE\n")
    (package / "names.py").write_text("TOTAL = 'X-Total-Count'\nPAGE = 'X-Page'\nTRACE = 'X-Trace-Id'\n")
    (package / "main.py").write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'],\n"
        "                   expose_headers=['X-Request-ID'])\n")
    (package / "views.py").write_text(
        "import api.names\nfrom api import TRACE\nfrom . import names\nfrom .names import TOTAL\n\n\n"
        "def items(response):\n    response.headers[TOTAL] = '1'\n    response.headers[names.PAGE] = '2'\n"
        "    response.headers[api.names.PAGE] = '3'\n    response.headers[TRACE] = '4'\n"
        "    response.headers['X-Request-ID'] = '5'  # a quoted name keeps the module for COR503\n    return []\n")
    monkeypatch.chdir(tmp_path)
    expected = [("api/views.py:11:5", "X-Trace-Id"), ("api/views.py:8:5", "X-Total-Count"),
                ("api/views.py:9:5", "X-Page")]
    assert cor503_reports(tmp_path) == expected
    assert cor503_reports(tmp_path) == expected  # from the cache
    (package / "names.py").write_text("TOTAL = 'X-Total'\nPAGE = 'X-Page'\nTRACE = 'X-Trace-Id'\n")
    assert cor503_reports(tmp_path) == [("api/views.py:11:5", "X-Trace-Id"), ("api/views.py:8:5", "X-Total"),
                                        ("api/views.py:9:5", "X-Page")]


def test_python_scoping_rules_decide_what_a_name_holds():
    source = """
        header = "X-Module"
        h = "X-Module-H"
        H = "X-Total-Count"

        @router.get("/a")
        def handler(response):
            header = "X-Local-A"
            response[header] = "1"

        @router.post("/b")
        def handler(response):
            response[header] = "2"  # the module's: the other handler's local is not seen

        def pairs(items):
            return JSONResponse({}, headers={h: v for h, v in items})  # the comprehension's h

        def uses_global(response):
            global H
            response.headers[H] = "3"

        def deleted(response):
            D = "X-Deleted"
            del D
            response[D] = "4"

        def matched(response, message):
            match message:
                case {"name": header}:
                    response[header] = "5"  # the capture, not the module's
    """
    assert names(source) == ["X-Local-A", "X-Module", "X-Total-Count"]
    rebound = """
        H = "X-Total-Count"

        def configure():
            global H
            H = "X-Other"

        def view(response):
            response.headers[H] = "1"
    """
    assert names(rebound) == []  # bound twice in the module's scope: not a known name


def test_imports_find_packages_before_modules(tmp_path):
    """`from . import X` in pkg/views.py reads pkg/__init__.py, not a pkg.py beside the
    folder; a package wins over a module of the same name, as in Python."""
    from corslint.facts.response_headers import ImportedConstants

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("TOTAL = 'X-Init'\n")
    (tmp_path / "pkg.py").write_text("TOTAL = 'X-Sibling'\n")
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "__init__.py").write_text("PAGE = 'X-Package'\n")
    (tmp_path / "names.py").write_text("PAGE = 'X-Module'\n")
    views = tmp_path / "pkg" / "views.py"
    views.write_text("from . import TOTAL\nfrom names import PAGE\n\n\ndef v(response):\n"
                     "    response['X-A'] = '1'\n    response[TOTAL] = '2'\n    response[PAGE] = '3'\n")
    reader = ImportedConstants([str(tmp_path)], {}).reader(str(views), {})
    assert sorted(h.name for h in collect(views.read_text(), "pkg/views.py", reader)) == \
        ["X-A", "X-Init", "X-Package"]


def test_a_cached_header_name_follows_a_change_of_import_root(tmp_path, monkeypatch):
    """Adding api/__init__.py changes where `from consts import TOTAL` in api/views.py looks
    (the import root moves up): the cached headers must not be replayed."""
    (tmp_path / "consts.py").write_text("TOTAL = 'X-Root'\n")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "consts.py").write_text("TOTAL = 'X-Api'\n")
    (tmp_path / "api" / "main.py").write_text(
        "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp = FastAPI()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'], expose_headers=['X-B'])\n")
    (tmp_path / "api" / "views.py").write_text(
        "from consts import TOTAL\n\n\ndef v(response):\n    response.headers['X-B'] = '1'\n"
        "    response.headers[TOTAL] = '2'\n")
    monkeypatch.chdir(tmp_path)

    def reported():
        return [header for _where, header in cor503_reports(tmp_path)]

    assert reported() == ["X-Api"]
    (tmp_path / "api" / "__init__.py").write_text("")
    assert reported() == ["X-Root"]
    (tmp_path / "api" / "__init__.py").unlink()
    assert reported() == ["X-Api"]


def test_the_message_points_at_the_expose_list_where_it_is_written(tmp_path):
    """A Django settings module's first CORS-related name (INSTALLED_APPS) may be far above
    CORS_EXPOSE_HEADERS: the message names the line of the list to change."""
    from tests.helpers import run_cli

    (tmp_path / "requirements.txt").write_text("django-cors-headers\n")
    (tmp_path / "settings.py").write_text(
        'INSTALLED_APPS = ["corsheaders"]\n' + "DEBUG = False\n" * 3
        + 'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_EXPOSE_HEADERS = ["Content-Disposition"]\n')
    (tmp_path / "views.py").write_text(
        "def export(request, response):\n    response['X-Api-Version'] = '2'\n    return response\n")
    out = run_cli("check", "--no-cache", "--extend-select", "COR503", "--output-format", "concise", ".", cwd=tmp_path).stdout.decode()
    assert "'X-Api-Version' is set here but Django settings (settings.py:6) does not list it in CORS_EXPOSE_HEADERS," \
        in out, out


def test_cor503_names_every_policy_the_header_is_served_under(tmp_path):
    """Two policies cover the header's module: both are named (the one declared beside the
    header first), not only the first in input order, and no fix picks one of them."""
    import contextlib
    import io

    from corslint.cli import main

    (tmp_path / "legacy.py").write_text(textwrap.dedent("""
        from flask import Flask
        from flask_cors import CORS

        legacy = Flask(__name__)
        CORS(legacy, origins=["https://old.example.com"])
    """))
    (tmp_path / "main.py").write_text(textwrap.dedent("""
        from fastapi import FastAPI, Response
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], expose_headers=["X-Request-ID"])


        @app.get("/items")
        def items(response: Response) -> list:
            response.headers["X-Total-Count"] = "0"
            return []
    """))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--no-cache", "--select", "COR503", "--output-format", "concise", str(tmp_path)])
    (line,) = [line.replace(f"{tmp_path}/", "") for line in out.getvalue().splitlines() if " COR503 " in line]
    assert line == (
        "main.py:11:5: COR503 'X-Total-Count' is set here but none of the 2 CORS policies of this application "
        "exposes it: CORSMiddleware (main.py:6) does not list it in expose_headers; CORS(legacy) (legacy.py:6) does "
        "not list it in expose_headers (not set); so JavaScript on other origins cannot read it "
        "(`headers.get('X-Total-Count')` returns null); add 'X-Total-Count' to the expose list of each policy "
        "that serves it."), line


def test_send_header_counts_in_http_server_handlers_only():
    assert names("""
        import http.server as hs
        from http.server import BaseHTTPRequestHandler as Base

        class Api(Base):
            def do_GET(self):
                self.send_header("X-Total-Count", "3")

        class Files(hs.SimpleHTTPRequestHandler):
            def end_headers(self):
                self.send_header("X-Request-Id", "r")
                super().end_headers()

        class Derived(Api):
            def do_POST(self):
                self.send_header("Link", "<next>")

        class Mailer:
            def send(self):
                self.send_header("X-Mailer", "m")

        def outside(handler):
            handler.send_header("X-Outside", "o")
    """) == ["Link", "X-Request-Id", "X-Total-Count"]


def test_send_header_counts_in_xmlrpc_server_handlers():
    """xmlrpc.server's SimpleXMLRPCRequestHandler is an http.server handler: its
    `send_header` writes a response header, also through defusedxml's re-export."""
    assert names("""
        from defusedxml import xmlrpc
        from xmlrpc.server import SimpleXMLRPCRequestHandler as Rpc
        from xmlrpc.client import Transport

        class Hardened(xmlrpc.xmlrpc_server.SimpleXMLRPCRequestHandler):
            def end_headers(self):
                self.send_header("X-Glances", "1")
                super().end_headers()

        class Plain(Rpc):
            def end_headers(self):
                self.send_header("X-Plain", "1")

        class NotAHandler(Transport):
            def send_headers(self, connection, headers):
                self.send_header("X-Client", "1")
    """) == ["X-Glances", "X-Plain"]
